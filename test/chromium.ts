/**
 * Debian's chromium for the tests that drive a browser or print a PDF. Without it those tests are
 * skipped with a warning, except under REQUIRE_BROWSER=1 (.ci/run), where a missing browser fails.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.REQUIRE_BROWSER) throw new Error(`Browser tests need ${CHROMIUM}: apt-get install chromium`);
if (!chromiumAvailable) console.warn(`Skipping browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
