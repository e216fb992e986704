// End-to-end in the real app, in German: our own questionnaire is made from the vendor page (the
// native save dialog cannot be driven under WebDriver, nor its command replaced in the page: the
// test sends the command the dialog's answer goes to, with what the form says), filled in by a spreadsheet library as a vendor
// would, dropped back on the page and imported; a reason of the new verdict becomes a condition,
// the vendor is approved with it, the condition is closed with a certificate, and the app offers
// to approve without conditions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { squash } from './english.mjs';
import { byTestId, drop, freshDataDir, launch, openVendor, screenshot, setInput } from './harness.mjs';

const invoke = (app, command, args) => app.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), command, args);


describe('our questionnaire and an approval with conditions in the real app', { timeout: 180_000 }, () => {
  it('makes, fills, imports, turns a reason into a condition, approves, closes it with a certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vetted-own-'));
    const blank = join(dir, 'Sicherheitsfragebogen - Twilio.xlsx');
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'de_DE.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, 'Twilio Ireland Limited');

      // 1. Our questionnaire, from the vendor page, in German.
      await (await byTestId(app, 'make-questionnaire')).click();
      const lang = await (await byTestId(app, 'make-lang')).getValue();
      const tier = Number(await (await byTestId(app, 'make-tier')).getValue());
      assert.deepEqual([lang, tier], ['de', 2], "German, and the vendor's tier");
      const made = await invoke(app, 'questionnaire_make', { request: { baseline: null, tier, lang, vendor_id: 4 }, path: blank });
      assert.equal(made.questions, 21);
      assert.ok(existsSync(blank));

      // 2. Filled in as the vendor would: everything in place and described, but no MFA for admins.
      const plan = {};
      for (const id of ['BL-01.1', 'BL-01.2', 'BL-02.1', 'BL-02.2', 'BL-03.1', 'BL-04.1', 'BL-04.2', 'BL-05.1', 'BL-06.1', 'BL-07.1', 'BL-07.2', 'BL-09.1', 'BL-09.2', 'BL-10.1', 'BL-11.1', 'BL-11.2', 'BL-12.1', 'BL-13.1', 'BL-14.1', 'BL-15.1']) {
        plan[id] = ['Ja', `Umgesetzt (${id})`, 'Richtlinie ISMS-01'];
      }
      plan['BL-08.1'] = ['Nein', 'MFA nur für Remote-Zugänge', ''];
      const planFile = join(dir, 'plan.json');
      writeFileSync(planFile, JSON.stringify(plan));
      const filled = join(dir, 'Fragebogen Twilio ausgefüllt.xlsx');
      execFileSync('/usr/bin/python3', [join(import.meta.dirname, '../tools/fill-questionnaire.py'), 'openpyxl', blank, filled, planFile]);

      // 3. Dropped back on the page: recognised as ours, 21 answers, imported.
      await drop(app, filled);
      const madeFrom = await byTestId(app, 'made-from', 20_000);
      assert.match(squash(await madeFrom.getProperty('textContent')), /Unser Fragebogen aus „Mindestanforderungen an die Sicherheit von Unterauftragsverarbeitern“, Version 3, Risikostufe 2/);
      assert.equal(await (await byTestId(app, 'preview-questions')).getProperty('textContent'), '21 Fragen gelesen');
      assert.equal(await (await byTestId(app, 'count-yes')).getProperty('textContent'), 'Ja: 20');
      await (await byTestId(app, 'commit-import')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length === 21, { timeout: 20_000, timeoutMsg: 'the answers were not saved' });

      // 4. The verdict follows the answers: MFA not met fails the vendor.
      await app.waitUntil(async () => (await (await byTestId(app, 'verdict')).getProperty('textContent')) === 'Nicht erfüllt', {
        timeout: 20_000,
        timeoutMsg: 'the verdict did not follow the imported answers',
      });
      const reasons = await byTestId(app, 'reasons');
      assert.match(squash(await reasons.getProperty('textContent')), /BL-08/);

      // 5. The reason as a condition, with an owner and a due date.
      await (await reasons.$('[data-testid="reason-to-condition"]')).click();
      const title = await byTestId(app, 'condition-title');
      assert.match(await title.getValue(), /BL-08|Mehr-Faktor/);
      assert.equal(await (await byTestId(app, 'condition-control')).getValue(), 'BL-08');
      await setInput(app, 'condition-owner', 'IT-Leitung');
      await setInput(app, 'condition-due', '31.03.2027');
      await (await byTestId(app, 'condition-save')).click();
      const conditions = await byTestId(app, 'conditions', 20_000);
      assert.match(squash(await conditions.getProperty('textContent')), /BL-08.*offen.*IT-Leitung.*31\.03\.2027/);

      // 6. Approved with that condition; the verdict is not "meets", so with a justification.
      await (await byTestId(app, 'approve')).click();
      assert.equal(await (await byTestId(app, 'approve-as-conditions')).isSelected(), true);
      await (await byTestId(app, 'approve-save')).click();
      assert.match(await (await byTestId(app, 'approve-justification-error')).getProperty('textContent'), /begründen Sie/);
      await setInput(app, 'approve-justification', 'MFA für Administratoren bis Ende März zugesagt');
      await (await byTestId(app, 'approve-save')).click();
      const line = await byTestId(app, 'approval-line', 20_000);
      assert.match(squash(await line.getProperty('textContent')), /Freigegeben mit Auflagen von .* auf die Bewertung „Nicht erfüllt“/);
      await app.waitUntil(async () => (await (await byTestId(app, 'vendor-status')).getProperty('textContent')) === 'Freigegeben mit Auflagen', {
        timeout: 10_000,
      });
      await screenshot(app, 'de-approval-with-conditions');

      // 7. The vendor sends an ISO 27001 certificate; the condition is closed with it.
      await invoke(app, 'cert_add', {
        vendorId: 4,
        draft: { kind: 'iso27001_2022', issuer: 'TÜV', certificate_number: 'ISMS-4711', scope: 'Programmable SMS', services: [], tsc: [], period_start: '', period_end: '', as_of: '', issued: '2026-11-01', expires: '2029-10-31', opinion: '', exceptions: '' },
        files: null,
      });
      await app.refresh();
      await openVendor(app, 'Twilio Ireland Limited');
      const condition = await (await byTestId(app, 'conditions', 20_000)).$('li');
      await (await condition.$('[data-testid="condition-meet"]')).click();
      const metBy = await byTestId(app, 'close-met-by');
      const options = await metBy.$$('option');
      let chosen = false;
      for (const o of options) {
        if ((await o.getProperty('textContent')).includes('27001')) {
          await metBy.selectByAttribute('value', await o.getAttribute('value'));
          chosen = true;
        }
      }
      assert.ok(chosen, 'the certificate is offered as what met the condition');
      await (await byTestId(app, 'close-save')).click();
      const offer = await byTestId(app, 'approve-offer', 20_000);
      assert.match(await offer.getProperty('textContent'), /Das war die letzte offene Auflage/);
      assert.match(squash(await (await byTestId(app, 'conditions')).getProperty('textContent')), /erfüllt am .* Zertifizierung ISO\/IEC 27001/);
      await screenshot(app, 'de-condition-met');
      await session.close();
    } catch (e) {
      await screenshot(app, 'approvals-failure');
      await session.close(true);
      throw e;
    }
  });
});
