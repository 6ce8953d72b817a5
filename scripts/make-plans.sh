#!/usr/bin/env bash
# Builds a folder of N plans (default 10,000) from the example plans, each with its own id and
# patient name, for benchmarks and for trying trichoplan at scale:
#     scripts/make-plans.sh /tmp/many-plans 10000
#     trichoplan --plans-dir /tmp/many-plans list | tail -3
# One awk process writes every file (no command line grows with N), and the umask makes each
# file 0600 and the folder 0700 as they are created, as trichoplan's own files are.
set -euo pipefail
dir=${1:?usage: make-plans.sh DIR [N]}
n=${2:-10000}
here=$(cd "$(dirname "$0")/.." && pwd)
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
awk -v n="$n" -v dir="$dir" '
    FNR == 1 { k++; id[k] = FILENAME; sub(/.*\//, "", id[k]); sub(/\.yaml$/, "", id[k]) }
    { lines[k, FNR] = $0; count[k] = FNR }
    END {
        for (i = 0; i < n; i++) {
            e = i % k + 1
            new = sprintf("%s-%05d", id[e], i)
            out = dir "/" new ".yaml"
            in_patient = 0
            for (l = 1; l <= count[e]; l++) {
                line = lines[e, l]
                if (line == "id: " id[e]) line = "id: " new
                if (line ~ /^patient:/) in_patient = 1
                else if (line ~ /^[^ ]/) in_patient = 0
                if (in_patient && line ~ /^  name: /) { line = line " " i; in_patient = 0 }
                print line > out
            }
            close(out)
        }
    }' "$here"/plans/*.yaml
echo "$n plans in $dir"
