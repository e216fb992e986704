// Takes the README's screenshots from the real app (run under xvfb-run after `npm run app:build`):
//   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x820x24" node scripts/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { byTestId, freshDataDir, launch, rowNames, type } from '../tests/e2e/harness.mjs';

const out = process.env.SHOT_DIR ?? resolve(import.meta.dirname, '../docs/screenshots');
mkdirSync(out, { recursive: true });
const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: process.env.SHOT_LANG ?? 'en_US.UTF-8' });
const app = session.browser;
const settle = () => new Promise((r) => setTimeout(r, 600));
try {
  await byTestId(app, 'first-run');
  await app.saveScreenshot(join(out, 'first-run.png'));
  await (await byTestId(app, 'first-run-example')).click();
  await app.waitUntil(async () => (await rowNames(app)).length >= 6, { timeout: 10_000 });
  await settle();
  await app.saveScreenshot(join(out, 'register.png'));
  for (const row of await app.$$('[data-testid="vendor-row"]')) {
    if ((await row.getProperty('textContent')).includes('Google Cloud')) {
      await row.click();
      break;
    }
  }
  await byTestId(app, 'history');
  await settle();
  await app.saveScreenshot(join(out, 'vendor.png'));
  await (await byTestId(app, 'nav-register')).click();
  await (await byTestId(app, 'add-vendor')).click();
  await type(app, 'field-name', 'Acme Łódź Hosting GmbH');
  await type(app, 'field-countries', 'DE, XX');
  await byTestId(app, 'error-countries');
  await app.execute(() => document.querySelector('[data-testid="field-countries"]').scrollIntoView({ block: 'center' }));
  await settle();
  await app.saveScreenshot(join(out, 'form-inline-error.png'));
  console.log(`screenshots written to ${out}`);
} finally {
  await session.close();
}
