// End-to-end in the real app: record a SOC 2 Type II whose period ended 11 months ago on a vendor
// of the example register (one without any); the vendor page shows it as expiring, the dashboard lists it as lapsing
// within 30 days, and a reversed period is refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot, freshDataDir, launch, monthsFromToday, rowNames, setInput } from './harness.mjs';

describe('certifications in the real app', { timeout: 120_000 }, () => {
  it('shows a SOC 2 Type II that ended 11 months ago as expiring on the vendor page and the dashboard', async () => {
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'en_US.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await app.waitUntil(async () => (await rowNames(app)).includes('Twilio Ireland Limited'), { timeout: 10_000 });
      for (const row of await app.$$('[data-testid="vendor-row"]')) {
        if ((await row.getProperty('textContent')).includes('Twilio Ireland Limited')) {
          await row.click();
          break;
        }
      }
      await byTestId(app, 'certifications');

      // A reversed period: refused beside the field, nothing listed.
      await (await byTestId(app, 'add-cert')).click();
      await setInput(app, 'cert-period_start', monthsFromToday(-11));
      await setInput(app, 'cert-period_end', monthsFromToday(-23));
      await (await byTestId(app, 'save-cert')).click();
      await app.waitUntil(async () => (await app.$('.cert-form .field-error')).isExisting(), {
        timeout: 5000,
        timeoutMsg: 'no inline error for a reversed period',
      });
      assert.equal((await app.$$('[data-testid="cert-row"]')).length, 0);

      // The real record.
      // 11 months and two days ago: current for 12 months, so it lapses in under 30 days in any month.
      await setInput(app, 'cert-period_start', monthsFromToday(-23));
      await setInput(app, 'cert-period_end', monthsFromToday(-11, -2));
      await setInput(app, 'cert-scope', 'Dialogflow CX');
      await (await byTestId(app, 'save-cert')).click();
      const status = await byTestId(app, 'cert-status');
      assert.equal(await status.getProperty('textContent'), 'Expiring soon');
      const history = await (await byTestId(app, 'history')).getProperty('textContent');
      assert.match(history, /recorded a certification/);

      // The dashboard: lapsing within 30 days; the other example vendors have no attestation.
      await (await byTestId(app, 'nav-dashboard')).click();
      const soon = await byTestId(app, 'dash-within_30');
      assert.match(await soon.getProperty('textContent'), /Twilio Ireland Limited[\s\S]*SOC 2 Type II/);
      // The example's own SOC 2 (Google Cloud) is current: not lapsing.
      assert.doesNotMatch(await soon.getProperty('textContent'), /Google Cloud EMEA Ltd/);
      const unattested = await (await byTestId(app, 'dash-unattested')).getProperty('textContent');
      assert.match(unattested, /Microsoft Ireland Operations Ltd/);
      assert.doesNotMatch(unattested, /Twilio Ireland Limited|Google Cloud EMEA Ltd/);
      // The example records no signed DPA: every vendor is named for it.
      const noDpa = await (await byTestId(app, 'dash-no-dpa')).getProperty('textContent');
      assert.match(noDpa, /Twilio Ireland Limited[\s\S]*/);
      await screenshot(app, 'dashboard');
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });
});
