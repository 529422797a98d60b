/**
 * A frontend team's first day: the example app under examples/frontend (React, Apollo Client's
 * InMemoryCache with no typePolicies, graphql-codegen's typed documents) is built with Vite for
 * this gateway, served from another origin, and used in headless Chromium against a gateway
 * running trusted documents only, as production does. The app sends its operations by id, over GET.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../platform/settings';
import { STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';
import { ARTIFACT_DIR, launchBrowser, localhostOnlyContext } from './support/browser';
import { Federation, startFederation } from './support/federation';

const root = PROJECT_ROOT;

async function buildExample(gatewayUrl: string, outDir: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'examples/frontend', '--logLevel', 'warn'],
    {
      cwd: root,
      env: {
        ...process.env,
        VITE_GATEWAY_URL: gatewayUrl,
        EXAMPLE_OUT_DIR: outDir,
        VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
      },
      timeout: 180_000,
    },
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** The built app on a port of its own: another origin than the gateway's. */
async function serveStatic(directory: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const wanted = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = path.join(directory, path.normalize(wanted === '/' ? '/index.html' : wanted));
    if (!file.startsWith(directory) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const cacheKeys = (page: Page): Promise<string[]> =>
  page.evaluate(() => (globalThis as unknown as { cacheKeys(): string[] }).cacheKeys());
const entry = (page: Page, key: string): Promise<Record<string, unknown>> =>
  page.evaluate(
    (k) =>
      (
        globalThis as unknown as { apolloClient: { cache: { extract(): Record<string, Record<string, unknown>> } } }
      ).apolloClient.cache.extract()[k],
    key,
  );
const workerKeys = (keys: string[]) => keys.filter((key) => key.startsWith('Worker:'));

describe('the example frontend, built and run in a browser against the gateway', () => {
  let federation: Federation;
  let browser: Browser;
  let app: { url: string; close(): Promise<void> };
  let outDir: string;
  const worker = storyWorkers()[0];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    federation = await startFederation({ gateway: { trustedDocuments: 'safelist' } });
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-frontend-'));
    await buildExample(federation.gateway.url, outDir);
    app = await serveStatic(outDir);
    browser = await launchBrowser();
    // A federation and a production build of the app: more than the usual start-up.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await federation?.stop();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  async function open(hash: Record<string, string>): Promise<Page> {
    const { context, blocked } = await localhostOnlyContext(browser);
    const page = await context.newPage();
    page.on('requestfailed', (request) =>
      failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
    );
    await page.goto(`${app.url}#${new URLSearchParams(hash)}`);
    expect(blocked).toEqual([]);
    return page;
  }

  it('runs the contract query, with one cache entry for the person; a second query on the worker adds to it and evicts nothing', async () => {
    const token = (await federation.as('population-officer')).authorization.replace('Bearer ', '');
    const page = await open({ token, nik: worker.nik });
    await page.getByTestId('coverage-card').getByRole('heading', { name: worker.fullName }).waitFor();
    expect(await page.getByTestId('coverage-card').textContent()).toContain(worker.nik);
    expect(await page.getByTestId('membership').textContent()).toMatch(/KPJ \d{11}: [A-Z_]+/);

    const before = await cacheKeys(page);
    const [workerKey] = workerKeys(before);
    const [cardKey] = before.filter((key) => key.startsWith('MembershipCard:'));
    expect(workerKeys(before)).toEqual([workerKey]);
    expect(before).toEqual(
      expect.arrayContaining([
        'ROOT_QUERY',
        expect.stringMatching(/^Village:/),
        expect.stringMatching(/^District:/),
        cardKey,
      ]),
    );
    const fieldsBefore =
      Object.keys(await entry(page, workerKey)).length + Object.keys(await entry(page, cardKey)).length;

    await page.getByRole('button', { name: 'Show payments' }).click();
    await page.getByTestId('payments').getByRole('heading').waitFor();
    const after = await cacheKeys(page);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(workerKeys(after)).toEqual([workerKey]);
    // The one entry now holds both screens' fields; the coverage card still shows.
    expect(await entry(page, workerKey)).toMatchObject({
      fullName: worker.fullName,
      occupation: expect.any(String),
      membership: { __ref: cardKey },
    });
    expect(await entry(page, cardKey)).toMatchObject({
      status: expect.any(String),
      issuedOn: expect.any(String),
      'payments({"first":12})': expect.any(Object),
    });
    const fieldsAfter =
      Object.keys(await entry(page, workerKey)).length + Object.keys(await entry(page, cardKey)).length;
    expect(fieldsAfter).toBeGreaterThan(fieldsBefore);
    expect(await page.getByTestId('coverage').textContent()).toContain('JKK');
    console.log(
      `example frontend cache: after the contract query ${before.length} entries (${workerKeys(before).length} Worker), the worker and card entries holding ${fieldsBefore} fields; ` +
        `after a second query on the same worker ${after.length} entries (${workerKeys(after).length} Worker) holding ${fieldsAfter} fields, none of the ${before.length} evicted`,
    );
    await page.screenshot({ path: path.join(ARTIFACT_DIR, 'example-frontend-coverage.png'), fullPage: true });
  });

  it('pages a village roster read by a budget officer: masked NIKs repeat, yet every person keeps an entry of their own', async () => {
    const token = (await federation.as('budget-officer')).authorization.replace('Bearer ', '');
    const page = await open({ token, village: worker.villageCode });
    const rows = page.getByTestId('roster-row');
    const counts: number[] = [];
    for (let pageCount = 1; pageCount <= 3; pageCount++) {
      await rows.nth(pageCount * 5 - 1).waitFor();
      counts.push(await rows.count());
      if (pageCount < 3) await page.getByRole('button', { name: 'Load more' }).click();
    }
    expect(counts).toEqual([5, 10, 15]);
    const keys = workerKeys(await cacheKeys(page));
    const maskedNiks = new Set((await rows.allTextContents()).map((text) => /\((\S+)\)/.exec(text)?.[1]));
    expect(keys).toHaveLength(15);
    expect(maskedNiks.size).toBeLessThan(15);
    console.log(
      `example frontend roster: ${counts.join(' → ')} rows over 3 pages; ${keys.length} Worker cache entries for ${maskedNiks.size} distinct masked NIKs`,
    );
  });

  it('shows a refused field as FORBIDDEN while the rest of the allocation renders', async () => {
    const token = (await federation.as('analyst')).authorization.replace('Bearer ', '');
    const allocation = STORY_ALLOCATIONS[0];
    const page = await open({ token, allocation: allocation.id });
    await page.getByTestId('allocation').getByRole('heading').waitFor();
    expect(await page.getByTestId('allocation').getByRole('heading').textContent()).toContain(
      `APBD ${allocation.fiscalYear}`,
    );
    expect(await page.getByTestId('funded-cards').textContent()).toBe('Funded cards: not shown (FORBIDDEN)');
    expect(workerKeys(await cacheKeys(page))).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACT_DIR, 'example-frontend-refused.png'), fullPage: true });
    expect(failedRequests).toEqual([]);
  });
});
