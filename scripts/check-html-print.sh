#!/usr/bin/env bash
# Prints every example's HTML summaries to PDF with headless Chromium (CSS paged media) and
# checks, with pdftotext, that every page carries the patient's name, the date and
# "Page n / N" — so loose pages can never be mixed between patients.
# Usage: scripts/check-html-print.sh [path/to/trichoplan]   (needs chromium and poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/trichoplan}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "check-html-print: chromium is not installed" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
checked=0
for plan in plans/*.yaml; do
    id="$(basename "$plan" .yaml)"
    for audience in patient practitioner; do
        html="$work/$id-$audience.html"
        pdf="$work/$id-$audience.pdf"
        "$bin" print "$plan" --audience "$audience" --format html -o "$html" 2>/dev/null
        timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
            --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1
        pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
        name="$(awk '/^patient:/ {p = 1; next} p && /^  name:/ {sub(/^  name: /, ""); print; exit}' "$plan")"
        for ((p = 1; p <= pages; p++)); do
            text="$(pdftotext -f "$p" -l "$p" -layout "$pdf" - | tr -s ' ')"
            if ! grep -q "Page $p / $pages" <<<"$text"; then
                echo "check-html-print: $id $audience page $p has no 'Page $p / $pages'" >&2
                exit 1
            fi
            if ! grep -qF "$name" <<<"$text"; then
                echo "check-html-print: $id $audience page $p does not name $name" >&2
                exit 1
            fi
        done
        checked=$((checked + pages))
    done
done
echo "check-html-print: $checked pages checked, each with the patient and its page number"
