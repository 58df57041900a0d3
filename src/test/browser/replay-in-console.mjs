// Opens the dead-letter console as an admin in headless Chromium, clicks Replay on one entry, waits for the page
// to come back, and reports the entry's state before and after as JSON; saves a screenshot of the page.
// Usage: node replay-in-console.mjs <base-url> <user> <password> <entry-id> <screenshot.png>
import { chromium } from 'playwright-core';

const [baseUrl, user, password, entryId, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // No sandbox as root; no background traffic (this machine's network is closed).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({
    httpCredentials: { username: user, password },
    viewport: { width: 1360, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(new URL('console?status=ALL', baseUrl).href);
  const status = () => page.locator(`tr[data-id="${entryId}"] [data-status]`).getAttribute('data-status');
  const before = await status();
  const title = await page.title();
  await page.locator(`tr[data-id="${entryId}"]`).getByRole('button', { name: 'Replay' }).click();
  await page.waitForURL(/notice=/);
  const after = await status();
  const notice = (await page.locator('.notice').textContent()).trim();
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ title, before, after, notice }));
} finally {
  await browser.close();
}
