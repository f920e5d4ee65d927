// Scoring and decisions in headless Chromium, on the demo challenge past its deadline
// ("Kaatumisten ehkäisy…", Pirkanmaa; evaluators arvioija@pirkanmaa.example and the outside
// expert asiantuntija@arviointi.example, assigned to its three proposals):
//  (k) each evaluator declares no conflict on Hoivatek's proposal and scores and submits it in
//      the scoring form, far apart; the coordinator sees the disagreement flag on the board,
//      records the consensus and a decision, and publishes; Hoivatek's owner reads their own
//      scores, the justifications and the decision's reasons, and cannot read another
//      company's feedback. axe-core finds no violations on the workspace, the scoring page, the
//      board and the feedback page.
// The other two proposals are scored and decided through the API (a publication needs every
// proposal of the round decided); the journey's subject is the one done through the pages.
// Run by `cargo xtask test` as `node --test --test-concurrency=1 tests/browser/` with KEHTO_URL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations, clickForResponse, demoUser, describeViolations, journey, launchBrowser, visible } from './lib.js';

const COORDINATOR = 'koordinaattori@pirkanmaa.example';
const STAFF_EVALUATOR = 'arvioija@pirkanmaa.example';
const EXPERT = 'asiantuntija@arviointi.example';
const HOIVATEK_OWNER = 'minna.laaksonen@hoivatek.example';
const WRITE = { 'X-Requested-With': 'kehto' };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function signIn(page, email) {
  const user = await demoUser(email);
  await page.goto('/sign-in');
  await (await visible(page, '#signin-email')).fill(user.email);
  await (await visible(page, '#signin-password')).fill(user.password);
  await clickForResponse(page, 'form:has(#signin-email) button[type="submit"]', 'POST', /\/api\/v1\/session$/, 'signing in');
  await page.locator('#sign-out').first().waitFor({ state: 'attached' });
}

