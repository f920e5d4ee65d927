// Company profiles and sealed proposals in headless Chromium, on the demo data:
//  (h) a company member completes the organisation's profile (and finds it public), prepares a
//      proposal on the Pirkanmaa challenge, writes it (autosaved), uploads a PDF with its
//      progress bar showing, submits it and sees the receipt, which verifies; the challenge's
//      coordinator sees only the count of submitted proposals before the deadline;
//  (i) axe-core finds no violations on the profile editor, the public profile, the directory,
//      "my proposals", the proposal editor, the receipt page and the coordinator's sealed count.
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations, clickForResponse, demoUser, describeViolations, journey, launchBrowser, visible } from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
const COMPANY_MEMBER = 'minna.laaksonen@hoivatek.example';
const CHALLENGE_TITLE = 'Kotihoidon asiakkaiden etäseuranta';
const JOURNEY_TIMEOUT_MS = 300_000;

const shared = { challengeId: null, orgId: null, proposalId: null, receiptPath: null };

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

async function demoChallenge(page) {
  if (shared.challengeId) return shared.challengeId;
  const board = await (await page.request.get('/api/v1/challenges?region=pirkanmaa&per_page=100')).json();
  const found = board.items.find((c) => c.title.startsWith(CHALLENGE_TITLE));
  if (!found) throw new Error(`the demo data has no challenge "${CHALLENGE_TITLE}…"`);
  shared.challengeId = found.id;
  return found.id;
}

/** A PDF of about `bytes` bytes: big enough that the browser reports upload progress. */
function pdf(bytes) {
  const head = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n';
  const tail = '\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  return Buffer.from(head + '%'.padEnd(bytes - head.length - tail.length, ' ') + tail);
}

/** Types into a field and leaves it, as a person would. */
async function write(page, selector, text) {
  const field = await visible(page, selector);
  await field.fill(text);
  await field.blur();
}

