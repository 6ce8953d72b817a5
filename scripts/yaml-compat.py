"""Reads the plans that tests/yaml_compat.rs saved (with YAML-1.1-looking text in every text
field) with PyYAML (YAML 1.1) and ruamel.yaml (YAML 1.2), and compares every value with what
trichoplan holds (the .json beside each file). Dates may be read as dates, and only in date
fields; every other value must have the same type and value. Exit 1 on any difference."""

import datetime
import json
import pathlib
import sys

import yaml
from ruamel.yaml import YAML

DATE_KEYS = {"created", "updated", "date", "onset", "trigger_date", "delivery", "birth_date",
             "planned", "start", "due", "done", "signed", "next", "at"}


def same(got, want, key, where, problems):
    if isinstance(got, datetime.datetime):
        if key not in DATE_KEYS:
            problems.append(f"{where}: a timestamp where text was saved: {want!r}")
            return
        got = got.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif isinstance(got, datetime.date):
        if key not in DATE_KEYS:
            problems.append(f"{where}: a date where text was saved: {want!r}")
            return
        got = got.isoformat()
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(map(str, got)) != set(want):
            problems.append(f"{where}: keys differ")
            return
        for k, v in got.items():
            same(v, want[str(k)], str(k), f"{where}.{k}", problems)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            problems.append(f"{where}: list differs")
            return
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, key, f"{where}[{i}]", problems)
    elif isinstance(want, bool) or isinstance(got, bool):
        if got is not want:
            problems.append(f"{where}: {got!r} read, {want!r} saved")
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        if not isinstance(got, (int, float)) or isinstance(got, bool) or got != want:
            problems.append(f"{where}: {got!r} read, {want!r} saved")
    elif type(got) is not type(want) or got != want:
        problems.append(f"{where}: {got!r} ({type(got).__name__}) read, {want!r} saved")


ruamel = YAML(typ="safe", pure=True)
folder = pathlib.Path(sys.argv[1])
files = sorted(folder.glob("*.yaml"))
if len(files) < 100:
    sys.exit(f"only {len(files)} plans in {folder}: run cargo test --test yaml_compat first")
failed = 0
for path in files:
    want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    for reader, load in (("PyYAML", lambda t: yaml.safe_load(t)), ("ruamel.yaml", ruamel.load)):
        problems = []
        same(load(text), want, "", path.name, problems)
        if problems:
            failed += 1
            print(f"FAIL {reader}: " + "; ".join(problems[:5]), file=sys.stderr)
print(f"{len(files)} plans read by PyYAML and ruamel.yaml: {failed} disagreements")
sys.exit(1 if failed else 0)
