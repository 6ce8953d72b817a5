#!/usr/bin/env bash
# The project's test command (README, "Set-up: two commands"): installs the few Debian tools
# the tests read documents with, if they are missing, then runs the whole suite.
#   - poppler-utils (pdftotext, pdfinfo, pdffonts) and qpdf read the PDFs back (tests/pdf.rs);
#   - fonts-droid-fallback gives a Chinese name a glyph to print with (tests/pdf.rs).
# Extra arguments go to `cargo test` (e.g. `scripts/test.sh --test rules`).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
[ -e /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need+=(fonts-droid-fallback)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
        echo "scripts/test.sh: install ${need[*]} (Debian packages), then run it again" >&2
        exit 1
    fi
    run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    run apt-get update -qq
    DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq "${need[@]}" >/dev/null
fi
cargo test --locked "$@"