test('(h) a company completes its profile, drafts, uploads, submits and gets a receipt; the coordinator sees only the count', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  const company = await demoUser(COMPANY_MEMBER);
  const coordinator = await demoUser(COORDINATOR);
  await journey(browser, 'h-proposal', async (page) => {
    const id = await demoChallenge(page);
    await signIn(page, company.email, company.password);
    const me = await (await page.request.get('/api/v1/session')).json();
    const hoivatek = me.memberships.find((m) => m.org.kind === 'company');
    assert.ok(hoivatek, 'the demo company member belongs to a company');
    shared.orgId = hoivatek.org.id;

    // The profile: from the organisation page to the editor; a new summary, public, saved.
    await page.goto('/organisation');
    await (await visible(page, `#org-${shared.orgId}-edit-profile`)).click();
    await page.waitForURL(new RegExp(`/organisations/${shared.orgId}/edit$`));
    const summary = `Etäseurantaa ja kotihoidon työkaluja ${Date.now()}`;
    await (await visible(page, '#pf-summary')).fill(summary);
    const isPublic = page.locator('#pf-public');
    if (!(await isPublic.isChecked())) await isPublic.check();
    await clickForResponse(page, '#profile-save', 'PUT', new RegExp(`/api/v1/organisations/${shared.orgId}/profile$`), 'saving the profile');
    // Anyone can read it now, and the directory finds it.
    await page.goto(`/organisations/${shared.orgId}`);
    await visible(page, '#profile-body');
    await page.locator('main', { hasText: summary }).waitFor();
    await page.goto('/directory');
    await (await visible(page, '#directory-q')).fill('Hoivatek');
    await page.locator('#directory-search').first().click();
    await page.locator('#directory-results', { hasText: 'Hoivatek' }).waitFor();

    // The proposal: started from the challenge page.
    await page.goto(`/challenges/${id}`);
    const [started] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new RegExp(`/api/v1/challenges/${id}/proposals$`).test(new URL(r.url()).pathname)),
      (await visible(page, '#proposal-start')).click(),
    ]);
    assert.ok(started.ok(), `starting the proposal answered ${started.status()}`);
    shared.proposalId = (await started.json()).id;
    await page.waitForURL(new RegExp(`/proposals/${shared.proposalId}$`));

    // Written part by part; the autosave says when it has saved.
    await write(page, '#pe-title', 'Etäseuranta kotihoitoon');
    await write(page, '#pe-summary-text', 'Kotihoidon asiakkaiden vointia seurataan kotona mittalaitteilla, ja poikkeamat näkyvät hoitajalle.');
    await write(page, '#pe-solution-text', 'Ratkaisu kerää verenpaineen, painon ja happisaturaation mittaukset ja näyttää poikkeamat hoitajalle yhdessä näkymässä.');
    const criteria = await page.locator('[id^="pe-crit-"][id$="-text"]').count();
    assert.ok(criteria > 0, 'the form follows the challenge criteria');
    for (let i = 0; i < criteria; i += 1) {
      await write(page, `#pe-crit-${i}-text`, `Vastaus kriteeriin ${i + 1} perusteluineen ja näyttöineen.`);
    }
    await (await visible(page, '#pe-trl')).selectOption('7');
    await write(page, '#pe-trl-evidence-text', 'Pilotoitu kahdessa kunnassa vuonna 2025.');
    await write(page, '#pe-price-text', 'Kuukausihinta asiakasta kohden, ei aloitusmaksua.');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && /\/draft$/.test(new URL(r.url()).pathname)),
      write(page, '#pe-team-text', 'Kolme kehittäjää ja kliininen asiantuntija.'),
    ]);
    assert.ok(saved.ok(), `autosave answered ${saved.status()}`);
    await page.locator('#pe-autosave', { hasText: 'Tallennettu' }).waitFor();

    // A PDF, with a progress bar while it goes.
    await page.evaluate(() => {
      window.__progressSeen = [];
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll('progress[id^="pe-upload-"]')) {
          window.__progressSeen.push(Number(bar.value));
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    });
    const [uploaded] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /\/attachments$/.test(new URL(r.url()).pathname)),
      (await page.locator('#pe-file')).setInputFiles({ name: 'Ratkaisukuvaus.pdf', mimeType: 'application/pdf', buffer: pdf(3 * 1024 * 1024) }),
    ]);
    assert.equal(uploaded.status(), 201, `the upload answered ${uploaded.status()}`);
    await page.locator('#pe-attachments', { hasText: 'Ratkaisukuvaus.pdf' }).waitFor();
    const seen = await page.evaluate(() => window.__progressSeen);
    assert.ok(seen.length > 0, 'a progress bar was shown during the upload');

    // Submitted after a confirmation; the receipt page shows the times and the digest.
    await (await visible(page, '#pe-submit')).click();
    const [receipt] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /\/submit$/.test(new URL(r.url()).pathname)),
      (await visible(page, '#pe-confirm-submit')).click(),
    ]);
    assert.equal(receipt.status(), 201, `submitting answered ${receipt.status()}: ${await receipt.text()}`);
    const r = await receipt.json();
    await page.waitForURL(new RegExp(`/proposals/${shared.proposalId}/receipts/${r.id}$`));
    shared.receiptPath = `/proposals/${shared.proposalId}/receipts/${r.id}`;
    const digest = (await (await visible(page, '#rc-digest')).textContent()).replace(/\s/g, '');
    assert.equal(digest, r.digest);
    assert.match(digest, /^[0-9a-f]{64}$/);
    await visible(page, '#rc-received-utc');
    await visible(page, '#rc-received-helsinki');
    await clickForResponse(page, '#rc-verify', 'GET', /\/verify$/, 'verifying the receipt');
    await page.locator('#rc-verify-outcome[data-valid="true"]').waitFor();

    // "My proposals" lists it as submitted.
    await page.goto('/my/proposals');
    await page.locator(`#my-proposals-list li[data-proposal="${shared.proposalId}"]`).waitFor();
  });

  // The coordinator: before the deadline only the count, never the list.
  await journey(browser, 'h-coordinator-count', async (page) => {
    await signIn(page, coordinator.email, coordinator.password);
    await page.goto(`/challenges/${shared.challengeId}`);
    await page.locator('#submissions-count', { hasText: '1' }).waitFor();
    await visible(page, '#submissions-sealed');
    assert.equal(await page.locator('#submissions-list').count(), 0, 'no list before the deadline');
    const answer = await (await page.request.get(`/api/v1/challenges/${shared.challengeId}/proposals`)).json();
    assert.equal(answer.sealed, true);
    assert.equal(answer.submitted_count, 1);
    assert.deepEqual(answer.proposals, []);
    const read = await page.request.get(`/api/v1/proposals/${shared.proposalId}`);
    assert.equal(read.status(), 403, 'the coordinator cannot open a proposal before the deadline');
  });
});

test('(i) no accessibility violations on the profile, directory and proposal pages', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
  assert.ok(shared.proposalId, 'journey (h) ran first and left a submitted proposal');
  const reports = [];
  const scan = async (page, where, ready) => {
    await visible(page, ready);
    const violations = await axeViolations(page);
    if (violations.length > 0) reports.push(describeViolations(where, violations));
  };
  const company = await demoUser(COMPANY_MEMBER);
  await journey(browser, 'i-axe-company', async (page) => {
    await signIn(page, company.email, company.password);
    await page.goto(`/organisations/${shared.orgId}/edit`);
    await scan(page, 'the profile editor', '#profile-form');
    await page.goto(`/organisations/${shared.orgId}`);
    await scan(page, 'the public profile', '#profile-body');
    await page.goto('/directory');
    await scan(page, 'the directory', '#directory-results');
    await page.goto('/my/proposals');
    await scan(page, 'my proposals', '#my-proposals-list');
    await page.goto(`/proposals/${shared.proposalId}`);
    await scan(page, 'the proposal editor', '#pe-attachments');
    await page.goto(shared.receiptPath);
    await scan(page, 'the receipt page', '#rc-digest');
  }, { bypassCSP: true });
  const coordinator = await demoUser(COORDINATOR);
  await journey(browser, 'i-axe-coordinator', async (page) => {
    await signIn(page, coordinator.email, coordinator.password);
    await page.goto(`/challenges/${shared.challengeId}`);
    await scan(page, 'the coordinator’s sealed count', '#submissions-count');
  }, { bypassCSP: true });
  assert.equal(reports.length, 0, reports.join('\n\n'));
});
