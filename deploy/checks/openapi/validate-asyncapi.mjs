// Parses and validates an AsyncAPI document with @asyncapi/parser (the AsyncAPI Initiative's own parser: the
// specification's JSON Schemas from @asyncapi/specs, bundled, plus its Spectral ruleset). Prints every diagnostic;
// exits 1 on any error or warning that is not listed in ALLOWED with its reason, 0 otherwise. Local files only:
// the document has no remote $ref, and remote resolution is switched off so nothing is fetched at run time.
//
//   node validate-asyncapi.mjs ../../../docs/asyncapi.yaml
import { readFile } from 'node:fs/promises';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

// Warnings accepted on purpose: rule code -> why. Every entry needs its reason.
const ALLOWED = {
};

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate-asyncapi.mjs <asyncapi.yaml>');
  process.exit(2);
}
const source = await readFile(file, 'utf8');
const parser = new Parser({ __unstable: { resolver: { resolvers: [] } } });
const { document, diagnostics } = await parser.parse(source, { source: file, validateOptions: { allowedSeverity: { warning: true, info: true, hint: true } } });
const names = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };
let failures = 0;
for (const d of diagnostics) {
  const where = d.path && d.path.length ? d.path.join('.') : '(document)';
  const line = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '';
  const severity = names[d.severity] ?? String(d.severity);
  const blocking = d.severity === DiagnosticSeverity.Error || (d.severity === DiagnosticSeverity.Warning && !(d.code in ALLOWED));
  if (blocking) {
    failures++;
  }
  const note = d.severity === DiagnosticSeverity.Warning && d.code in ALLOWED ? ` (allowed: ${ALLOWED[d.code]})` : '';
  console.log(`${blocking ? 'FAIL' : 'note'} ${severity} ${d.code} ${file}:${line} ${where}: ${d.message}${note}`);
}
if (!document) {
  console.log(`FAIL ${file} could not be parsed`);
  process.exit(1);
}
const channels = document.channels().all().map(c => c.address()).join(', ');
const messages = document.components().messages().all().length;
if (failures) {
  console.log(`asyncapi: ${file}: ${failures} error(s) or unexplained warning(s)`);
  process.exit(1);
}
console.log(`asyncapi: ${file} is valid AsyncAPI ${document.version()} (channels ${channels}; ${messages} messages)`);
