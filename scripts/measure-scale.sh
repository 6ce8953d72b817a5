#!/usr/bin/env bash
# Measures trichoplan at scale as whole processes, side by side with `cat` of the same files
# in the same run: list (warm index), agenda (warm index), validate of every file, and a cold
# index build, with the peak memory of each (GNU time).
#     cargo build --release
#     scripts/measure-scale.sh 1000 10000 50000
# Each figure is the median of 5 runs after one warm-up; the page cache is warm throughout.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${TRICHOPLAN:-$here/target/release/trichoplan}
runs=5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median_ms CMD...: the median wall time of $runs runs, in milliseconds.
median_ms() {
    local times=() t0 t1
    "$@" >/dev/null 2>&1 || true
    for ((r = 0; r < runs; r++)); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$((runs / 2 + 1))p"
}
# peak_mb CMD...: the peak resident memory of one run, in MB.
peak_mb() {
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'
}

cat_all() { find "$dir" -maxdepth 1 -name '*.yaml' -print0 | xargs -0 cat; }
list() { "$bin" --plans-dir "$dir" list; }
agenda() { "$bin" --plans-dir "$dir" agenda --from 2026-11-26 --days 7; }
validate() { find "$dir" -maxdepth 1 -name '*.yaml' -print0 | xargs -0 "$bin" validate; }
cold() { rm -f "$dir/.index.json"; "$bin" --plans-dir "$dir" list; }

printf '%-8s %8s %14s %14s %14s %14s  %s\n' plans "cat ms" "list ms (×cat)" "agenda (×cat)" "validate(×cat)" "cold idx ms" "peak MB list/agenda/validate"
for n in "${@:-1000 10000}"; do
    dir=$work/plans-$n
    bash "$here/scripts/make-plans.sh" "$dir" "$n" >/dev/null
    c=$(median_ms cat_all)
    l=$(median_ms list)
    a=$(median_ms agenda)
    v=$(median_ms validate)
    k=$(median_ms cold)
    list >/dev/null
    ratio() { awk -v a="$1" -v b="$c" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
    printf '%-8s %8s %8s (%4s) %8s (%4s) %8s (%4s) %14s  %s/%s/%s\n' "$n" "$c" "$l" "$(ratio "$l")" \
        "$a" "$(ratio "$a")" "$v" "$(ratio "$v")" "$k" \
        "$(peak_mb "$bin" --plans-dir "$dir" list)" \
        "$(peak_mb "$bin" --plans-dir "$dir" agenda --from 2026-11-26 --days 7)" \
        "$(peak_mb bash -c "find '$dir' -maxdepth 1 -name '*.yaml' -print0 | xargs -0 '$bin' validate")"
    rm -rf "$dir"
done
