/**
 * Reads the V8 CPU profiles a `BENCH_CPU_PROFILE=<dir> npm run bench` left and prints, per
 * process, where its CPU went: self time by package (or node internals) and the top functions.
 * Usage: node dist/bench/profile-summary.js <dir> [top]
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string): string {
  if (!url) return '(native / garbage collection / idle)';
  if (url.startsWith('node:')) return url;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  return dist >= 0
    ? `project: ${url
        .slice(dist + 6)
        .split('/')
        .slice(0, 2)
        .join('/')}`
    : url;
}

function summarise(file: string, top: number) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    busy += us;
    const who =
      node.callFrame.functionName === '(garbage collector)' ? '(garbage collection)' : owner(node.callFrame.url);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${who}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  console.log(`\n## ${path.basename(file)}: ${(busy / 1e6).toFixed(1)} s busy`);
  for (const [who, us] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(us)}  ${who}`);
  console.log('  top functions:');
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${share(us)}  ${fn}`);
}

const [dir, top = '12'] = process.argv.slice(2);
for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort())
  summarise(path.join(dir, file), Number(top));
