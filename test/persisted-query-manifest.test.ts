/**
 * The trusted documents a production gateway runs (schema/persisted-query-manifest.json) are every
 * operation frontend teams keep in schema/operations/ and every operation of the example frontend,
 * as Apollo Client sends them. A stale manifest would refuse a team's new screen in production.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import { MANIFEST_PATH, manifestText, trustedOperations } from '../tools/schema/persisted-queries';

describe('the persisted query manifest', () => {
  it('is current (run `npm run compose` when this fails)', async () => {
    expect(fs.readFileSync(MANIFEST_PATH, 'utf8')).toBe(await manifestText());
  });

  it('lists every named operation once, by the SHA-256 of the body Apollo Client sends', () => {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8'));
    expect(manifest).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1 });
    const names = manifest.operations.map((operation: { name: string }) => operation.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(
      trustedOperations()
        .map((operation) => operation.name)
        .sort(),
    );
    expect(names).toEqual(expect.arrayContaining(['WorkerCoverage', 'VillageCoverage']));
    for (const operation of manifest.operations) {
      expect(operation.id).toBe(createHash('sha256').update(operation.body).digest('hex'));
      // The cache normalises on __typename + id, so the listed bodies ask for __typename as Apollo Client does.
      expect(operation.body).toContain('__typename');
      expect(() => parse(operation.body)).not.toThrow();
    }
  });
});
