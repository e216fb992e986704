// End-to-end in the real app: a tier-1 vendor of the example register is scored against the
// minimum security baseline. With nothing known it is "not enough information"; the real CAIQ
// makes it conditional (tier 1 needs independent evidence); a SOC 2 Type II makes it meet the
// baseline; asked "as of" a day after the report lapses, it is conditional again. The register
// shows the saved verdict.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { documentEnglish, squash, uiEnglish } from './english.mjs';
import { byTestId, drop, freshDataDir, launch, monthsFromToday, openVendor, screenshot, setInput } from './harness.mjs';

const CAIQ = resolve(import.meta.dirname, '../../../shared/realdata/caiq-v4.0.3-instructure.xlsx');
const VENDOR = 'Amazon Web Services EMEA SARL'; // high sensitivity, high impact: tier 1

async function verdictIs(app, text, timeout = 15_000) {
  await app.waitUntil(async () => (await (await byTestId(app, 'verdict')).getProperty('textContent')) === text, {
    timeout,
    timeoutMsg: `the verdict did not become "${text}"`,
  });
}

/** Every reason on screen: the view leads with three and names the rest behind a button. */
async function allReasons(app) {
  const more = await app.$('[data-testid="more-reasons"]');
  if (await more.isExisting()) await more.click();
  return (await byTestId(app, 'reasons')).getProperty('textContent');
}

describe('scoring in the real app', { timeout: 180_000 }, () => {
  it('shows the verdict and reasons, and the verdict follows the evidence and the as-of day', { skip: !existsSync(CAIQ) && `${CAIQ} is absent` }, async () => {
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'en_US.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, VENDOR);
      await byTestId(app, 'assessment');
      await verdictIs(app, 'Not enough information');

      // The vendor's CAIQ: every control answered "Yes", but tier 1 needs an independent attestation.
      await drop(app, CAIQ);
      await (await byTestId(app, 'commit-import', 20_000)).click();
      await verdictIs(app, 'Conditional', 20_000);
      assert.equal(await (await byTestId(app, 'coverage')).getProperty('textContent'), '100.0% coverage');
      const reasons = await allReasons(app);
      assert.match(reasons, /BL-05 Malware prevention rests on the vendor's answer with its description; the tier needs an independent attestation/);

      // A SOC 2 Type II (Security, Availability, Confidentiality) whose period ended two months ago.
      await (await byTestId(app, 'add-cert')).click();
      await setInput(app, 'cert-period_start', monthsFromToday(-8));
      await setInput(app, 'cert-period_end', monthsFromToday(-2));
      for (const c of ['security', 'availability', 'confidentiality']) await (await byTestId(app, `cert-tsc-${c}`)).click();
      await (await byTestId(app, 'save-cert')).click();
      await verdictIs(app, 'Meets baseline');
      assert.equal((await app.$$('[data-testid="reasons"]')).length, 0);
      await (await app.$('[data-testid="control-BL-07"] button.text-button')).click();
      const evidence = await (await app.$('[data-testid="assessment"] .evidence')).getProperty('textContent');
      assert.match(evidence, /SOC 2 Type II, Security in scope, current until/);
      assert.match(evidence, /CAIQ IAM-05\.1: Yes, sheet CAIQv4\.0\.3!C156/);
      await screenshot(app, 'assessment-meets');

      // Eleven months from now the report (current for 12 months after its period) has lapsed.
      await setInput(app, 'assess-as-of', monthsFromToday(11));
      await verdictIs(app, 'Conditional');
      assert.match(await (await byTestId(app, 'assessment')).getProperty('textContent'), /what if on .* \(not saved\)/);
      assert.equal(await (await byTestId(app, 'status-BL-07')).getProperty('textContent'), 'met');
      assert.match(await allReasons(app), /BL-07 User access control rests on the vendor's answer/);

      // Today's verdict was saved: the register shows it and filters by it.
      await (await app.$('.vendor-detail .back')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="row-verdict"]')).length > 0, { timeout: 10_000 });
      await setInput(app, 'filter-verdict', 'meets');
      // AWS now, beside the example's Sentry (its questionnaire meets the baseline of tier 3).
      await app.waitUntil(async () => (await app.$$('[data-testid="vendor-row"]')).length === 2, { timeout: 10_000 });
      const met = [];
      for (const row of await app.$$('[data-testid="vendor-row"]')) met.push(await row.getProperty('textContent'));
      assert.ok(met.some((t) => /Amazon Web Services EMEA SARL.*Meets baseline/s.test(t)), met.join(' | '));
      assert.ok(met.some((t) => /Sentry.*Meets baseline/s.test(t)), met.join(' | '));
      await session.close();
    } catch (e) {
      await screenshot(app, 'scoring-failure');
      await session.close(true);
      throw e;
    }
  });

  it('words a scored vendor in German on screen and in its summary PDF, with no English sentence left', { skip: !existsSync(CAIQ) && `${CAIQ} is absent` }, async () => {
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'de_DE.UTF-8' });
    const app = session.browser;
    const out = mkdtempSync(join(tmpdir(), 'vetted-german-'));
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, VENDOR);
      await byTestId(app, 'assessment');
      await drop(app, CAIQ);
      await (await byTestId(app, 'commit-import', 20_000)).click();
      await verdictIs(app, 'Unter Auflagen', 20_000);
      // Every reason and every control opened: its evidence and what is missing are on screen too.
      await allReasons(app);
      for (const button of await app.$$('[data-testid="assessment"] tr.control button.text-button')) await button.click();
      const view = squash(await (await byTestId(app, 'assessment')).getProperty('textContent'));
      assert.match(view, /BL-05 Schutz vor Schadsoftware stützt sich auf die Antwort des Dienstleisters mit Beschreibung; die Risikostufe verlangt eine unabhängige Prüfung/);
      assert.match(view, /CAIQ IAM-14\.1: Yes, Zelle CAIQv4\.0\.3!C167/); // the vendor's own answer stays as written
      const english = uiEnglish(['reason.', 'evidence.', 'missing.', 'weakness.', 'strengthPhrase.', 'assess.', 'verdict.', 'cstatus.', 'strength.']);
      assert.ok(english.length > 40, `${english.length} English pieces to look for`);
      assert.deepEqual(english.filter((p) => view.includes(p)), [], 'English on the German assessment view');
      await screenshot(app, 'assessment-de');

      // The German summary PDF, written by the app's own command (the save dialog is bypassed).
      const pdf = join(out, 'aws-de.pdf');
      const vendors = await app.execute(() => window.__TAURI_INTERNALS__.invoke('vendor_history', { vendorId: null, limit: 50 }));
      const vendorId = vendors.find((e) => e.vendor_name === 'Amazon Web Services EMEA SARL').vendor_id;
      await app.execute((a) => window.__TAURI_INTERNALS__.invoke('export_summary', a), { vendorId, path: pdf, lang: 'de', open: false });
      const text = squash(execFileSync('pdftotext', [pdf, '-']).toString());
      assert.match(text, /Mindestanforderungen an die Sicherheit von Unterauftragsverarbeitern/);
      assert.match(text, /stützt sich auf die Antwort des Dienstleisters mit Beschreibung/);
      const words = documentEnglish();
      assert.ok(words.length > 40, `${words.length} English pieces to look for`);
      assert.deepEqual(words.filter((p) => text.includes(p)), [], 'English in the German summary PDF');
      await session.close();
    } catch (e) {
      await screenshot(app, 'scoring-german-failure');
      await session.close(true);
      throw e;
    }
  });
});
