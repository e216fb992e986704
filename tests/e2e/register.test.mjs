// End-to-end in the real app: first run, add a vendor through the form, find it by search,
// an invalid country refused inline with nothing saved, and the register still there after a restart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, freshDataDir, launch, rowNames, submit, type } from './harness.mjs';

const dataDir = freshDataDir();
const env = { VETTED_DATA_DIR: dataDir, LANG: 'en_US.UTF-8' };

describe('the Vetted register in the real app', { timeout: 180_000 }, () => {

  it('adds a vendor, finds it, refuses a bad country, and keeps everything across a restart', async () => {
    let session = await launch(env);
    let app = session.browser;
    try {
      // An empty data directory opens on the first-run screen.
      await byTestId(app, 'first-run');
      await (await byTestId(app, 'first-run-add')).click();

      // Add a vendor through the form.
      await type(app, 'field-name', 'Acme Łódź Hosting GmbH');
      await type(app, 'field-services', 'Managed hosting');
      await type(app, 'field-countries', 'DE, IE');
      await app.waitUntil(async () => (await (await byTestId(app, 'country-names')).getText()).includes('Germany'), {
        timeout: 5000,
        timeoutMsg: 'country names were not shown',
      });
      await submit(app, 'vendor-form', 'save-vendor');
      const name = await savedVendorPage(app);
      assert.equal(await name.getText(), 'Acme Łódź Hosting GmbH');
      assert.match(await (await byTestId(app, 'vendor-countries')).getText(), /Germany \(DE\), Ireland \(IE\)/);
      assert.ok(await (await byTestId(app, 'history')).isDisplayed(), 'the history shows the creation');

      // An invalid country code: an inline error, and nothing saved.
      await (await byTestId(app, 'nav-register')).click();
      await (await byTestId(app, 'add-vendor')).click();
      await type(app, 'field-name', 'Bad Country Ltd');
      await type(app, 'field-countries', 'DE, XX');
      const inline = await byTestId(app, 'error-countries');
      assert.equal(await inline.getText(), 'Unknown country code: XX');
      await submit(app, 'vendor-form', 'save-vendor');
      await byTestId(app, 'form-failure');
      assert.ok(await (await byTestId(app, 'vendor-form')).isDisplayed(), 'the form stays open');

      // Find the vendor by search; the refused one is not there.
      await (await byTestId(app, 'nav-register')).click();
      await type(app, 'register-search', 'hosting');
      await app.waitUntil(async () => (await rowNames(app)).join('|') === 'Acme Łódź Hosting GmbH', {
        timeout: 5000,
        timeoutMsg: 'search did not find the vendor',
      });
      await type(app, 'register-search', 'Bad Country');
      await byTestId(app, 'register-empty');
      await type(app, 'register-search', 'zzz-no-such-vendor');
      await byTestId(app, 'register-empty');
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }

    assert.ok(existsSync(join(dataDir, 'vetted.db')), 'the register file is in VETTED_DATA_DIR');

    // Restart: the vendor is still there, the first-run screen is not.
    session = await launch(env);
    app = session.browser;
    try {
      await byTestId(app, 'register-list');
      await app.waitUntil(async () => (await rowNames(app)).join('|') === 'Acme Łódź Hosting GmbH', {
        timeout: 5000,
        timeoutMsg: 'the saved vendor did not come back after a restart',
      });
      assert.equal(await app.$('[data-testid="first-run"]').isExisting(), false);
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });

  it('switches to German in the settings and keeps the choice', async () => {
    const session = await launch(env);
    const app = session.browser;
    try {
      await (await byTestId(app, 'nav-settings')).click();
      const select = await byTestId(app, 'language-select');
      await select.selectByAttribute('value', 'de');
      await app.waitUntil(async () => (await (await byTestId(app, 'nav-settings')).getText()).includes('Einstellungen'), {
        timeout: 5000,
        timeoutMsg: 'the UI did not switch to German',
      });
      await (await byTestId(app, 'nav-register')).click();
      assert.equal(await (await byTestId(app, 'add-vendor')).getText(), '+ Dienstleister hinzufügen');
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });
});

/** The vendor page's name once a save has opened it; if it does not open, the error says what
 * the form shows instead (its failure, the save button's state), so a failure can be told apart. */
async function savedVendorPage(app) {
  try {
    return await byTestId(app, 'vendor-name');
  } catch (e) {
    const failure = await app.$('[data-testid="form-failure"]');
    const failed = (await failure.isExisting()) ? await failure.getText() : '(no failure shown)';
    const button = await app.$('[data-testid="save-vendor"]');
    const state = (await button.isExisting())
      ? `save button "${await button.getText()}", ${(await button.isEnabled()) ? 'enabled' : 'disabled'}`
      : '(the form is gone)';
    throw new Error(`${e.message}; the form shows: ${failed}; ${state}`);
  }
}
