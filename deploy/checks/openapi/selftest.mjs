// The contract checks must be able to fail: a copy of docs/openapi.json with one defect per rule that matters to a
// departmental client is linted with redocly.yaml, and every expected rule must report (a rule that no longer fires,
// e.g. after a Redocly upgrade renamed it or a config edit switched it off, fails this test); a copy of
// docs/asyncapi.yaml with a dangling $ref must be rejected by validate-asyncapi.mjs.
//
//   node selftest.mjs ../../../docs/openapi.json ../../../docs/asyncapi.yaml
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [openapiFile, asyncapiFile] = process.argv.slice(2);
if (!openapiFile || !asyncapiFile) {
  console.error('usage: node selftest.mjs <openapi.json> <asyncapi.yaml>');
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), 'fjq-contract-selftest-'));
let failed = 0;
try {
  const doc = JSON.parse(await readFile(openapiFile, 'utf8'));
  const expected = new Set();
  const unit = doc.paths['/api/v1/units/{code}'].get;
  // an error answer as plain JSON instead of problem+json
  unit.responses['404'].content = { 'application/json': unit.responses['404'].content['application/problem+json'] };
  expected.add('rule/error-answers-are-problem-json');
  // an error answer without a body
  delete unit.responses['400'].content;
  expected.add('rule/error-answers-have-a-body');
  // an operation without summary; another without description; another without operationId
  delete unit.summary;
  expected.add('operation-summary');
  delete doc.paths['/api/v1/units'].get.description;
  expected.add('operation-description');
  delete doc.paths['/api/v1/units'].post.operationId;
  expected.add('operation-operationId');
  // an operation without any 2xx answer (recommended: operation-2xx-response)
  const register = doc.paths['/api/v1/units'].post.responses;
  for (const code of Object.keys(register)) {
    if (code.startsWith('2')) delete register[code];
  }
  expected.add('operation-2xx-response');
  // an example that does not match its schema (a unit's code as a number, and a field the schema does not name)
  const examples = unit.responses['200'].content['application/json'].examples;
  const first = Object.values(examples)[0];
  first.value = { ...first.value, code: 42, undeclared: true };
  expected.add('no-invalid-media-type-examples');
  // a schema nobody uses (recommended: no-unused-components)
  doc.components.schemas.NobodyUsesThis = { type: 'object', properties: { a: { type: 'string' } } };
  expected.add('no-unused-components');
  // no servers (recommended: no-empty-servers)
  delete doc.servers;
  expected.add('no-empty-servers');

  const broken = join(dir, 'openapi.json');
  await writeFile(broken, JSON.stringify(doc, null, 2));
  let out;
  try {
    out = execFileSync(join(here, 'node_modules', '.bin', 'redocly'),
      ['lint', broken, '--config', join(here, 'redocly.yaml'), '--format=json', '--max-problems', '1000'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    console.log('FAIL selftest: the broken copy of the OpenAPI document passed the lint');
    failed++;
  } catch (e) {
    out = e.stdout;
  }
  const reported = new Set((JSON.parse(out).problems ?? []).map(p => p.ruleId));
  for (const rule of expected) {
    if (reported.has(rule)) {
      console.log(`ok   selftest: ${rule} rejects its defect`);
    } else {
      console.log(`FAIL selftest: ${rule} did not report its defect (reported: ${[...reported].join(', ')})`);
      failed++;
    }
  }

  const asyncapi = (await readFile(asyncapiFile, 'utf8'))
    .replace("{$ref: '#/components/messages/UnitRegistered'}", "{$ref: '#/components/messages/NoSuchMessage'}");
  const brokenAsync = join(dir, 'asyncapi.yaml');
  await writeFile(brokenAsync, asyncapi);
  try {
    execFileSync(process.execPath, [join(here, 'validate-asyncapi.mjs'), brokenAsync], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    console.log('FAIL selftest: an AsyncAPI document with a dangling $ref passed validate-asyncapi.mjs');
    failed++;
  } catch (e) {
    if (e.status === 1 && /FAIL/.test(e.stdout)) {
      console.log('ok   selftest: validate-asyncapi.mjs rejects a dangling $ref');
    } else {
      console.log(`FAIL selftest: validate-asyncapi.mjs failed otherwise (exit ${e.status}): ${e.stderr || e.stdout}`);
      failed++;
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
