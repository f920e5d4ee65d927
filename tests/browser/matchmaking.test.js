// Matchmaking in headless Chromium, on the demo data:
//  (l) a company member of two organisations opens "Recommendations" from the menu, sees that
//      the one with a private profile gets none and why, switches to the other, sees its
//      recommended challenges ranked with their fit in words and the reasons, saves a weekly
//      recommendation alert, which is listed and stored as such, and switches to Swedish: the
//      reasons and the alert follow;
//  (m) the Pirkanmaa coordinator opens a challenge's suggested organisations from the challenge
//      page, sees the reasons and similar challenges of other regions (also in the editor),
//      invites an organisation to the market dialogue with a personal message, sees "Invited on
//      …", and the organisation's contact person gets the mail; a second invitation is refused;
//  (n) the company looks for partners on the challenge, sends a contact request to a
//      complementary organisation, which accepts from the mail's page; only then does the
//      requester see the contact details;
// and axe-core finds no violations on each new page: recommendations, suggested organisations
// and similar challenges, the challenge page and editor as the coordinator sees them, partner
// search, and contact requests (both sides).
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL
// and KEHTO_OUTBOX.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  axeViolations,
  clickForResponse,
  demoUser,
  describeViolations,
  journey,
  lastMailTo,
  launchBrowser,
  readDemo,
  visible,
} from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
// A member of Datasilta (private profile) and of Hoivatek (public, home-care offerings).
const COMPANY_MEMBER = 'ville.korhonen@datasilta.example';
const CHALLENGE_TITLE = 'Kotihoidon asiakkaiden etäseuranta';
const JOURNEY_TIMEOUT_MS = 240_000;

const shared = { challengeId: null, orgs: null };

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

/** The signed-in user's organisations by demo key (`hoivatek` → its id). */
async function orgIds(page) {
  const session = await (await page.request.get('/api/v1/session')).json();
  const demo = await readDemo();
  const byName = Object.fromEntries(demo.organisations.map((o) => [o.name, o.key]));
  return Object.fromEntries(session.memberships.map((m) => [byName[m.org.name_fi] ?? m.org.name_fi, m.org.id]));
}

async function demoChallenge(page) {
  if (shared.challengeId) return shared.challengeId;
  const board = await (await page.request.get('/api/v1/challenges?region=pirkanmaa&per_page=100')).json();
  const found = board.items.find((c) => c.title.startsWith(CHALLENGE_TITLE));
  assert.ok(found, `the demo data has a challenge "${CHALLENGE_TITLE}…"`);
  shared.challengeId = found.id;
  return found.id;
}

/** Collects axe-core's violations on the current page, once `ready` is visible. */
function scanner(reports) {
  return async (page, where, ready) => {
    await visible(page, ready);
    const violations = await axeViolations(page);
    if (violations.length > 0) reports.push(describeViolations(where, violations));
  };
}

