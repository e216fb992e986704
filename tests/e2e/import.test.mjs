// End-to-end in the real app: the completed CAIQ v4.0.3 is dropped on a vendor's page (the drop is
// Tauri's own `tauri://drag-drop` event, which a person's drop also raises; WebDriver cannot drag
// from the desktop), the preview names the template and counts before anything is saved, the
// import is committed, and the answers are on the vendor page after a restart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { byTestId, freshDataDir, launch } from './harness.mjs';

const CAIQ = resolve(import.meta.dirname, '../../../shared/realdata/caiq-v4.0.3-instructure.xlsx');

async function drop(app, path) {
  await app.execute(async (p) => {
    await window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {
      event: 'tauri://drag-drop',
      payload: { paths: [p], position: { x: 400, y: 400 } },
    });
  }, path);
}

async function openVendor(app, name) {
  await app.waitUntil(async () => (await app.$$('[data-testid="vendor-row"]')).length > 0, { timeout: 10_000 });
  for (const row of await app.$$('[data-testid="vendor-row"]')) {
    if ((await row.getProperty('textContent')).includes(name)) {
      await row.click();
      return;
    }
  }
  throw new Error(`no row for ${name}`);
}

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
});
