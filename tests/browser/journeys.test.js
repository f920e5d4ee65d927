// Kehto's user journeys in headless Chromium, in order, sharing one challenge:
//  (a) a coordinator signs in, writes a challenge, saves and publishes it, signs out;
//  (b) a visitor switches to Swedish and back, searches the board by the word's base form and
//      opens that challenge;
//  (c) axe-core finds no WCAG 2.1 A/AA or best-practice violations on the board, a challenge page
//      and the sign-in page.
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  BASE_URL,
  axeViolations,
  clickForResponse,
  demoUser,
  describeViolations,
  journey,
  launchBrowser,
  localDateTime,
  visible,
  waitForLang,
} from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
const JOURNEY_TIMEOUT_MS = 180_000;

/** What journey (a) made, for (b) and (c). The suffix makes the title unique per run. */
const shared = {
  title: `Testihaaste: kotihoidon etäseuranta ${Date.now()}`,
  id: null,
};

/** The UTC instant of a `yyyy-MM-ddTHH:mm` wall-clock time in Europe/Helsinki (DST-aware). */
function helsinkiToUtc(local) {
  const [date, time] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, h, min);
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  let guess = wanted;
  for (let i = 0; i < 3; i += 1) {
    const parts = Object.fromEntries(format.formatToParts(new Date(guess)).map((p) => [p.type, p.value]));
    const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    guess -= shown - wanted;
  }
  return guess;
}

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Signs in through the form and waits until the app shows the signed-in state. */
async function signIn(page, email, password) {
  await page.goto('/sign-in');
  await (await visible(page, '#signin-email')).fill(email);
  await (await visible(page, '#signin-password')).fill(password);
  await clickForResponse(
    page,
    'form:has(#signin-email) button[type="submit"]',
    'POST',
    /\/api\/v1\/session$/,
    'signing in',
  );
  await page.locator('#sign-out').first().waitFor({ state: 'attached' });
}

/** Ticks the region checkbox of the coordinator's own region, unless one is already ticked. */
async function tickOwnRegion(page, memberships) {
  const regions = page.locator('input[name="region"]');
  await regions.first().waitFor({ state: 'attached' });
  const checked = await page.locator('input[name="region"]:checked').count();
  if (checked > 0) return;
  const orgs = memberships.filter((m) => m.role === 'coordinator').map((m) => String(m.org ?? '').toLowerCase());
  const index = await page.evaluate((orgs) => {
    const boxes = [...document.querySelectorAll('input[name="region"]')];
    const label = (b) => (b.labels?.[0]?.textContent ?? b.closest('label')?.textContent ?? '').trim().toLowerCase();
    const matches = (b) => {
      const text = label(b);
      const value = (b.value ?? '').toLowerCase();
      return (
        orgs.some((o) => o && (value === o || text.includes(o) || (text && o.includes(text)))) ||
        /pirkanma|birkaland/.test(text) ||
        value === 'pirkanmaa'
      );
    };
    return boxes.findIndex(matches);
  }, orgs);
  assert.ok(index >= 0, `no region checkbox for the coordinator's region (${orgs.join(', ')})`);
  await regions.nth(index).check();
}

