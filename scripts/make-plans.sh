#!/usr/bin/env bash
# Builds a folder of N plans (default 10,000) from the example plans, each with its own id and
# patient name, for benchmarks and for trying trichoplan at scale:
#     scripts/make-plans.sh /tmp/many-plans 10000
#     trichoplan --plans-dir /tmp/many-plans list | tail -3
set -euo pipefail
dir=${1:?usage: make-plans.sh DIR [N]}
n=${2:-10000}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
chmod 700 "$dir"
examples=("$here"/plans/*.yaml)
for ((i = 0; i < n; i++)); do
    src=${examples[i % ${#examples[@]}]}
    id=$(basename "$src" .yaml)
    new=$(printf '%s-%05d' "$id" "$i")
    # A new id (also the file name) and a numbered patient name.
    sed -e "s/^id: $id\$/id: $new/" \
        -e "/^patient:/,/^  name: /s/^\(  name: .*\)\$/\1 $i/" \
        "$src" > "$dir/$new.yaml"
done
chmod 600 "$dir"/*.yaml
echo "$n plans in $dir"
