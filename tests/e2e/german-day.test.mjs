// End-to-end in the real app, in German, as a German DPO's day: the example register with its
// verdicts, a vendor page, the certification form, the dashboard, Settings and the German
// documents. It asserts what a reader relies on (no name cut in the register at 1280 px, the
// glossary's words on screen) and saves each screen as `de-<name>` for docs/screenshots
// (scripts/docs-screenshots.sh copies them there).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { squash } from './english.mjs';
import { byTestId, freshDataDir, launch, openVendor, screenshot } from './harness.mjs';

const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');

/** Saves the screen as artifacts/de-<name>.png (a stable name, for the docs). */
async function shot(app, name) {
  const file = await screenshot(app, `de-${name}`);
  copyFileSync(file, join(ARTIFACTS, `de-${name}.png`));
}

describe('a German DPO in the real app', { timeout: 180_000 }, () => {
  it('reads the register, a verdict, the certification form, the dashboard and the documents in German', async () => {
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'de_DE.UTF-8' });
    const app = session.browser;
    const out = mkdtempSync(join(tmpdir(), 'vetted-de-'));
    try {
      await (await byTestId(app, 'first-run-example')).click();
      // The example shows real verdicts: Sentry meets, Google is conditional.
      await app.waitUntil(async () => (await app.$$('[data-testid="row-verdict"]')).length >= 6, { timeout: 20_000 });
      const chips = [];
      for (const chip of await app.$$('[data-testid="row-verdict"]')) chips.push(await chip.getProperty('textContent'));
      assert.ok(chips.includes('Erfüllt') || chips.some((c) => /Erfüllt/.test(c)), chips.join(' | '));
      assert.ok(chips.some((c) => /Auflagen/.test(c)), chips.join(' | '));
      // No vendor's name is cut at 1280 px, and no verdict chip reaches past its column.
      const cut = await app.execute(() =>
        [...document.querySelectorAll('[data-testid="vendor-row"] .name')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
      );
      assert.deepEqual(cut, [], 'names cut in the register');
      const spilled = await app.execute(() =>
        [...document.querySelectorAll('[data-testid="row-verdict"]')]
          .filter((chip) => chip.getBoundingClientRect().right > chip.parentElement.getBoundingClientRect().right + 1)
          .map((e) => e.textContent),
      );
      assert.deepEqual(spilled, [], 'verdict chips past their column');
      const head = squash(await (await app.$('.grid-head')).getProperty('textContent'));
      assert.match(head, /Risikostufe/);
      assert.match(head, /Bewertung/);
      await shot(app, 'register');

      await openVendor(app, 'Google Cloud EMEA Ltd');
      await byTestId(app, 'assessment');
      const verdict = await (await byTestId(app, 'verdict')).getProperty('textContent');
      assert.equal(verdict, 'Unter Auflagen');
      // the example's own texts in German too
      assert.match(squash(await (await app.$('.vendor-detail')).getProperty('textContent')), /Virtueller Agent und Sprachtranskription/);
      const reasons = squash(await (await byTestId(app, 'reasons')).getProperty('textContent'));
      assert.match(reasons, /ist nur teilweise erfüllt/);
      assert.match(squash(await (await byTestId(app, 'certifications')).getProperty('textContent')), /Prüfungsurteil: Uneingeschränkt/);
      await shot(app, 'vendor');

      await (await byTestId(app, 'add-cert')).click();
      await byTestId(app, 'cert-period_start');
      assert.equal((await app.$$('[data-testid="cert-issued"]')).length, 0, 'a SOC 2 asks for its period, not an issue date');
      assert.match(await (await byTestId(app, 'cert-form')).getProperty('textContent'), /Kein formales Ablaufdatum/);
      await (await byTestId(app, 'cert-form')).scrollIntoView();
      await shot(app, 'certification-form');

      await (await byTestId(app, 'nav-dashboard')).click();
      await byTestId(app, 'dash-unattested');
      await shot(app, 'dashboard');

      await (await byTestId(app, 'nav-settings')).click();
      await byTestId(app, 'language-select');
      const settings = squash(await (await byTestId(app, 'settings')).getProperty('textContent'));
      assert.match(settings, /Mindestanforderungen an die Sicherheit von Unterauftragsverarbeitern/);
      assert.doesNotMatch(settings, /Minimum security baseline|VETTED_DATA_DIR/);
      await shot(app, 'settings');

      // The German documents, written by the app's own commands (the save dialogs bypassed).
      const docs = resolve(ARTIFACTS, 'docs');
      mkdirSync(docs, { recursive: true });
      const vendors = await app.execute(() => window.__TAURI_INTERNALS__.invoke('vendor_history', { vendorId: null, limit: 50 }));
      const google = vendors.find((e) => e.vendor_name === 'Google Cloud EMEA Ltd').vendor_id;
      const summary = join(out, 'zusammenfassung.pdf');
      await app.execute((a) => window.__TAURI_INTERNALS__.invoke('export_summary', a), { vendorId: google, path: summary, lang: 'de', open: false });
      const filter = { statuses: [], with_verdict: true };
      const list = join(out, 'liste.pdf');
      await app.execute((a) => window.__TAURI_INTERNALS__.invoke('export_register', a), { filter, format: 'pdf', path: list, lang: 'de', open: false });
      const summaryText = squash(execFileSync('pdftotext', [summary, '-']).toString());
      assert.match(summaryText, /Begründung/);
      assert.match(summaryText, /Zeitraum .* Sicherheit, Verfügbarkeit, Vertraulichkeit/);
      assert.ok(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [summary]).toString())[1]) <= 2, 'the summary fits on two pages');
      for (const [pdf, name] of [[summary, 'de-summary'], [list, 'de-list']]) {
        execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, join(docs, name)]);
      }
      await session.close();
    } catch (e) {
      await screenshot(app, 'german-day-failure');
      await session.close(true);
      throw e;
    }
  });
});
