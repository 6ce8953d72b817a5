"""Validates FHIR R4 bundles with the Python `fhir.resources` models (R4B, pydantic), then
checks by hand what the models do not: the required value sets of the statuses trichoplan
writes, transaction requests, and that every reference in the bundle resolves to an entry's
fullUrl. Usage: python validate.py BUNDLE.json...   Exit 1 on any error."""

import json
import re
import sys

from fhir.resources.R4B.bundle import Bundle

# Required bindings (FHIR R4 value sets).
VALUE_SETS = {
    ("CarePlan", "status"): {"draft", "active", "on-hold", "revoked", "completed",
                             "entered-in-error", "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Observation", "status"): {"registered", "preliminary", "final", "amended", "corrected",
                                "cancelled", "entered-in-error", "unknown"},
    ("Goal", "lifecycleStatus"): {"proposed", "planned", "accepted", "active", "on-hold",
                                  "completed", "cancelled", "entered-in-error", "rejected"},
    ("Procedure", "status"): {"preparation", "in-progress", "not-done", "on-hold", "stopped",
                              "completed", "entered-in-error", "unknown"},
    ("Consent", "status"): {"draft", "proposed", "active", "rejected", "inactive",
                            "entered-in-error"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
}
DETAIL_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled",
                 "stopped", "unknown", "entered-in-error"}
UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def references(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "reference" and isinstance(v, str):
                yield v
            else:
                yield from references(v)
    elif isinstance(node, list):
        for v in node:
            yield from references(v)


def hand_checks(bundle):
    problems = []
    if bundle.get("type") != "transaction":
        problems.append("Bundle.type is not transaction")
    urls = [e.get("fullUrl") for e in bundle.get("entry", [])]
    if len(set(urls)) != len(urls):
        problems.append("two entries share a fullUrl")
    for i, e in enumerate(bundle.get("entry", [])):
        r = e["resource"]
        kind = r["resourceType"]
        if not UUID.match(e.get("fullUrl", "")):
            problems.append(f"entry[{i}].fullUrl {e.get('fullUrl')!r} is not a urn:uuid")
        ident = (r.get("identifier") or [{}])[0]
        want = f"{kind}?identifier={ident.get('system')}|{ident.get('value')}"
        req = e.get("request", {})
        if req.get("method") != "PUT" or req.get("url") != want:
            problems.append(f"entry[{i}].request is not a conditional update on its identifier")
        for (rk, field), allowed in VALUE_SETS.items():
            if rk == kind and field in r and r[field] not in allowed:
                problems.append(f"{kind}.{field} {r[field]!r} is not in its value set")
        if kind == "CarePlan":
            for j, a in enumerate(r.get("activity", [])):
                s = a.get("detail", {}).get("status")
                if s not in DETAIL_STATUS:
                    problems.append(f"CarePlan.activity[{j}].detail.status {s!r}")
    known = set(urls)
    for ref in references(bundle):
        if ref not in known:
            problems.append(f"reference {ref} resolves to no entry of the bundle")
    return problems


failed = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    data = json.loads(raw)
    problems = []
    try:
        Bundle.model_validate_json(raw)
    except Exception as e:  # pydantic.ValidationError, with every error listed
        problems.append(f"fhir.resources (R4B): {e}")
    problems += hand_checks(data)
    if problems:
        failed += 1
        print(f"FAIL {path}", file=sys.stderr)
        for p in problems[:50]:
            print(f"  {p}", file=sys.stderr)
    else:
        print(f"ok (fhir.resources R4B, value sets, references): {path} "
              f"({len(data['entry'])} resources)")
sys.exit(1 if failed else 0)