async function apiOk(res, what) {
  assert.ok(res.ok(), `${what} answered ${res.status()}: ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
}

async function noViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, describeViolations(where, violations));
}

/** The demo challenge the evaluator evaluates, and its proposals by lead name. */
async function evaluationOf(page) {
  const mine = await apiOk(await page.request.get('/api/v1/me/evaluations'), 'my evaluations');
  const ev = mine.find((e) => !e.sealed && e.assignments.length >= 3);
  assert.ok(ev, `the demo has a challenge ready for evaluation: ${JSON.stringify(mine)}`);
  const byLead = (name) => ev.assignments.find((a) => a.lead.name_fi.includes(name)).proposal_id;
  return { challengeId: ev.challenge_id, hoivatek: byLead('Hoivatek'), others: ev.assignments.map((a) => a.proposal_id).filter((id) => id !== byLead('Hoivatek')) };
}

/** Declares no conflict and submits a sheet with `score(criterion)` on every criterion, by API. */
async function scoreByApi(page, proposalId, score) {
  await apiOk(
    await page.request.put(`/api/v1/proposals/${proposalId}/conflict-declaration`, { data: { declaration: 'none' }, headers: WRITE }),
    'declaring',
  );
  const scoring = await apiOk(await page.request.get(`/api/v1/proposals/${proposalId}/scoresheet`), 'opening the scoresheet');
  const sheet = {
    scores: scoring.criteria_set.criteria.map((c) => ({ key: c.key, score: score(c), justification: 'Arvioitu kuvauksen perusteella.' })),
    checks: scoring.criteria_set.requirements.map((r) => ({ key: r.key, passed: true, note: '' })),
  };
  await apiOk(await page.request.post(`/api/v1/proposals/${proposalId}/scoresheet/submit`, { data: { sheet }, headers: WRITE }), 'submitting');
}

/** The evaluator's part through the pages: declare, open the scoring form, fill it, submit. */
async function scoreInPages(page, proposalId, pick, justification) {
  await page.goto('/evaluations');
  await (await visible(page, `#ew-${proposalId}-none`)).check();
  await clickForResponse(page, `#ew-${proposalId}-submit`, 'PUT', /\/conflict-declaration$/, 'declaring no conflict');
  await visible(page, `#ew-${proposalId}-score`);
  await noViolations(page, 'the evaluator workspace');
  await page.locator(`#ew-${proposalId}-score`).click();
  await page.waitForURL((u) => u.pathname === `/evaluations/proposals/${proposalId}`);
  await visible(page, '#sc-form');
  // Before submitting, the other evaluators' sheets are hidden.
  await visible(page, '#sc-others-hidden');
  const criteria = page.locator('#sc-form fieldset.sheet-criterion');
  const count = await criteria.count();
  assert.ok(count >= 2, `the form has a fieldset per criterion (${count})`);
  for (let i = 0; i < count; i += 1) {
    const criterion = criteria.nth(i);
    const radios = criterion.locator('fieldset.scale input[type="radio"]');
    const values = await radios.evaluateAll((els) => els.map((e) => Number(e.value)));
    const wanted = pick(Math.min(...values), Math.max(...values));
    await criterion.locator(`fieldset.scale input[type="radio"][value="${wanted}"]`).check();
    await criterion.locator('textarea').fill(`${justification} (${i + 1})`);
  }
  const requirements = page.locator('#sc-form fieldset.sheet-requirement');
  for (let i = 0; i < (await requirements.count()); i += 1) {
    await requirements.nth(i).locator('input[type="radio"][value="pass"]').check();
  }
  await noViolations(page, 'the scoring page');
  await page.locator('#sc-submit').click();
  await visible(page, '#sc-confirm');
  await clickForResponse(page, '#sc-confirm-submit', 'POST', /\/scoresheet\/submit$/, 'submitting the scores');
  // Submitted: locked, and the others' sheets are no longer hidden.
  await page.locator('#sc-others-hidden').waitFor({ state: 'detached' });
  await visible(page, '#sc-others');
}

test('(k) two evaluators score, the coordinator agrees and decides, the company reads its feedback', { timeout: 300_000 }, async () => {
  let ids;
  await journey(browser, 'k-staff-evaluator', async (page) => {
    await signIn(page, STAFF_EVALUATOR);
    ids = await evaluationOf(page);
    await scoreInPages(page, ids.hoivatek, (_min, max) => max, 'Ratkaisu kattaa tarpeen hyvin');
    for (const id of ids.others) await scoreByApi(page, id, (c) => c.scale.max - 1);
  }, { bypassCSP: true });

  await journey(browser, 'k-expert', async (page) => {
    await signIn(page, EXPERT);
    await scoreInPages(page, ids.hoivatek, (min) => min, 'Kattavuus jää vajaaksi');
    for (const id of ids.others) await scoreByApi(page, id, (c) => c.scale.max - 1);
    // Having submitted, the expert sees the staff evaluator's sheet (the others', not their own).
    const peers = await apiOk(await page.request.get(`/api/v1/proposals/${ids.hoivatek}/scoresheets`), 'peer sheets');
    assert.equal(peers.length, 1, `the other sheet is visible after submitting: ${JSON.stringify(peers)}`);
    assert.ok(peers[0].sheet.scores[0].justification.startsWith('Ratkaisu kattaa'), 'it is the staff evaluator\'s');
    await visible(page, '#sc-others table');
  }, { bypassCSP: true });

  const reasons = 'Paras kokonaisuus: kaatumisten tunnistus toimii ilman puettavaa laitetta.';
  await journey(browser, 'k-coordinator', async (page) => {
    await signIn(page, COORDINATOR);
    // The panel (evaluators, assignments, declarations) and the frozen criteria set.
    await page.goto(`/challenges/${ids.challengeId}/evaluation`);
    await visible(page, '#ep-assignments');
    await noViolations(page, 'the evaluation panel');
    await page.goto(`/challenges/${ids.challengeId}/evaluation/criteria`);
    await visible(page, '#ec-readonly');
    await visible(page, '#ec-read-criteria');
    await noViolations(page, 'the criteria set, frozen');
    // The editor itself, on an open challenge of the same region.
    const session = await apiOk(await page.request.get('/api/v1/session'), 'session');
    const region = session.memberships.find((m) => m.org.kind === 'region').org.region_code;
    const board = await apiOk(await page.request.get(`/api/v1/challenges?region=${region}&per_page=100&include_drafts=true`), 'board');
    const open = board.items.find((c) => c.status === 'proposals_open' || c.status === 'published');
    assert.ok(open, `the demo has an open challenge of ${region}`);
    await page.goto(`/challenges/${open.id}/evaluation/criteria`);
    await visible(page, '#ec-form');
    await visible(page, '#ec-total');
    await noViolations(page, 'the criteria editor');
    await page.goto(`/challenges/${ids.challengeId}/evaluation/board`);
    const stats = await visible(page, `#eb-p-${ids.hoivatek}-stats`);
    await stats.locator('.disagreement').first().waitFor({ state: 'visible' });
    await noViolations(page, 'the evaluation board');
    // The consensus: prefilled from the panel's means; the rationale is written per criterion.
    const consensus = page.locator(`#eb-c-${ids.hoivatek}-form`);
    const rationales = consensus.locator('fieldset.sheet-criterion textarea');
    for (let i = 0; i < (await rationales.count()); i += 1) {
      await rationales.nth(i).fill(`Paneeli keskusteli erosta ja sopi pisteet (${i + 1}).`);
    }
    const checks = consensus.locator('fieldset.sheet-requirement');
    for (let i = 0; i < (await checks.count()); i += 1) {
      await checks.nth(i).locator('input[type="radio"][value="pass"]').check();
    }
    await clickForResponse(page, `#eb-c-${ids.hoivatek}-save`, 'PUT', /\/consensus$/, 'recording the consensus');
    await visible(page, `#eb-p-${ids.hoivatek}-consensus-recorded`);
    const decision = page.locator(`#eb-d-${ids.hoivatek}-form`);
    await decision.locator('input[type="radio"][value="selected"]').check();
    await decision.locator('textarea').fill(reasons);
    await clickForResponse(page, `#eb-d-${ids.hoivatek}-save`, 'PUT', /\/decision$/, 'recording the decision');
    await visible(page, `#eb-p-${ids.hoivatek}-decision-recorded`);
    // The other two through the API: consensus from their (equal) scores, not selected.
    for (const id of ids.others) {
      const peers = await apiOk(await page.request.get(`/api/v1/proposals/${id}/scoresheets`), 'sheets');
      const sheet = peers[0].sheet;
      sheet.scores.forEach((s) => { s.justification = 'Arvioijat olivat yksimielisiä.'; });
      await apiOk(await page.request.put(`/api/v1/proposals/${id}/consensus`, { data: { sheet }, headers: WRITE }), 'consensus');
      await apiOk(
        await page.request.put(`/api/v1/proposals/${id}/decision`, { data: { outcome: 'not_selected', reasons: 'Pienempi kokonaispistemäärä kuin valitulla.' }, headers: WRITE }),
        'decision',
      );
    }
    await page.reload();
    const publish = await visible(page, '#eb-publish-button');
    await page.waitForFunction(() => !document.querySelector('#eb-publish-button')?.disabled);
    await publish.click();
    await visible(page, '#eb-publish-confirm');
    await clickForResponse(page, '#eb-publish-yes', 'POST', /\/evaluation\/publish$/, 'publishing');
  }, { bypassCSP: true });

  await journey(browser, 'k-visitor', async (page) => {
    // The public page: the criteria set it was scored on, and who was selected.
    await page.goto(`/challenges/${ids.challengeId}`);
    await visible(page, '#challenge-criteria-set #ec-read-criteria');
    const outcome = await visible(page, '#challenge-outcome-list');
    assert.ok((await outcome.innerText()).includes('Hoivatek'), 'the selected company is named');
    await noViolations(page, 'the challenge page with its outcome');
  }, { bypassCSP: true });

  await journey(browser, 'k-company', async (page) => {
    await signIn(page, HOIVATEK_OWNER);
    await page.goto(`/proposals/${ids.hoivatek}/feedback`);
    const outcome = await visible(page, '#fb-round-1-outcome');
    assert.ok((await visible(page, '#fb-round-1-reasons')) && (await page.locator('#fb-round-1-reasons').innerText()).includes('kaatumisten tunnistus'), 'the decision\'s reasons are shown');
    assert.ok((await outcome.innerText()).length > 0);
    const body = await page.locator('main').innerText();
    assert.ok(body.includes('Ratkaisu kattaa tarpeen hyvin'), 'the justifications are shown');
    await noViolations(page, 'the feedback page');
    // Another company's feedback stays closed.
    const other = await page.request.get(`/api/v1/proposals/${ids.others[0]}/feedback`);
    assert.equal(other.status(), 404, `another company's feedback answered ${other.status()}`);
  }, { bypassCSP: true });
});
