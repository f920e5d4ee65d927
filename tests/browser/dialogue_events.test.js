// Info sessions and one-to-one meetings in headless Chromium, on the demo data:
//  (f) the Pirkanmaa coordinator adds an info session and a meeting slot through the forms on
//      the challenge page; a company member registers, downloads the session's .ics file and
//      books the slot, and finds both on "My dialogue"; a visitor sees the session's counts but
//      no names;
//  (g) axe-core finds no violations on the challenge page (events and meetings) as the company
//      member and as the coordinator, the coordinators' dialogue dashboard, My dialogue, the
//      notification centre and a version page.
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { axeViolations, clickForResponse, demoUser, describeViolations, journey, launchBrowser, visible } from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
const COMPANY_MEMBER = 'minna.laaksonen@hoivatek.example';
const CHALLENGE_TITLE = 'Kotihoidon asiakkaiden etäseuranta';
const JOURNEY_TIMEOUT_MS = 240_000;

const shared = {
  challengeId: null,
  eventId: null,
  slotId: null,
  eventTitle: `Testi-infotilaisuus etäseurannasta ${Date.now()}`,
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function signIn(page, email, password) {
  await page.goto('/sign-in');
  await (await visible(page, '#signin-email')).fill(email);
  await (await visible(page, '#signin-password')).fill(password);
  await clickForResponse(page, 'form:has(#signin-email) button[type="submit"]', 'POST', /\/api\/v1\/session$/, 'signing in');
  await page.locator('#sign-out').first().waitFor({ state: 'attached' });
}

async function signOut(page) {
  await clickForResponse(page, '#sign-out', 'DELETE', /\/api\/v1\/session$/, 'signing out');
}

/** The Pirkanmaa home-care monitoring challenge of the demo data, found through the public API. */
async function demoChallenge(page) {
  if (shared.challengeId) return shared.challengeId;
  const board = await (await page.request.get('/api/v1/challenges?region=pirkanmaa&per_page=100')).json();
  const found = board.items.find((c) => c.title.startsWith(CHALLENGE_TITLE));
  if (!found) throw new Error(`the demo data has no challenge "${CHALLENGE_TITLE}…"`);
  shared.challengeId = found.id;
  return found.id;
}

/** `yyyy-MM-ddTHH:mm`, `days` from today at `hour`:00: what a datetime-local input takes. */
function dayAt(days, hour) {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/** Opens the challenge page and waits until both dialogue sections have loaded. */
async function openChallenge(page, id) {
  await page.goto(`/challenges/${id}`);
  await visible(page, '#events-title');
  await page.locator('#events .event-list, #events-none').first().waitFor({ state: 'visible' });
  await page.locator('#meeting-slots, #meetings-none').first().waitFor({ state: 'visible' });
}

test('(f) a coordinator adds an info session and a slot; a company registers, downloads it and books; a visitor sees counts only', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const coordinator = await demoUser(COORDINATOR);
  const company = await demoUser(COMPANY_MEMBER);
  await journey(browser, 'f-events', async (page) => {
    const id = await demoChallenge(page);

    // The coordinator adds an info session and a meeting slot through the forms.
    await signIn(page, coordinator.email, coordinator.password);
    await openChallenge(page, id);
    await visible(page, 'a#challenge-dashboard');
    await (await visible(page, '#event-title')).fill(shared.eventTitle);
    await page.fill('#event-description', 'Esittelemme **pilotin** aikataulun ja vastaamme kysymyksiin.');
    await page.fill('#event-address', 'Hatanpään valtatie 24, Tampere');
    await page.fill('#event-starts', dayAt(9, 10));
    await page.fill('#event-ends', dayAt(9, 12));
    await page.selectOption('#event-lang', 'fi');
    await page.fill('#event-capacity', '5');
    const created = await clickForResponse(page, '#event-submit', 'POST', /\/challenges\/\d+\/events$/, 'creating the event');
    shared.eventId = (await created.json()).id;
    const article = await visible(page, `article[data-event="${shared.eventId}"]`);
    assert.match(await article.textContent(), /5 paikkaa, 5 vapaana/);
    assert.match(await article.textContent(), /Helsingin aikaa/);

    await page.fill('#slot-starts', dayAt(10, 9));
    await page.fill('#slot-ends', dayAt(10, 10));
    await page.fill('#slot-location', 'https://teams.example.com/l/meetup-join/testitapaaminen');
    const slot = await clickForResponse(page, '#slot-submit', 'POST', /\/challenges\/\d+\/meetings$/, 'adding the slot');
    shared.slotId = (await slot.json()).id;
    await visible(page, `li[data-slot="${shared.slotId}"]`);
    await signOut(page);

    // The company member registers, downloads the calendar file and books the slot.
    await signIn(page, company.email, company.password);
    await openChallenge(page, id);
    await clickForResponse(page, `button[data-register="${shared.eventId}"]`, 'POST', /\/events\/\d+\/registration$/, 'registering');
    const state = await visible(page, `#event-${shared.eventId}-state`);
    assert.match(await state.textContent(), /Olet ilmoittautunut/);
    await visible(page, `button[data-unregister="${shared.eventId}"]`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`a[data-ics="${shared.eventId}"]`).click(),
    ]);
    const ics = await readFile(await download.path(), 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    assert.ok(ics.replace(/\r\n[ \t]/g, '').includes(shared.eventTitle), 'the file names the event');
    assert.ok(!/[^\r]\n/.test(ics), 'every line ends in CRLF');

    // Each organisation may book one meeting here: an earlier run's booking is cancelled first.
    while ((await page.locator('button[data-unbook]').count()) > 0) {
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'GET' && /\/meetings$/.test(new URL(r.url()).pathname)),
        clickForResponse(page, 'button[data-unbook]', 'DELETE', /\/meetings\/\d+\/booking$/, 'cancelling an earlier booking'),
      ]);
    }
    await clickForResponse(page, `button[data-book="${shared.slotId}"]`, 'POST', /\/meetings\/\d+\/booking$/, 'booking');
    const booked = page.locator(`li[data-slot="${shared.slotId}"]`);
    await booked.filter({ hasText: 'Organisaatiosi varaama' }).waitFor({ state: 'visible' });
    assert.match(await booked.textContent(), /testitapaaminen/, 'the booker sees where the meeting is');
    await visible(page, `button[data-unbook="${shared.slotId}"]`);

    await page.goto('/my/dialogue');
    const registrations = await visible(page, `#my-registrations li[data-event="${shared.eventId}"]`);
    assert.match(await registrations.textContent(), /Olet ilmoittautunut/);
    await visible(page, `#my-bookings li[data-slot="${shared.slotId}"]`);
    assert.match(await (await visible(page, '#my-bookings')).textContent(), new RegExp(CHALLENGE_TITLE));
    await signOut(page);

    // A visitor sees the session with its counts, and nobody's name.
    await openChallenge(page, id);
    const seen = await visible(page, `article[data-event="${shared.eventId}"]`);
    assert.match(await seen.textContent(), /5 paikkaa, 4 vapaana/);
    assert.equal(await page.locator(`button[data-register="${shared.eventId}"]`).count(), 0);
    assert.equal(await page.locator('[data-participants]').count(), 0);
    const dialogue = `${await page.locator('#events').textContent()} ${await page.locator('#meetings').textContent()}`;
    assert.doesNotMatch(dialogue, /Minna|Laaksonen|Hoivatek|@hoivatek|testitapaaminen/, 'no names, organisations or meeting places');
    assert.match(await page.locator(`li[data-slot="${shared.slotId}"]`).textContent(), /Varattu/);
  });
});

