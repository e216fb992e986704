// Takes the README's screenshots from the real app (run under xvfb-run after `npm run app:build`):
//   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x820x24" node scripts/screenshots.mjs
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { byTestId, freshDataDir, launch, monthsFromToday, rowNames, setInput, type } from '../tests/e2e/harness.mjs';

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
  const openVendor = async (name) => {
    await (await byTestId(app, 'nav-register')).click();
    await app.waitUntil(async () => (await rowNames(app)).some((n) => n.includes(name)), { timeout: 10_000 });
    for (const row of await app.$$('[data-testid="vendor-row"]')) {
      if ((await row.getProperty('textContent')).includes(name)) {
        await row.click();
        break;
      }
    }
    await byTestId(app, 'history');
  };
  const addCert = async (kind, fields) => {
    await (await byTestId(app, 'add-cert')).click();
    await (await byTestId(app, 'cert-kind')).selectByAttribute('value', kind);
    for (const [id, value] of Object.entries(fields)) await setInput(app, id, value);
    await (await byTestId(app, 'save-cert')).click();
    await byTestId(app, 'add-cert');
  };
  // A few records on other vendors, so the dashboard's timeline has lanes to compare.
  await openVendor('Twilio');
  await addCert('iso27001_2022', { 'cert-issued': monthsFromToday(-20), 'cert-scope': 'Programmable Voice, SMS', 'cert-issuer': 'Schellman' });
  await addCert('pen_test', { 'cert-as_of': monthsFromToday(-10), 'cert-issuer': 'NCC Group' });
  await openVendor('Microsoft');
  await addCert('soc2_type2', { 'cert-period_start': monthsFromToday(-16), 'cert-period_end': monthsFromToday(-4), 'cert-scope': 'Microsoft 365' });
  await openVendor('Google Cloud');
  // Two certifications: a SOC 2 Type II ending 11 months ago, and an ISO 27001:2013 certificate.
  await addCert('soc2_type2', { 'cert-period_start': monthsFromToday(-23), 'cert-period_end': monthsFromToday(-11), 'cert-scope': 'Dialogflow CX, Speech-to-Text', 'cert-issuer': 'Ernst & Young LLP' });
  await addCert('iso27001_2013', { 'cert-issued': '2023-03-01', 'cert-expires': '2026-02-28', 'cert-scope': 'Google Cloud Platform', 'cert-issuer': 'EY CertifyPoint' });
  await settle();
  await app.saveScreenshot(join(out, 'vendor.png'));
  await app.execute(() => document.querySelector('[data-testid="certifications"]').scrollIntoView({ block: 'start' }));
  await settle();
  await app.saveScreenshot(join(out, 'certifications.png'));
  await (await byTestId(app, 'nav-dashboard')).click();
  await byTestId(app, 'dash-unattested');
  await settle();
  await app.saveScreenshot(join(out, 'dashboard.png'));
  // A questionnaire dropped on a vendor's page: the preview, then the saved answers.
  const caiq = resolve(import.meta.dirname, '../../shared/realdata/caiq-v4.0.3-instructure.xlsx');
  if (existsSync(caiq)) {
    await openVendor('Genesys');
    await app.execute(async (p) => {
      await window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'tauri://drag-drop', payload: { paths: [p], position: { x: 0, y: 0 } } });
    }, caiq);
    await byTestId(app, 'import-preview', 20_000);
    await app.execute(() => document.querySelector('[data-testid="questionnaires"]').scrollIntoView({ block: 'start' }));
    await settle();
    await app.saveScreenshot(join(out, 'import-preview.png'));
    await (await byTestId(app, 'commit-import')).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length > 0, { timeout: 20_000 });
    await app.execute(() => document.querySelector('[data-testid="questionnaires"]').scrollIntoView({ block: 'start' }));
    await settle();
    await app.saveScreenshot(join(out, 'questionnaire.png'));
    // The same vendor against the baseline: conditional, a tier-1 vendor on its own answers.
    await app.waitUntil(async () => (await (await byTestId(app, 'verdict')).getProperty('textContent')) === 'Conditional', { timeout: 10_000 });
    await (await app.$('[data-testid="control-BL-05"] button.text-button')).click();
    await app.execute(() => document.querySelector('[data-testid="assessment"]').scrollIntoView({ block: 'start' }));
    await settle();
    await app.saveScreenshot(join(out, 'assessment.png'));
  }
  // A questionnaire dropped on the register: whose is it? Then its "x" marks in the mapping screen.
  const caiq3 = resolve(import.meta.dirname, '../../shared/realdata/caiq-v3.0.1-blank.xlsx');
  if (existsSync(caiq3)) {
    await (await byTestId(app, 'nav-register')).click();
    await app.execute(async (p) => {
      await window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'tauri://drag-drop', payload: { paths: [p], position: { x: 0, y: 0 } } });
    }, caiq3);
    await byTestId(app, 'import-target');
    await (await byTestId(app, 'target-search')).setValue('goo');
    await settle();
    await app.saveScreenshot(join(out, 'import-target.png'));
    await (await byTestId(app, 'target-new')).click();
    await (await byTestId(app, 'target-new-name')).setValue('Acme Hosting');
    await (await byTestId(app, 'target-go')).click();
    await byTestId(app, 'import-preview', 20_000);
    await (await byTestId(app, 'adjust-columns')).click();
    await app.execute(() => document.querySelector('[data-testid="questionnaires"]').scrollIntoView({ block: 'start' }));
    await settle();
    await app.saveScreenshot(join(out, 'import-marks.png'));
    await (await byTestId(app, 'cancel-import')).click();
  }
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
