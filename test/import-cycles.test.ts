/**
 * No two modules of ours need each other, directly or round a longer loop: a cycle makes the
 * load order decide which side sees `undefined`, and it hides which of the two layers owns the
 * code. Type-only imports are erased by the compiler and do not count; dynamic `import()` does.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const FOLDERS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).include as string[]).filter(
  (folder) => folder !== 'test',
);

function sourceFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'src'].includes(entry.name) ? [] : sourceFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}

/** The runtime imports of one file: `import ... from`, `export ... from` and `import()`, not `import type`. */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]),
  ];
  return specs.map((spec) => resolve(file, spec)).filter((target): target is string => target !== undefined);
}

/** Every strongly connected group of more than one module (Tarjan), as paths from the root. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
    if (low.get(node) === order.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(path.relative(ROOT, member));
      } while (member !== node);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

describe('the modules of the federation', () => {
  const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
  const graph = new Map(files.map((file) => [file, runtimeImports(file)]));

  it('are read from every layer (the scan bites)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(graph.get(path.join(ROOT, 'gateway', 'index.ts'))?.length).toBeGreaterThan(1);
  });

  it('import one another without a cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
