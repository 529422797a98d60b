/**
 * Every code a client can receive is declared once (platform/errors.ts): a code thrown
 * anywhere but not declared would reach clients as INTERNAL_SERVER_ERROR, and its refusal would
 * be logged as an internal failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { ErrorCode, formatError, isKnownCode } from '../platform/errors';

const ROOT = path.join(__dirname, '..');
// Every folder the build compiles, but the tests themselves.
const SOURCE_FOLDERS = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).include as string[]
).filter((folder) => folder !== 'test');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `extensions: { ..., code: <expression> }` wherever an error is built, with the file it is in. */
function codesInErrors(): { file: string; expression: string }[] {
  const found: { file: string; expression: string }[] = [];
  for (const folder of SOURCE_FOLDERS) {
    const directory = path.join(ROOT, folder);
    if (!fs.existsSync(directory)) continue;
    for (const file of sourceFiles(directory)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/extensions:\s*\{[^}]*?\bcode:\s*([^,}\s]+)/g))
        found.push({ file: path.relative(ROOT, file), expression: match[1] });
    }
  }
  return found;
}

describe('the error codes clients rely on', () => {
  const found = codesInErrors();

  it('finds the errors the sources build (the scan bites)', () => {
    expect(found.length).toBeGreaterThan(10);
    expect(found.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'gateway/partner-audit/partner-read-audit.ts',
        'gateway/defer-refusal/defer-refusal.ts',
        'platform/http.ts',
      ]),
    );
  });

  it('lists every code written as a literal among the declared ones, and the federation itself imports them', () => {
    const literal = found.filter(({ expression }) => /^['"`]/.test(expression));
    expect(literal.filter(({ expression }) => !(expression.slice(1, -1) in ErrorCode))).toEqual([]);
    // Only the partner kit and examples, which take no code from the federation, spell a code out.
    expect(literal.filter(({ file }) => /^(gateway|subgraphs)\//.test(file))).toEqual([]);
  });

  it('names codes through the declaration, not through a constant of their own', () => {
    // A bare UPPER_CASE constant is a second declaration of a code (as DEFER_NOT_SUPPORTED once was).
    const ownConstants = found.filter(({ expression }) => /^[A-Z][A-Z_]+$/.test(expression));
    expect(ownConstants).toEqual([]);
  });

  it('keeps AUDIT_UNAVAILABLE and DEFER_NOT_SUPPORTED as they are, with the subgraph that refused', () => {
    for (const code of ['AUDIT_UNAVAILABLE', 'DEFER_NOT_SUPPORTED']) expect(isKnownCode(code)).toBe(true);
    // As the gateway passes on a subgraph's error: its code, and the subgraph as `serviceName`.
    const passedOn = new GraphQLError('The read audit could not record this read.', {
      extensions: { code: 'AUDIT_UNAVAILABLE', serviceName: 'population' },
    });
    expect(formatError(passedOn.toJSON(), passedOn).extensions).toEqual({
      code: 'AUDIT_UNAVAILABLE',
      subgraph: 'population',
    });
  });
});