test('(g) no accessibility violations on the dialogue pages', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const reports = [];
  const scan = async (page, where) => {
    await page.waitForLoadState('networkidle').catch(() => {});
    const violations = await axeViolations(page);
    if (violations.length > 0) reports.push(describeViolations(where, violations));
  };

  const company = await demoUser(COMPANY_MEMBER);
  await journey(browser, 'g-axe-company', async (page) => {
    const id = await demoChallenge(page);
    await signIn(page, company.email, company.password);
    await openChallenge(page, id);
    await scan(page, 'challenge page as a company member');
    await page.goto('/my/dialogue');
    await page.locator('#my-questions, #my-registrations').first().waitFor({ state: 'visible' });
    await visible(page, '#my-follows-title');
    await scan(page, 'my dialogue');
    await page.goto('/notifications');
    await page.locator('#notifications, #notifications-empty').first().waitFor({ state: 'visible' });
    await scan(page, 'notifications');
  }, { bypassCSP: true });

  const coordinator = await demoUser(COORDINATOR);
  await journey(browser, 'g-axe-coordinator', async (page) => {
    const id = await demoChallenge(page);
    await signIn(page, coordinator.email, coordinator.password);
    await openChallenge(page, id);
    await visible(page, '#event-form');
    await page.locator('details.event-manage').first().evaluate((d) => { d.open = true; });
    await page.locator('[data-participants]').first().waitFor({ state: 'visible' });
    await scan(page, 'challenge page as the coordinator');
    await page.goto(`/challenges/${id}/dialogue`);
    await visible(page, '#dashboard-summary');
    await scan(page, 'dialogue dashboard');
    await page.goto(`/challenges/${id}/versions/1`);
    await visible(page, '#version-banner');
    await scan(page, 'version 1');
  }, { bypassCSP: true });

  assert.equal(reports.length, 0, `axe-core found violations:\n${reports.join('\n')}`);
});