test('(a) a coordinator writes, saves and publishes a challenge', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const coordinator = await demoUser(COORDINATOR);
  await journey(browser, 'a-coordinator-publishes', async (page) => {
    await signIn(page, coordinator.email, coordinator.password);

    await page.goto('/challenges/new');
    await (await visible(page, '#ch-title')).fill(shared.title);
    await page.fill(
      '#ch-summary',
      'Etsimme ratkaisua, jolla kotihoidon asiakkaan vointia voi seurata etänä turvallisesti ja vaivattomasti.',
    );
    await page.fill(
      '#ch-description',
      [
        '## Tausta',
        '',
        'Kotihoidon käyntejä on paljon, ja osa niistä voitaisiin korvata etäyhteydellä.',
        '',
        '## Mitä haemme',
        '',
        '- helppokäyttöisen laitteen tai sovelluksen',
        '- yhteyden asiakastietojärjestelmään',
      ].join('\n'),
    );
    shared.proposalsCloseTyped = localDateTime(60);
    await page.fill('#ch-questions-close', localDateTime(30));
    await page.fill('#ch-proposals-close', shared.proposalsCloseTyped);
    await page.fill('#ch-contact-name', 'Kaisa Koordinaattori');
    await page.fill('#ch-contact-email', COORDINATOR);
    const themes = page.locator('input[name="theme"]');
    await themes.first().waitFor({ state: 'attached' });
    if ((await page.locator('input[name="theme"]:checked').count()) === 0) {
      await themes.first().check();
    }
    await tickOwnRegion(page, coordinator.memberships ?? []);

    const saved = await clickForResponse(page, '#ch-save', 'POST', /\/api\/v1\/challenges$/, 'saving the draft');
    const draft = await saved.json();
    assert.ok(Number.isInteger(draft.id), `the saved challenge has no id: ${JSON.stringify(draft)}`);
    assert.equal(draft.status, 'draft');
    shared.id = draft.id;
    // The app moves to the draft's own editor address and loads it; publish from there.
    await page.waitForURL(new RegExp(`/challenges/${draft.id}(/edit)?$`));
    await page.waitForFunction((t) => document.querySelector('#ch-title')?.value === t, shared.title);

    const published = await clickForResponse(
      page,
      '#ch-publish',
      'POST',
      /\/api\/v1\/challenges\/\d+\/transitions$/,
      'publishing',
    );
    const transitioned = await published.json();
    assert.notEqual(transitioned.status, 'draft', 'the challenge is still a draft after publishing');

    // Seen published: the app shows the challenge with its published state, and a visitor's
    // view of the API (no cookie) has it.
    await page.waitForFunction(
      (t) => document.querySelector('h1#challenge-title')?.textContent.includes(t),
      shared.title,
    );
    await page.waitForFunction(() => /julkaistu|Markkinavuoropuhelu/i.test(document.body.innerText));
    const anonymous = await fetch(`${BASE_URL}/api/v1/challenges/${shared.id}`);
    assert.equal(anonymous.status, 200, 'a published challenge is visible to everyone');
    const stored = await anonymous.json();
    assert.equal(stored.title, shared.title);
    // What the coordinator typed is Helsinki time; the server keeps the same instant in UTC.
    assert.equal(
      Date.parse(stored.proposals_close_at),
      helsinkiToUtc(shared.proposalsCloseTyped),
      `typed ${shared.proposalsCloseTyped} (Helsinki), stored ${stored.proposals_close_at}`,
    );

    await (await visible(page, '#sign-out')).click();
    await page.locator('#sign-out').waitFor({ state: 'detached' });
    const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status));
    assert.equal(session, 401, 'still signed in after signing out');
  });
});

test('(b) a visitor switches language, searches the board and opens the challenge', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  assert.ok(shared.id, 'journey (a) did not publish a challenge');
  await journey(browser, 'b-visitor-finds-challenge', async (page) => {
    await page.goto('/');
    await visible(page, '#board-q');

    await (await visible(page, '#lang-switch [lang="sv"]')).click();
    await waitForLang(page, 'sv');
    await page.waitForFunction(() => /Sök|Logga in|tmaning|Språk/.test(document.body.innerText));

    await (await visible(page, '#lang-switch [lang="fi"]')).click();
    await waitForLang(page, 'fi');
    await page.waitForFunction(() => /haaste|Hae|Kirjaudu/i.test(document.body.innerText));

    // The base form must find the inflected "kotihoidon" of journey (a): the server's search
    // answers, and the board shows that answer.
    const search = await visible(page, '#board-q');
    await search.fill('kotihoito');
    const answered = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/v1/challenges' && url.searchParams.get('q') === 'kotihoito';
    });
    await search.press('Enter');
    const response = await answered;
    assert.equal(response.status(), 200, `the board's search answered ${response.status()}`);
    const found = (await response.json()).items ?? [];
    assert.ok(
      found.some((c) => c.id === shared.id),
      `searching "kotihoito" did not find "${shared.title}"; found: ${found.map((c) => c.title).join(' | ')}`,
    );
    const card = page.locator('#board-results article', { hasText: shared.title }).first();
    await card.waitFor({ state: 'visible' });
    await card.locator(':is(h1, h2, h3, h4) a').first().click();

    const heading = await visible(page, 'h1#challenge-title');
    await page.waitForFunction((t) => document.querySelector('h1#challenge-title')?.textContent.includes(t), shared.title);
    assert.match(await heading.textContent(), /kotihoidon/);
    // Deadlines are shown in Helsinki time with the time remaining.
    const facts = await (await visible(page, '.facts-panel')).textContent();
    assert.match(facts, /Helsingin aikaa/, facts);
    assert.match(facts, /jäljellä/, facts);
  });
});

test('(c) no accessibility violations on the board, a challenge page and the sign-in page', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  await journey(browser, 'c-accessibility', async (page) => {
    const reports = [];
    const scan = async (where) => {
      await page.waitForLoadState('networkidle').catch(() => {});
      const violations = await axeViolations(page);
      if (violations.length > 0) reports.push(describeViolations(where, violations));
    };

    await page.goto('/');
    await visible(page, '#board-results article');
    await scan('board');

    if (shared.id) {
      await page.goto(`/challenges/${shared.id}`);
    } else {
      // Journey (a) failed: scan whichever challenge the board shows first.
      await page.locator('#board-results article :is(h1, h2, h3, h4) a').first().click();
    }
    await visible(page, 'h1#challenge-title');
    await scan('challenge page');

    await page.goto('/sign-in');
    await visible(page, '#signin-email');
    await scan('sign-in page');

    assert.equal(reports.length, 0, `axe-core found violations:\n${reports.join('\n')}`);
  }, { bypassCSP: true });
});