test('(l) a company member sees recommended challenges with reasons and saves an alert', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const member = await demoUser(COMPANY_MEMBER);
  const reports = [];
  const scan = scanner(reports);
  await journey(browser, 'l-recommendations', async (page) => {
    await signIn(page, member.email, member.password);
    shared.orgs = await orgIds(page);
    const challengeId = await demoChallenge(page);
    await (await visible(page, '#nav-recommendations')).click();
    await page.waitForURL((u) => u.pathname === '/recommendations');
    // Datasilta's profile is private: nothing to recommend, and the page says why.
    await page.goto(`/organisations/${shared.orgs.datasilta}/recommendations`);
    await visible(page, '#rec-not-public');
    await scan(page, 'recommendations without a public profile', '#rec-alerts');
    // The other organisation, chosen from the page's own links.
    await (await visible(page, `#rec-orgs a[data-org="${shared.orgs.hoivatek}"]`)).click();
    await page.waitForURL((u) => u.pathname === `/organisations/${shared.orgs.hoivatek}/recommendations`);
    const item = await visible(page, `#rec-list li[data-challenge="${challengeId}"]`);
    const text = await item.innerText();
    assert.match(text, /osuvuus/i, `the fit is said in words: ${text}`);
    assert.match(text, /Miksi:\s*Tarjoomasi/, `the reasons are in words: ${text}`);
    assert.match(text, /kotihoito/i, `the reasons name what matched: ${text}`);
    await visible(page, `#rec-list a[data-partners="${challengeId}"]`);
    // Save a weekly alert for good fits or better.
    const name = `Kotihoidon suositukset ${Date.now()}`;
    await (await visible(page, '#alert-name')).fill(name);
    await page.selectOption('#alert-min-fit', 'good');
    await (await visible(page, '#alert-frequency-weekly')).check();
    const res = await clickForResponse(page, '#alert-save', 'POST', /\/api\/v1\/me\/saved-searches$/, 'saving the alert');
    const saved = await res.json();
    assert.equal(saved.kind, 'recommendations');
    assert.equal(saved.org_id, shared.orgs.hoivatek);
    assert.equal(saved.min_fit, 'good');
    assert.equal(saved.frequency, 'weekly');
    await visible(page, `#alert-list li[data-alert="${saved.id}"]`);
    await visible(page, '#alert-status .notice');
    await scan(page, 'recommendations with an alert', `#alert-list li[data-alert="${saved.id}"]`);
    // In Swedish the reasons and the alert's summary follow at once.
    // (The choice is saved in the profile too: wait for it, and for the way back.)
    await clickForResponse(page, '#lang-switch a[hreflang="sv"]', 'PUT', /\/api\/v1\/me$/, 'switching to Swedish');
    await page.waitForFunction((id) => document.querySelector(`#rec-list li[data-challenge="${id}"] .match-reason`)?.textContent.includes('Ert erbjudande'), challengeId);
    assert.match(await page.locator(`#alert-list li[data-alert="${saved.id}"]`).innerText(), /Varje vecka/);
    await scan(page, 'recommendations in Swedish', '#rec-list');
    await clickForResponse(page, '#lang-switch a[hreflang="fi"]', 'PUT', /\/api\/v1\/me$/, 'switching back to Finnish');
    // It is listed with the user's saved searches too, in words.
    await page.goto('/my/dialogue');
    const listed = await visible(page, `#my-searches li[data-saved-search="${saved.id}"]`);
    assert.match(await listed.innerText(), /Viikoittain/);
  }, { bypassCSP: true });
  assert.equal(reports.length, 0, reports.join('\n\n'));
});

test('(m) a coordinator sees suggested organisations on a challenge and invites one', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const coordinator = await demoUser(COORDINATOR);
  const demo = await readDemo();
  const reports = [];
  const scan = scanner(reports);
  await journey(browser, 'm-suggestions', async (page) => {
    await signIn(page, coordinator.email, coordinator.password);
    const challengeId = await demoChallenge(page);
    // The coordinator's panel on the challenge page lists similar challenges of other regions.
    await page.goto(`/challenges/${challengeId}`);
    await visible(page, '#similar-list li[data-challenge]');
    await scan(page, 'the challenge page as its coordinator', '#similar-list');
    await (await visible(page, '#challenge-matchmaking')).click();
    await page.waitForURL((u) => u.pathname === `/challenges/${challengeId}/matchmaking`);
    const first = await visible(page, '#sugg-list li[data-org]:has(button[data-invite])');
    const orgId = Number(await first.getAttribute('data-org'));
    const orgName = (await first.locator('h3').innerText()).trim();
    assert.match(await first.innerText(), /Miksi:/, 'the suggestion gives its reasons');
    await visible(page, '#similar-list li[data-challenge]');
    await scan(page, 'suggested organisations and similar challenges', '#sugg-list');
    // Invite: the form says what will be sent; a personal message goes with it.
    await first.locator('button[data-invite]').click();
    const message = `Tervetuloa mukaan markkinavuoropuheluun (journey m ${Date.now()})`;
    await (await visible(page, `#invite-${orgId}-message`)).fill(message);
    await scan(page, 'the invitation form', `#invite-${orgId}`);
    await clickForResponse(page, `button[data-send-invite="${orgId}"]`, 'POST', /\/suggested-organisations\/\d+\/invite$/, 'inviting');
    await visible(page, `#sugg-list [data-invited="${orgId}"]`);
    await visible(page, `#invited-list li[data-invitation-org="${orgId}"]`);
    await visible(page, '#sugg-status .notice');
    // The organisation's contact person gets the invitation with the message and the link.
    const contact = demo.organisations.find((o) => o.name === orgName)?.profile?.contact_email;
    assert.ok(contact, `the demo data has a contact e-mail for ${orgName}`);
    const mail = await lastMailTo(contact, message);
    assert.ok(mail.includes(`/challenges/${challengeId}`), 'the mail links to the challenge');
    // Once only.
    const again = await page.request.post(`/api/v1/challenges/${challengeId}/suggested-organisations/${orgId}/invite`, {
      data: { message: '' },
      headers: { 'X-Requested-With': 'kehto' },
    });
    assert.equal(again.status(), 409);
    assert.equal((await again.json()).error.code, 'already_invited');
    // While editing, the similar challenges are at hand too.
    await page.goto(`/challenges/${challengeId}/edit`);
    await visible(page, '#similar-list li[data-challenge]');
  }, { bypassCSP: true });
  assert.equal(reports.length, 0, reports.join('\n\n'));
});

