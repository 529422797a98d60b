/**
 * The root build compiles what the federation runs and tests, and nothing it does not own: each
 * example it does not list builds with its own configuration (examples/frontend: Vite and its own
 * tsconfig.json), so a new app placed under examples/ (a React page, another language level)
 * cannot break `npm run build`, `npm start` or `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as {
  include: string[];
  exclude?: string[];
};

describe('the root build', () => {
  it('lists the examples it compiles one by one, never the examples folder as a whole', () => {
    const examples = tsconfig.include.filter(
      (entry) => entry === 'examples' || entry.startsWith('examples/') || entry.includes('*'),
    );
    expect(examples.filter((entry) => !/^examples\/[\w-]+$/.test(entry))).toEqual([]);
    expect(examples.length).toBeGreaterThan(0);
  });

  it('leaves every other example to a configuration of its own', () => {
    const listed = new Set(tsconfig.include);
    const unlisted = fs
      .readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !listed.has(`examples/${entry.name}`))
      .map((entry) => entry.name);
    expect(unlisted).toContain('frontend');
    const withoutConfiguration = unlisted.filter(
      (name) =>
        !['tsconfig.json', 'package.json'].some((file) => fs.existsSync(path.join(ROOT, 'examples', name, file))),
    );
    expect(withoutConfiguration).toEqual([]);
  });
});
