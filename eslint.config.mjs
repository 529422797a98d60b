/**
 * Lint for the whole repository (`npm run lint`). Three things matter here, the rest is the usual
 * recommended set:
 *
 * 1. The layers stay layers. Each top-level folder may import only the layers below it:
 *      platform   ← nothing of ours (http, database, logging, metrics, tracing, errors, writes)
 *      domain     ← platform (Ambon's vocabulary: NIK, areas, premium rates, the seed story)
 *      contract   ← platform, domain (the gateway↔subgraph trust contract)
 *      subgraphs/kit ← platform, domain, contract (the bootstrap every subgraph starts from)
 *      subgraphs/<name> ← the above; never another subgraph, never the gateway
 *      gateway    ← never subgraphs/, tools/ or dev/
 *      tools/schema ← never gateway/
 *    Launchers (dev/), benchmarks (bench/), tests (test/) and examples/ sit on top and may import
 *    any layer. The check is `no-restricted-imports` on the import's text: relative imports
 *    climb with `../` to a top-level folder, so a folder's name after the climb is the layer.
 *
 * 2. No promise is dropped: a floating promise loses its rejection, and an async callback handed
 *    to something that expects a plain function (an event handler, `setInterval`) loses it too.
 *    These rules need types, so TypeScript files are linted with the project's tsconfig.
 *
 * 3. No error is swallowed: an empty `catch {}` is an error (`no-empty` with allowEmptyCatch
 *    false), and so is a `.catch(() => undefined)` style handler that drops the error without a
 *    word (a `no-restricted-syntax` selector below). A catch that really means "this failure is
 *    the expected answer" says why in a comment inside the block; a comment is enough for
 *    `no-empty`, and the selector only looks at arrow handlers whose body says nothing.
 *    Library code logs through the logger it was handed, never `console.*`; entry files
 *    (a process's `index.ts`/`main`), launchers, tools, benchmarks and tests may print.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Every subgraph by folder name (the kit is the bootstrap, not a subgraph). */