test('(n) a company looks for partners and a contact request is accepted', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const member = await demoUser(COMPANY_MEMBER);
  const demo = await readDemo();
  const reports = [];
  const scan = scanner(reports);
  let partner;
  let requestId;
  await journey(browser, 'n-partners', async (page) => {
    await signIn(page, member.email, member.password);
    const orgs = shared.orgs ?? (await orgIds(page));
    const challengeId = await demoChallenge(page);
    // From the challenge page; then the organisation that looks is chosen on the page.
    await page.goto(`/challenges/${challengeId}`);
    await (await visible(page, '#partner-search-link')).click();
    await page.waitForURL((u) => u.pathname === `/challenges/${challengeId}/partners`);
    await (await visible(page, `#partner-orgs a[data-org="${orgs.hoivatek}"]`)).click();
    await page.waitForURL((u) => u.search === `?org=${orgs.hoivatek}`);
    await visible(page, '#partner-form');
    await scan(page, 'partner search before looking', '#partner-form');
    await (await visible(page, '#partner-lacking-ai_analytics')).check();
    await (await visible(page, '#partner-note')).fill('Yöaikaisen hälytysdatan analytiikka');
    await clickForResponse(page, '#partner-save', 'PUT', /\/partner-search$/, 'looking for partners');
    const candidate = await visible(page, '#candidate-list li[data-org]:has(button[data-request])');
    const to = Number(await candidate.getAttribute('data-org'));
    const toName = (await candidate.locator('h3').innerText()).trim();
    assert.match(await candidate.innerText(), /Miksi:/, 'the candidate comes with reasons');
    await candidate.locator('button[data-request]').click();
    await (await visible(page, `#request-${to}-message`)).fill('Hei! Tarjoamme kotihoidon etäseurantaa ja etsimme analytiikkakumppania yhteiseen ehdotukseen.');
    const res = await clickForResponse(page, `button[data-send-request="${to}"]`, 'POST', /\/contact-requests$/, 'sending a contact request');
    requestId = (await res.json()).id;
    await visible(page, `#candidate-list [data-requested="${to}"]`);
    await scan(page, 'partner search with candidates', '#candidate-list');
    // Until the other side accepts, no contact details.
    await page.goto('/contact-requests');
    const sent = await visible(page, `[data-outgoing] li[data-contact-request="${requestId}"]`);
    assert.equal(await sent.getAttribute('data-status'), 'pending');
    assert.equal(await sent.locator('[data-contact]').count(), 0);
    await scan(page, 'contact requests (sent, pending)', `li[data-contact-request="${requestId}"]`);
    const key = demo.organisations.find((o) => o.name === toName)?.key;
    partner = demo.users.find((u) => u.memberships.some((m) => m.org === key));
    assert.ok(partner, `the demo data has a member of ${toName}`);
  }, { bypassCSP: true });
  await journey(browser, 'n-accept', async (page) => {
    const mail = await lastMailTo(partner.email, '/contact-requests');
    const link = new URL(mail.match(/https?:\/\/[^\s"<>]*\/contact-requests/)[0]);
    const user = await demoUser(partner.email);
    await signIn(page, user.email, user.password);
    await page.goto(link.pathname);
    await visible(page, `[data-incoming] li[data-contact-request="${requestId}"] button[data-accept]`);
    await scan(page, 'contact requests (received)', `button[data-accept="${requestId}"]`);
    await clickForResponse(page, `button[data-accept="${requestId}"]`, 'POST', /\/contact-requests\/\d+\/answer$/, 'accepting');
    await visible(page, '#contact-status .notice');
    await visible(page, `[data-incoming] li[data-contact-request="${requestId}"][data-status="accepted"]`);
  }, { bypassCSP: true });
  await journey(browser, 'n-contact', async (page) => {
    await signIn(page, member.email, member.password);
    await page.goto('/contact-requests');
    const details = await visible(page, `[data-outgoing] li[data-contact-request="${requestId}"] [data-contact]`);
    assert.match(await details.innerText(), /@/, 'the accepted partner\'s e-mail is shown');
    await scan(page, 'contact requests (sent, accepted)', `[data-contact="${requestId}"]`);
  }, { bypassCSP: true });
  assert.equal(reports.length, 0, reports.join('\n\n'));
});
