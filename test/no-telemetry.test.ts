/**
 * Nothing leaves the machine unless configured: @apollo/gateway reports usage to Apollo unless
 * APOLLO_TELEMETRY_DISABLED is set, so loading the gateway sets it, and every module that loads
 * Apollo's gateway or server loads the module that sets it first.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The modules a file loads, in order; type-only imports load nothing. */
const loadedModules = (text: string) =>
  [...text.matchAll(/^import (?!type )(?:[^'"]*? from )?['"]([^'"]+)['"]/gm)].map((match) => match[1]);

describe('Apollo telemetry', () => {
  const saved = process.env.APOLLO_TELEMETRY_DISABLED;
  afterEach(() => {
    if (saved === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = saved;
  });

  it('is turned off by loading the gateway', () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    jest.isolateModules(() => {
      // A fresh load inside isolateModules is what the test is about: an import would be hoisted and cached.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../gateway/server/gateway');
    });
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('stays as an operator configured it', () => {
    process.env.APOLLO_TELEMETRY_DISABLED = 'false';
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../platform/no-telemetry');
    });
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('false');
  });

  it('is turned off before any module of ours loads @apollo/gateway or @apollo/server', () => {
    const loaders = (JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).include as string[])
      .filter((folder) => folder !== 'test')
      .flatMap((folder) => sourceFiles(path.join(ROOT, folder)))
      .map((file) => ({ file: path.relative(ROOT, file), modules: loadedModules(fs.readFileSync(file, 'utf8')) }))
      .filter(({ modules }) => modules.some((name) => /^@apollo\/(gateway|server)(\/|$)/.test(name)));
    expect(loaders.map((l) => l.file)).toEqual(
      expect.arrayContaining(['gateway/server/gateway.ts', 'subgraphs/kit/subgraph.ts']),
    );
    const late = loaders.filter(({ modules }) => !/\/no-telemetry$/.test(modules[0]));
    expect(late).toEqual([]);
  });
});
