// Evaluation in headless Chromium, on the demo data:
//  (j) the Pirkanmaa coordinator invites an external expert to evaluate a challenge; the expert
//      opens the link in the invitation mail, accepts while signed in, and is on the challenge's
//      panel; axe-core finds no violations on the invitation page.
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL
// and KEHTO_OUTBOX.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations, clickForResponse, demoUser, describeViolations, journey, lastMailTo, launchBrowser, visible } from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
const EXPERT = 'bedomare@pohjanmaa.example';

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

test('(j) an external expert accepts an invitation to evaluate from the mail link', { timeout: 180_000 }, async () => {
  const coordinator = await demoUser(COORDINATOR);
  const expert = await demoUser(EXPERT);
  let challengeId;
  let link;
  await journey(browser, 'j-invite', async (page) => {
    await signIn(page, coordinator.email, coordinator.password);
    const session = await (await page.request.get('/api/v1/session')).json();
    const region = session.memberships.find((m) => m.org.kind === 'region').org.region_code;
    const board = await (await page.request.get(`/api/v1/challenges?region=${region}&per_page=100&include_drafts=true`)).json();
    const own = board.items.find((c) => c.status === 'proposals_open' || c.status === 'published');
    assert.ok(own, `the demo data has an open challenge of ${region}`);
    challengeId = own.id;
    const res = await page.request.post(`/api/v1/challenges/${challengeId}/evaluator-invitations`, {
      data: { email: expert.email },
      headers: { 'X-Requested-With': 'kehto' },
    });
    assert.equal(res.status(), 201, `inviting answered ${res.status()}: ${await res.text()}`);
    const mail = await lastMailTo(expert.email, '/evaluations/accept?token=');
    link = new URL(mail.match(/https?:\/\/[^\s"<>]*\/evaluations\/accept\?token=[A-Za-z0-9_-]+/)[0]);
  });
  await journey(browser, 'j-accept', async (page) => {
    // Signed out, the page leads to sign-in; after it, back here to accept.
    await page.goto(link.pathname + link.search);
    await (await visible(page, '#ev-accept-sign-in')).click();
    await (await visible(page, '#signin-email')).fill(expert.email);
    await (await visible(page, '#signin-password')).fill(expert.password);
    await clickForResponse(page, 'form:has(#signin-email) button[type="submit"]', 'POST', /\/api\/v1\/session$/, 'signing in');
    await page.waitForURL((u) => u.pathname === '/evaluations/accept');
    await clickForResponse(page, '#ev-accept', 'POST', /\/api\/v1\/evaluator-invitations\/accept$/, 'accepting');
    await visible(page, '#ev-accept-done');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations('the evaluator invitation page', violations));
    // The link is single-use.
    await page.goto(link.pathname + link.search);
    await clickForResponse(page, '#ev-accept', 'POST', /\/api\/v1\/evaluator-invitations\/accept$/, 'accepting again').catch(() => {});
    await visible(page, '#ev-accept-error .error-box');
  }, { bypassCSP: true });
  await journey(browser, 'j-panel', async (page) => {
    await signIn(page, coordinator.email, coordinator.password);
    const panel = await (await page.request.get(`/api/v1/challenges/${challengeId}/evaluators`)).json();
    assert.ok(panel.evaluators.some((e) => e.email === expert.email), `the expert is on the panel: ${JSON.stringify(panel)}`);
  });
});
