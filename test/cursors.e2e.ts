/**
 * Page cursors reveal no key and open only the list they were issued for, to the caller they
 * were issued to: a budget officer who sees masked NIKs cannot read them back out of cursors,
 * nor hand-make a cursor as a search.
 */
import { Federation, startFederation } from './support/federation';
import { storyWorkers } from '../domain/seed-story';

const ROSTER = `query Roster($code: ID!, $after: String) {
  village(code: $code) { workers(first: 1, after: $after) { nodes { nik } pageInfo { endCursor hasNextPage } } }
}`;

describe('page cursors', () => {
  let federation: Federation;
  const village = '81.71.02.1011';
  const other = '81.71.02.1012';
  const niks = storyWorkers()
    .filter((w) => w.villageCode === village)
    .map((w) => w.nik)
    .sort();

  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  const page = async (code: string, after: string | null, headers: Record<string, string>) =>
    federation.query(ROSTER, { code, after }, headers);

  it('give a budget officer, who sees masked NIKs, nothing of the NIK behind a cursor', async () => {
    const budget = await federation.as('budget-officer');
    const first = await page(village, null, budget);
    expect(first.errors).toBeUndefined();
    const { nodes, pageInfo } = first.data.village.workers;
    expect(nodes[0].nik).toMatch(/^\d{4}\*{8}\d{4}$/);
    const cursor: string = pageInfo.endCursor;
    for (const view of [
      cursor,
      Buffer.from(cursor, 'base64url').toString('latin1'),
      Buffer.from(cursor, 'base64url').toString('hex'),
    ]) {
      expect(view).not.toContain(niks[0]);
      expect(view).not.toContain(niks[0].slice(4, 12));
    }
    expect((await page(village, cursor, budget)).errors).toBeUndefined();
    // The walk goes on, row after row, for the one who got the cursor.
    const officer = await federation.as('population-officer');
    const one = (await page(village, null, officer)).data.village.workers;
    const two = (await page(village, one.pageInfo.endCursor, officer)).data.village.workers;
    expect([one.nodes[0].nik, two.nodes[0].nik]).toEqual(niks.slice(0, 2));
    // Two cursors for the same row are not the same string: nothing to compare or collect.
    expect((await page(village, null, budget)).data.village.workers.pageInfo.endCursor).not.toEqual(cursor);
  });

  it('refuse a hand-made cursor, a tampered one, one for another list and one issued to someone else as BAD_USER_INPUT', async () => {
    const budget = await federation.as('budget-officer');
    const cursor: string = (await page(village, null, budget)).data.village.workers.pageInfo.endCursor;
    const handMade = Buffer.from(niks[5], 'utf8').toString('base64url');
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[14] ^= 0x01;
    const tampered = bytes.toString('base64url');
    const refusals = [
      await page(village, handMade, budget),
      await page(village, tampered, budget),
      await page(other, cursor, budget),
      await page(village, cursor, await federation.as('population-officer')),
    ];
    for (const refused of refusals) {
      expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.data?.village?.workers ?? null).toBeNull();
    }
  });
});
