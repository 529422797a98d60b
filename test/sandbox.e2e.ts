/**
 * A new analyst opens the development gateway in a browser and runs the first question Sandbox
 * opens with, as it is, with the token it pre-fills: the seed story's coverage comes back. (The
 * pre-filled page, the token's role and the docs panel: test/gateway/sandbox.test.ts.)
 */
import { Federation, postGraphQL, startFederation } from './support/federation';

describe('Apollo Sandbox works on the first try in development', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation();
  });
  afterAll(async () => federation?.stop());

  it('answers the pre-filled example operation with the pre-filled token', async () => {
    const html = await (await fetch(federation.gateway.url, { headers: { accept: 'text/html' } })).text();
    const token = /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/.exec(html)?.[1];
    expect(token).toBeDefined();
    const document = JSON.parse(`"${/"document":"((?:[^"\\]|\\.)*)"/.exec(html)![1]}"`) as string;
    expect(document).toMatch(/query CoverageByArea/);
    const response = await postGraphQL(
      federation.gateway.url,
      document,
      { regency: '81.71', asOf: '2021-06-30' },
      { authorization: `Bearer ${token}` },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.regency.statistics).toEqual({ registeredWorkers: 25_000, coveredWorkers: 25_000, share: 1 });
  });
});
