// End-to-end in the real app: the completed CAIQ v4.0.3 is dropped on a vendor's page (the drop is
// Tauri's own `tauri://drag-drop` event, which a person's drop also raises; WebDriver cannot drag
// from the desktop), the preview names the template and counts before anything is saved, the
// import is committed, and the answers are on the vendor page after a restart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { byTestId, drop, freshDataDir, launch, openVendor } from './harness.mjs';

const CAIQ = resolve(import.meta.dirname, '../../../shared/realdata/caiq-v4.0.3-instructure.xlsx');
const CAIQ3 = resolve(import.meta.dirname, '../../../shared/realdata/caiq-v3.0.1-blank.xlsx');

describe('questionnaire import in the real app', { timeout: 120_000 }, () => {
  it('previews the CAIQ, saves it, and shows its answers on the vendor page', { skip: !existsSync(CAIQ) && `${CAIQ} is absent` }, async () => {
    const data = freshDataDir();
    let session = await launch({ VETTED_DATA_DIR: data, LANG: 'en_US.UTF-8' });
    let app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, 'Genesys');
      await byTestId(app, 'questionnaires');
      await drop(app, CAIQ);
      const template = await byTestId(app, 'preview-template', 20_000);
      assert.equal((await template.getProperty('textContent')).trim(), 'CSA CAIQ v4.0.3');
      assert.equal(await (await byTestId(app, 'preview-questions')).getProperty('textContent'), '261 questions read');
      assert.equal(await (await byTestId(app, 'count-yes')).getProperty('textContent'), 'Yes: 259');
      assert.equal(await (await byTestId(app, 'count-no')).getProperty('textContent'), 'No: 2');
      assert.equal((await app.$$('[data-testid="answer-row"]')).length, 0, 'nothing saved before confirming');
      await (await byTestId(app, 'commit-import')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length === 261, {
        timeout: 20_000,
        timeoutMsg: 'the saved answers did not appear',
      });
      assert.match(await (await byTestId(app, 'history')).getProperty('textContent'), /imported a questionnaire/);
      await session.close();

      session = await launch({ VETTED_DATA_DIR: data, LANG: 'en_US.UTF-8' });
      app = session.browser;
      await openVendor(app, 'Genesys');
      await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length === 261, { timeout: 10_000 });
      const first = await (await app.$('[data-testid="answer-row"]')).getProperty('textContent');
      assert.match(first, /A&A-01\.1.*Yes.*CAIQv4\.0\.3!C3/s);
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });

  it('asks whose a questionnaire dropped on the register is, creates that vendor, and previews it there', { skip: !existsSync(CAIQ3) && `${CAIQ3} is absent` }, async () => {
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'en_US.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="vendor-row"]')).length > 0, { timeout: 10_000 });
      await drop(app, CAIQ3);
      await byTestId(app, 'import-target');
      await (await byTestId(app, 'target-new')).click();
      await (await byTestId(app, 'target-new-name')).setValue('Acme Hosting');
      await (await byTestId(app, 'target-go')).click();
      const template = await byTestId(app, 'preview-template', 20_000);
      assert.equal((await template.getProperty('textContent')).trim(), 'CSA CAIQ v3.0.1');
      assert.match(await (await byTestId(app, 'vendor-detail')).getProperty('textContent'), /Acme Hosting/);
      assert.equal(await (await byTestId(app, 'preview-questions')).getProperty('textContent'), '295 questions read');
      // Its answers are "x" marks: the mapping screen says so and offers a column per answer.
      await (await byTestId(app, 'adjust-columns')).click();
      assert.equal(await (await byTestId(app, 'answers-by-marks')).isSelected(), true);
      await byTestId(app, 'map-mark_yes');
      await (await byTestId(app, 'commit-import')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length === 295, {
        timeout: 20_000,
        timeoutMsg: 'the saved answers did not appear',
      });
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });
});
