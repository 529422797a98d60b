/**
 * The lint rules that keep the layers apart (eslint.config.mjs) are the project's own config, run
 * here on imports a layer must not make, and on the ones it may, so a typo in a pattern cannot
 * silently turn a boundary off. The files are linted from memory at the path they would have.
 */
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.join(__dirname, '..');

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: path.join(root, 'eslint.config.mjs'),
    // An in-memory file belongs to no tsconfig: lint it without types, and without the rules that need them.
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the layers', () => {
  it('platform imports nothing from the gateway', async () => {
    expect(
      await boundaryErrors(
        'platform/x.ts',
        "import { startGateway } from '../gateway/server/gateway';\nexport const x = startGateway;\n",
      ),
    ).toEqual([
      "no-restricted-imports: '../gateway/server/gateway' import is restricted from being used by a pattern. platform/ is infrastructure: it imports no other layer of ours.",
    ]);
  });

  it('domain imports platform, and only platform', async () => {
    const code =
      "import { serverNow } from '../platform/clock';\nimport { ALL_SCOPES } from '../contract/scopes';\nexport const x = [serverNow, ALL_SCOPES];\n";
    expect(await boundaryErrors('domain/x.ts', code)).toEqual([
      "no-restricted-imports: '../contract/scopes' import is restricted from being used by a pattern. domain/ is the vocabulary: it imports only platform/.",
    ]);
  });

  it('a subgraph imports the kit but no other subgraph, from any depth', async () => {
    const code =
      "import { main } from '../../kit/main';\nimport { Allocation } from '../../budget/allocations/allocation';\nexport const x = [main, Allocation];\n";
    expect(await boundaryErrors('subgraphs/membership/enrollment/x.ts', code)).toEqual([
      "no-restricted-imports: '../../budget/allocations/allocation' import is restricted from being used by a pattern. subgraphs/membership never imports another subgraph: they meet only through the gateway (entities and @key).",
    ]);
  });

  it('the gateway reaches no subgraph and no tool; the schema tools reach no gateway', async () => {
    expect(
      await boundaryErrors(
        'gateway/metrics/x.ts',
        "import { readOperations } from '../../tools/schema/client-impact';\nexport const x = readOperations;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'gateway/metrics/x.ts',
        "import { main } from '../../subgraphs/kit/main';\nexport const x = main;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'tools/schema/x.ts',
        "import { startGateway } from '../../gateway/server/gateway';\nexport const x = startGateway;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'tools/schema/x.ts',
        "import { apiSchemaOf } from '../../platform/graphql/supergraph';\nexport const x = apiSchemaOf;\n",
      ),
    ).toEqual([]);
  });

  it('library code logs through its logger, entry files may print', async () => {
    expect(await boundaryErrors('contract/x.ts', "export const x = () => console.log('hello');\n")).toEqual([
      'no-console: Unexpected console statement.',
    ]);
    expect(await boundaryErrors('gateway/index.ts', "export const x = () => console.log('hello');\n")).toEqual([]);
  });

  it('a promise failure dropped unheard is an error', async () => {
    const code = 'export async function x(work: Promise<void>) {\n  await work.catch(() => undefined);\n}\n';
    expect(await boundaryErrors('platform/x.ts', code)).toEqual([
      'no-restricted-syntax: This catch drops the error: log it or count it (or, where a failure is the expected answer, use the value).',
    ]);
  });
});
