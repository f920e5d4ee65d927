// Helpers for Kehto's browser journeys: launching Debian's Chromium through playwright-core,
// reading the demo accounts, running a journey with a screenshot on failure, and axe-core scans.
// Not a test file itself (node --test only picks up *.test.js).

import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..');
const SCREENSHOT_DIR = process.env.KEHTO_SCREENSHOT_DIR ?? join(REPO_ROOT, 'target', 'browser-screenshots');
const AXE_PATH = join(here, 'node_modules', 'axe-core', 'axe.min.js');

/** Base URL of the running server, set by `cargo xtask test`. */
export const BASE_URL = (process.env.KEHTO_URL ?? '').replace(/\/+$/, '');
if (!BASE_URL) {
  throw new Error('KEHTO_URL is not set: start the server and run `KEHTO_URL=http://127.0.0.1:PORT node --test tests/browser/` (cargo xtask test does this)');
}

/** Generous, because the wasm module loads and starts before anything renders. */
export const TIMEOUT_MS = 20_000;

/** Headless Chromium from Debian; playwright-core never downloads a browser of its own. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** The demo data the server was seeded with (`backend/demo/demo.json`, or KEHTO_DEMO_JSON). */
export async function readDemo() {
  const path = process.env.KEHTO_DEMO_JSON ?? join(REPO_ROOT, 'backend', 'demo', 'demo.json');
  return JSON.parse(await readFile(path, 'utf8'));
}

/** The demo user with this e-mail address, or a clear failure. */
export async function demoUser(email) {
  const demo = await readDemo();
  const user = (demo.users ?? []).find((u) => u.email === email);
  if (!user) throw new Error(`backend/demo/demo.json has no user ${email}`);
  if (!demo.password) throw new Error('backend/demo/demo.json has no "password"');
  return { ...user, password: demo.password };
}

/**
 * Runs `body(page)` in a fresh browser context (no cookies, no storage). On failure it saves a
 * full-page screenshot under target/browser-screenshots/ and adds the page's script errors to
 * the error message. `options.bypassCSP` lets a scan inject axe-core past the app's
 * Content-Security-Policy (which rightly forbids inline scripts); journeys keep the policy on.
 */
export async function journey(browser, name, body, options = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'fi-FI',
    viewport: { width: 1280, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.setDefaultNavigationTimeout(30_000);
  const problems = [];
  // A confirmation such as "Publish now?" is answered yes, as the person in the journey would.
  page.on('dialog', (d) => d.accept().catch(() => {}));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} ${m.location()?.url ?? ''}`.trim());
  });
  try {
    await body(page);
  } catch (error) {
    const file = join(SCREENSHOT_DIR, `${name}.png`);
    try {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      console.error(`screenshot of the failed journey: ${file} (at ${page.url()})`);
    } catch (shotError) {
      console.error(`could not take a screenshot: ${shotError.message}`);
    }
    if (problems.length > 0 && error instanceof Error) {
      error.message += `\n--- what the page reported ---\n${problems.join('\n')}`;
    }
    throw error;
  } finally {
    await context.close();
  }
}

/** Waits until `selector` is visible and returns its locator. */
export async function visible(page, selector) {
  const locator = page.locator(selector).first();
  await locator.waitFor({ state: 'visible' });
  return locator;
}

/** Waits until `<html lang>` equals `lang`. */
export async function waitForLang(page, lang) {
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/**
 * Clicks something that triggers an API call and returns the matching response, failing with
 * the response body if its status is not 2xx.
 */
export async function clickForResponse(page, selector, method, urlPattern, what) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && urlPattern.test(new URL(r.url()).pathname)),
    page.locator(selector).first().click(),
  ]);
  if (!response.ok()) {
    throw new Error(`${what}: ${method} ${response.url()} answered ${response.status()}: ${await response.text()}`);
  }
  return response;
}

/** `yyyy-MM-ddTHH:mm` in local time, `days` from now: the value a datetime-local input takes. */
export function localDateTime(days) {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

/** WCAG 2.1 A/AA and best-practice rules. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Runs axe-core on the current page and returns its violations. Needs a context with bypassCSP. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate((tags) => window.axe.run(document, { runOnly: tags }).then((r) => r.violations), AXE_TAGS);
}

/** One readable line per violation and affected node. */
export function describeViolations(where, violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `      ${n.target.join(' ')}  ${n.failureSummary?.split('\n').join(' ') ?? ''}`).join('\n');
      return `  [${where}] ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/**
 * The text of the newest mail in the server's outbox (KEHTO_OUTBOX, set by `cargo xtask test`)
 * to `address` that contains `needle`, with quoted-printable soft breaks and escapes undone.
 * Mail leaves through the server's queue a moment after the request that caused it, so this
 * waits for it (up to TIMEOUT_MS).
 */
export async function lastMailTo(address, needle) {
  const dir = process.env.KEHTO_OUTBOX;
  if (!dir) throw new Error('KEHTO_OUTBOX is not set: cargo xtask test sets it to the server\'s outbox');
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const found = await findMail(dir, address, needle);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} containing ${needle} in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function findMail(dir, address, needle) {
  const { readdir, stat } = await import('node:fs/promises');
  let names;
  try {
    names = await readdir(dir);
  } catch {
    return null; // no mail written yet
  }
  const mails = [];
  for (const name of names.filter((n) => n.endsWith('.eml'))) {
    const path = join(dir, name);
    mails.push({ path, at: (await stat(path)).mtimeMs });
  }
  mails.sort((a, b) => b.at - a.at);
  for (const { path } of mails) {
    const raw = await readFile(path, 'utf8');
    const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    const to = text.toLowerCase().includes(`to: ${address}`.toLowerCase()) || text.includes(`<${address}>`);
    if (to && text.includes(needle)) return text;
  }
  return null;
}
