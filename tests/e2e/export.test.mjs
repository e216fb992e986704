// End-to-end in the real app: a vendor summary PDF and the sub-processor list are exported by the
// app's own commands to a temp path (the native save dialog cannot be driven under WebDriver, so the
// test calls the command the dialog's answer goes to), then the list page shows the published
// versions and what changed between them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTestId, freshDataDir, launch, openVendor, screenshot } from './harness.mjs';

const invoke = (app, command, args) =>
  app.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), command, args);

describe('exports from the real app', { timeout: 180_000 }, () => {
  it('writes a summary PDF and publishes the list as versions it can compare', async () => {
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'en_US.UTF-8' });
    const app = session.browser;
    const out = mkdtempSync(join(tmpdir(), 'vetted-export-'));
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, 'Genesys Cloud Services, Inc.');
      await byTestId(app, 'export-pdf');

      const pdf = join(out, 'genesys.pdf');
      const bytes = await invoke(app, 'export_summary', { vendorId: 1, path: pdf, lang: 'de', open: false });
      const written = readFileSync(pdf);
      assert.equal(written.length, bytes);
      assert.equal(written.subarray(0, 5).toString(), '%PDF-');

      const filter = { statuses: ['approved', 'approved_with_conditions'], with_verdict: true };
      const first = await invoke(app, 'export_register', { filter, format: 'xlsx', path: join(out, 'list.xlsx'), lang: 'en', open: false });
      assert.deepEqual([first.version, first.new], [1, true]);
      // Twilio, in review: approved on record (its verdict is not "meets": with a justification)
      await invoke(app, 'vendor_approve', { vendorId: 4, draft: { status: 'approved', justification: 'Pilot, SOC 2 report promised' } });
      const second = await invoke(app, 'export_register', { filter, format: 'csv', path: join(out, 'list.csv'), lang: 'en', open: false });
      assert.deepEqual([second.version, second.new], [2, true]);
      assert.match(readFileSync(join(out, 'list.csv'), 'utf8'), /Twilio Ireland Limited/);

      await (await byTestId(app, 'nav-publish')).click();
      const versions = await byTestId(app, 'publish-versions');
      assert.equal((await versions.$$('tbody tr')).length, 2);
      await (await byTestId(app, 'diff-show')).click();
      const added = await byTestId(app, 'diff-added');
      assert.match(await added.getProperty('textContent'), /Twilio Ireland Limited/);
      await screenshot(app, 'publish');
      await session.close();
    } catch (e) {
      await screenshot(app, 'export-failure');
      await session.close(true);
      throw e;
    }
  });
});
