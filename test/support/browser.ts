/**
 * Headless Chromium for the browser tests (offline explorer, dashboard, example frontend).
 * Debian's `chromium` is driven by playwright-core; `.ci/run` installs it. The flags keep
 * Chromium from reaching for Google's services, which a closed network refuses many at a time.
 */
import fs from 'node:fs';
import { Browser, BrowserContext, chromium } from 'playwright-core';

const CANDIDATE_PATHS = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (candidate): candidate is string => Boolean(candidate),
);

export function chromiumPath(): string {
  const found = CANDIDATE_PATHS.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      `Chromium was not found (tried ${CANDIDATE_PATHS.join(', ')}); install Debian's chromium package, as .ci/run does`,
    );
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context that can reach only localhost: any other request is aborted, as on a city
 * intranet where Apollo's CDN is blocked. `blocked` collects the addresses that were refused.
 */
export async function localhostOnlyContext(browser: Browser): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext();
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    if (local || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return { context, blocked };
}

/** Where browser tests leave screenshots; the README's dashboard picture is copied from here. */
export const ARTIFACT_DIR = process.env.TEST_ARTIFACT_DIR ?? 'test/artifacts';