const subgraphs = fs
  .readdirSync(path.join(root, 'subgraphs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'kit')
  .map((entry) => entry.name);

/** An import that climbs (`../`, any number) into one of `folders` at the top of the repository. */
function climbsInto(folders, message) {
  return { regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message };
}

/** One `no-restricted-imports` setting per folder: flat config replaces rule options, it does not merge them. */
function boundary(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

const ABOVE_LIBRARIES = ['dev', 'bench', 'test', 'examples', 'tools'];

const boundaries = [
  boundary(
    ['platform/**'],
    [
      climbsInto(
        ['domain', 'contract', 'subgraphs', 'gateway', ...ABOVE_LIBRARIES],
        'platform/ is infrastructure: it imports no other layer of ours.',
      ),
    ],
  ),
  boundary(
    ['domain/**'],
    [
      climbsInto(
        ['contract', 'subgraphs', 'gateway', ...ABOVE_LIBRARIES],
        'domain/ is the vocabulary: it imports only platform/.',
      ),
    ],
  ),
  boundary(
    ['contract/**'],
    [
      climbsInto(
        ['subgraphs', 'gateway', ...ABOVE_LIBRARIES],
        'contract/ imports only platform/ and domain/: both sides of the federation share it.',
      ),
    ],
  ),
  boundary(
    ['subgraphs/kit/**'],
    [
      climbsInto(['gateway', ...ABOVE_LIBRARIES], 'subgraphs/kit imports only platform/, domain/ and contract/.'),
      climbsInto(
        [...subgraphs.map((name) => `(subgraphs/)?${name}`), 'definitions', 'seed'],
        'subgraphs/kit is the bootstrap every subgraph starts from: it knows no subgraph.',
      ),
    ],
  ),
  ...subgraphs.map((name) =>
    boundary(
      [`subgraphs/${name}/**`],
      [
        climbsInto(
          ['gateway', ...ABOVE_LIBRARIES],
          `subgraphs/${name} is a service of its own: it never imports the gateway, tools, launchers, benchmarks or tests.`,
        ),
        climbsInto(
          subgraphs.filter((other) => other !== name).map((other) => `(subgraphs/)?${other}`),
          `subgraphs/${name} never imports another subgraph: they meet only through the gateway (entities and @key).`,
        ),
      ],
    ),
  ),
  boundary(
    ['subgraphs/*.ts'],
    [
      climbsInto(
        ['gateway', ...ABOVE_LIBRARIES],
        'subgraphs/ never imports the gateway, tools, launchers, benchmarks or tests.',
      ),
    ],
  ),
  boundary(
    ['gateway/**'],
    [
      climbsInto(
        ['subgraphs', 'tools', 'dev', 'bench', 'test', 'examples'],
        'gateway/ imports no subgraph, tool, launcher, benchmark, test or example: share through platform/ or contract/.',
      ),
    ],
  ),
  boundary(
    ['tools/schema/**'],
    [
      climbsInto(
        ['gateway', 'dev', 'bench', 'test'],
        'tools/schema imports nothing from gateway/: share through platform/ or contract/.',
      ),
    ],
  ),
];

const IGNORES_ERROR =
  ':matches(ArrowFunctionExpression, FunctionExpression):matches([params.length=0], [params.0.name=/^_/])';
const SAYS_NOTHING =
  ":matches([body.type='BlockStatement'][body.body.length=0], [body.type='Identifier'], [body.type='Literal'])";
const DROPPED_ERRORS = [
  'ExpressionStatement >',
  'ExpressionStatement > AwaitExpression >',
  "UnaryExpression[operator='void'] >",
].map((context) => ({
  selector: `${context} CallExpression[callee.property.name='catch'] > ${IGNORES_ERROR}${SAYS_NOTHING}.arguments`,
  message:
    'This catch drops the error: log it or count it (or, where a failure is the expected answer, use the value).',
}));

/** Processes' entry files: they print their own start-up and fatal errors. */
const ENTRY_FILES = ['gateway/index.ts', 'subgraphs/*/index.ts', 'subgraphs/kit/main.ts', 'subgraphs/seed.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'coverage/**',
      '.data/**',
      'test/artifacts/**',
      'examples/frontend/dist/**',
      // Written by graphql-codegen (examples/frontend/codegen.ts).
      'examples/frontend/src/gql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['examples/frontend/vite.config.mts'] },
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: true, attributes: false } }],
    },
  },
  {
    // Node scripts (jest.config.js, test/support/*.js, the asset build) are CommonJS or ES modules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser pages' scripts run in the page, bundled by esbuild.
    files: ['gateway/browser-pages/assets/*.js', 'gateway/browser-pages/assets/*.jsx'],
    languageOptions: { globals: globals.browser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      // A promise's failure thrown away unheard: `await x.catch(() => undefined)`, `x.catch(() => {})`,
      // `void x.catch(() => 0)`, the handler ignoring its error and the result going nowhere. A
      // handler whose value is used (`(await ready().catch(() => false)) ? 200 : 503`) turns the
      // failure into an answer, and is fine.
      'no-restricted-syntax': ['error', ...DROPPED_ERRORS],
      // A closure may read a binding assigned later (the gateway's readiness probe is built after the breakers that call it).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An Apollo plugin's hooks are methods of the object it returns, where `this` is that object: the alias names the owner.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['metrics'] }],
      // `any` stays where a framework type must take every context (ApolloServerPlugin<any>, SubgraphDefinition<any>);
      // narrowing those is a change of its own, not a lint fix.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  ...boundaries,
  {
    files: ['platform/**', 'contract/**', 'domain/**', 'subgraphs/**', 'gateway/**'],
    ignores: [...ENTRY_FILES, 'gateway/browser-pages/assets/**'],
    rules: { 'no-console': 'error' },
  },
  prettier,
);
