// Market dialogue in headless Chromium, on the demo data:
//  (d) a company member asks a question on an open Pirkanmaa challenge; its coordinator answers
//      it with an edited public wording; a visitor reads the answer, with no trace of the asker;
//  (e) axe-core finds no violations in the questions section as the company and as the
//      coordinator sees it.
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations, clickForResponse, demoUser, describeViolations, journey, launchBrowser, visible } from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
const COMPANY_MEMBER = 'minna.laaksonen@hoivatek.example';
const JOURNEY_TIMEOUT_MS = 180_000;

const shared = { challengeId: null, question: `Voiko pilotin aloittaa yhdellä kotihoidon tiimillä? (${Date.now()})` };

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

/** A Pirkanmaa challenge that takes questions now, found through the public API. */
async function openPirkanmaaChallenge(page) {
  const board = await (await page.request.get('/api/v1/challenges?region=pirkanmaa&per_page=100')).json();
  for (const c of board.items) {
    const view = await (await page.request.get(`/api/v1/challenges/${c.id}/questions`)).json();
    const close = view.questions_close_at && Date.parse(view.questions_close_at);
    if (['published', 'proposals_open'].includes(c.status) && (!close || close > Date.parse(view.server_now))) {
      return c.id;
    }
  }
  throw new Error('the demo data has no Pirkanmaa challenge open for questions');
}

test('(d) a company asks, the coordinator answers, a visitor reads the answer without the asker', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const company = await demoUser(COMPANY_MEMBER);
  const coordinator = await demoUser(COORDINATOR);
  await journey(browser, 'd-questions', async (page) => {
    shared.challengeId = await openPirkanmaaChallenge(page);
    const url = `/challenges/${shared.challengeId}`;

    await signIn(page, company.email, company.password);
    await page.goto(url);
    await (await visible(page, '#question-text')).fill(shared.question);
    await clickForResponse(page, '#question-submit', 'POST', /\/questions$/, 'asking');
    await visible(page, '#questions-notice');
    const mine = await visible(page, '#questions-mine');
    assert.match(await mine.textContent(), /Voiko pilotin aloittaa/);
    await signOut(page);

    await signIn(page, coordinator.email, coordinator.password);
    await page.goto(url);
    const queue = await visible(page, '#questions-queue');
    const item = queue.locator('li[data-question]', { hasText: 'Voiko pilotin aloittaa' }).first();
    await item.waitFor({ state: 'visible' });
    assert.match(await item.textContent(), /Hoivatek/, 'the coordinator sees who asked');
    const id = await item.getAttribute('data-question');
    await page.fill(`#answer-${id}-question`, 'Voiko pilotin aloittaa yhdellä kotihoidon tiimillä?');
    await page.fill(`#answer-${id}-answer`, 'Kyllä. Pilotti voi alkaa yhdellä tiimillä ja laajentua kolmen kuukauden jälkeen.');
    await clickForResponse(page, `button[data-answer-for="${id}"]`, 'PUT', /\/answer$/, 'answering');
    await visible(page, '#questions-notice');
    await signOut(page);

    await page.goto(url);
    const published = await visible(page, '#questions-published');
    const text = await published.textContent();
    assert.match(text, /Voiko pilotin aloittaa yhdellä kotihoidon tiimillä\?/);
    assert.match(text, /laajentua kolmen kuukauden jälkeen/);
    const section = await (await visible(page, '#questions')).textContent();
    assert.doesNotMatch(section, /Hoivatek|minna\.laaksonen|\(\d{10,}\)/, 'no trace of the asker or the original wording');
  });
});

test('(e) no accessibility violations in the questions section for a company and a coordinator', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const reports = [];
  for (const email of [COMPANY_MEMBER, COORDINATOR]) {
    const user = await demoUser(email);
    await journey(browser, `e-questions-axe-${email.split('@')[0]}`, async (page) => {
      const id = shared.challengeId ?? (await openPirkanmaaChallenge(page));
      await signIn(page, user.email, user.password);
      await page.goto(`/challenges/${id}`);
      await visible(page, '#questions');
      await page.waitForLoadState('networkidle').catch(() => {});
      const violations = await axeViolations(page);
      if (violations.length > 0) reports.push(describeViolations(`questions as ${email}`, violations));
    }, { bypassCSP: true });
  }
  assert.equal(reports.length, 0, `axe-core found violations:\n${reports.join('\n')}`);
});
