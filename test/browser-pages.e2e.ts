/**
 * The pages the gateway serves to browsers, opened in headless Chromium on a network where only
 * localhost answers (a city intranet with Apollo's CDN blocked): the bundled explorer runs the
 * example operation, and the city officer's dashboard shows the API's own figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACT_DIR, launchBrowser, localhostOnlyContext } from './support/browser';
import { Federation, startFederation } from './support/federation';
import type { RunningGateway } from '../gateway/server/gateway';

describe('the explorer and the dashboard work without any outside network', () => {
  let federation: Federation;
  let production: RunningGateway;
  let browser: Browser;
  const origin = (url: string) => new URL(url).origin;

  beforeAll(async () => {
    federation = await startFederation();
    production = await federation.startGateway({ production: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await federation?.stop();
  });

  it('opens the bundled GraphiQL with the example operation and an analyst token, runs it and shows the data', async () => {
    const { context, blocked } = await localhostOnlyContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin(federation.gateway.url)}/explorer`);
    await page.waitForSelector('.graphiql-container');
    await page.waitForSelector('.graphiql-query-editor :text("CoverageByArea")');
    await page.click('.graphiql-execute-button');
    await page.waitForSelector('.result-window :text("registeredWorkers")', { timeout: 30_000 });
    const result = (await page.textContent('.result-window')) ?? '';
    expect(result).toMatch(/"coveredWorkers":\s*25000/);
    expect(result).not.toMatch(/"errors"/);
    expect(blocked).toEqual([]);
    await context.close();
  });

  it("shows the city officer's figures as the API gives them, and saves a screenshot", async () => {
    const { context, blocked } = await localhostOnlyContext(browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(`${origin(federation.gateway.url)}/dashboard`);
    await page.waitForSelector('[data-state=ready]', { timeout: 30_000 });
    const api = await federation.query(
      `{ regency(code: "81.71") { statistics(asOf: "2021-11-30") { registeredWorkers coveredWorkers } districts { name statistics(asOf: "2021-11-30") { registeredWorkers coveredWorkers } } }
         lapsingCards(areaCode: "81.71", asOf: "2021-11-30") { count } allocations(funderId: "81.71") { nodes { id committed realised ceiling } } programmeTargets { targetCount } }`,
      {},
      await federation.as('analyst'),
    );
    expect(api.errors).toBeUndefined();
    const shown = (figure: string) => page.textContent(`[data-figure=${figure}]`);
    const format = (n: number) => n.toLocaleString('en');
    expect(await shown('covered')).toBe(format(api.data.regency.statistics.coveredWorkers));
    expect(await shown('registered')).toBe(format(api.data.regency.statistics.registeredWorkers));
    expect(await shown('lapsing')).toBe(format(api.data.lapsingCards.count));
    expect(await shown('target')).toBe(format(api.data.programmeTargets[0].targetCount));
    const districtRows = await page.$$eval('[data-figure=districts] tbody tr', (rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent)),
    );
    expect(districtRows).toEqual(
      api.data.regency.districts.map((d: any) => [
        d.name,
        format(d.statistics.coveredWorkers),
        format(d.statistics.registeredWorkers),
      ]),
    );
    expect(await page.$$eval('[data-figure=villages] tbody tr', (rows) => rows.length)).toBe(50);
    for (const allocation of api.data.allocations.nodes) {
      const meters = await page.$$eval(`[data-allocation="${allocation.id}"] meter`, (nodes) =>
        nodes.map((m) => [Number(m.getAttribute('value')), Number(m.getAttribute('max'))]),
      );
      expect(meters).toEqual([
        [allocation.committed, allocation.ceiling],
        [allocation.realised, allocation.ceiling],
      ]);
    }
    // The line over time and the two bar charts are drawn.
    expect(await page.$$eval('canvas', (nodes) => nodes.length)).toBeGreaterThanOrEqual(3);
    expect(blocked).toEqual([]);
    fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACT_DIR, 'dashboard.png'), fullPage: true });
    expect(fs.statSync(path.join(ARTIFACT_DIR, 'dashboard.png')).size).toBeGreaterThan(10_000);
    await context.close();
  });

  it('in production starts signed out, carries no token, and shows only counts once a token is pasted', async () => {
    const html = await (await fetch(`${origin(production.url)}/dashboard`)).text();
    expect(html).not.toMatch(/Bearer|eyJ/);
    const { context } = await localhostOnlyContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin(production.url)}/dashboard`);
    await page.waitForSelector('[data-state=signed-out]');
    expect(await page.$('[data-figure=covered]')).toBeNull();
    const token = (await federation.as('population-officer')).authorization.replace(/^Bearer /, '');
    await page.fill('#token', token);
    await page.click('#sign-in button');
    await page.waitForSelector('[data-state=ready]', { timeout: 30_000 });
    // Even a token that may read people gets counts only: no NIK (16 digits) nor KPJ (11) on the page.
    expect(await page.textContent('body')).not.toMatch(/\b\d{11}\b|\b\d{16}\b/);
    await context.close();
  });
});
