/**
 * The example frontend's typed documents (graphql-codegen's client preset, examples/frontend/src/gql)
 * are generated from schema/api.graphql by `npm run compose`: a stale copy would let the example
 * compile against an API the gateway no longer serves. graphql-codegen's own check mode decides
 * (it runs as a command: its loaders are ES modules that jest's module system does not load).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../platform/settings';

it("the example frontend's generated documents are current (run `npm run compose` when this fails)", async () => {
  const root = PROJECT_ROOT;
  const codegen = path.join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
  const run = promisify(execFile)(
    process.execPath,
    [codegen, '--config', 'examples/frontend/codegen.ts', '--check', '--silent'],
    { cwd: root, timeout: 120_000 },
  );
  await expect(run).resolves.toBeDefined();
});
