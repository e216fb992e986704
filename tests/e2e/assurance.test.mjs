// End-to-end in the real app, in German: a real SOC 2 report (46 pages, encrypted without a
// password) dropped on a vendor's page is read offline; the app shows its kind and facts with
// their pages, proposes the carved-out subservice organisation as a sub-processor and lists the
// customer's complementary controls; the record it fills in is confirmed and saved with the PDF,
// and keeps the facts: the carve-out beside the record, the customer's duties as a checklist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { squash } from './english.mjs';
import { byTestId, drop, freshDataDir, launch, openVendor, screenshot } from './harness.mjs';

const REPORT = join(import.meta.dirname, '../../../shared/realdata/assurance/soc2-type1-tembo-as-of-2023-11-30.pdf');

describe('an assurance PDF in the real app', { timeout: 120_000 }, () => {
  it('reads a dropped SOC 2 report, proposes the record, the carved-out subservice and the customer controls', async (t) => {
    if (!existsSync(REPORT)) {
      t.skip('the real assurance documents are not beside the checkout');
      return;
    }
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'de_DE.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, 'Twilio Ireland Limited');
      await byTestId(app, 'certifications');
      await drop(app, REPORT);

      const kind = await byTestId(app, 'pdf-kind', 20_000);
      assert.match(squash(await kind.getProperty('textContent')), /SOC-2-Typ-I-Bericht · 46 Seiten/);
      const facts = squash(await (await byTestId(app, 'pdf-facts')).getProperty('textContent'));
      assert.match(facts, /Organisation: Tembo Data Systems, Inc\. – S\. 3/);
      assert.match(facts, /Stichtag: 30\.11\.2023/);
      assert.match(facts, /Prüfungsurteil: uneingeschränkt/i);
      const subs = squash(await (await byTestId(app, 'pdf-subservices')).getProperty('textContent'));
      assert.match(subs, /Amazon Web Services \(cloud hosting services\) – ausgeklammert: braucht einen eigenen Bericht/);
      const cuecs = squash(await (await byTestId(app, 'pdf-cuecs')).getProperty('textContent'));
      assert.match(cuecs, /8 ergänzende Kontrollen/);
      assert.match(cuecs, /Managing access provided to client personnel/);
      // nothing questionnaire-like happened with the PDF
      assert.equal((await app.$$('[data-testid="import-preview"]')).length, 0);
      await screenshot(app, 'de-pdf-read');

      // the carved-out subservice organisation into the chain
      await (await byTestId(app, 'pdf-add-sub')).click();
      await app.waitUntil(async () => squash(await (await byTestId(app, 'pdf-subservices')).getProperty('textContent')).includes('im Register angelegt'), {
        timeout: 10_000,
        timeoutMsg: 'the subservice organisation was not added',
      });

      // the record as proposed, confirmed: a SOC 2 Type I with the report as its evidence
      assert.equal(await (await byTestId(app, 'cert-kind')).getValue(), 'soc2_type1');
      await (await byTestId(app, 'save-cert')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="cert-row"]')).length === 1, { timeout: 20_000, timeoutMsg: 'the record was not saved' });
      const row = squash(await (await byTestId(app, 'cert-row')).getProperty('textContent'));
      assert.match(row, /SOC 2 Type I/);
      assert.match(row, /soc2-type1-tembo-as-of-2023-11-30\.pdf/);
      // the facts are kept with the record: what it carves out, and the customer's duties as a checklist
      assert.match(row, /Klammert Amazon Web Services aus \(CC6\.4, CC7\.2\): braucht einen eigenen Bericht/);
      // added to the register from the reading above: not offered again
      await app.waitUntil(async () => squash(await (await byTestId(app, 'cert-row')).getProperty('textContent')).includes('im Register angelegt'), {
        timeout: 10_000,
        timeoutMsg: 'the carved-out organisation is offered again',
      });
      assert.equal((await app.$$('[data-testid="cert-add-sub"]')).length, 0);
      assert.equal(squash(await (await byTestId(app, 'duties-of')).getProperty('textContent')), 'SOC 2 Type I: 0 von 8 umgesetzt');
      const states = await app.$$('[data-testid="duty-state"]');
      assert.equal(states.length, 8);
      await states[0].selectByAttribute('value', 'in_place');
      await app.waitUntil(async () => squash(await (await byTestId(app, 'duties-of')).getProperty('textContent')) === 'SOC 2 Type I: 1 von 8 umgesetzt', {
        timeout: 10_000,
        timeoutMsg: 'the duty was not marked in place',
      });
      await (await byTestId(app, 'cert-facts')).click();
      const kept = squash(await (await byTestId(app, 'cert-kept-facts')).getProperty('textContent'));
      assert.match(kept, /Organisation: Tembo Data Systems, Inc\. – S\. 3/);
      await screenshot(app, 'de-pdf-kept');
      await (await byTestId(app, 'duties')).scrollIntoView();
      await screenshot(app, 'de-pdf-duties');
      await session.close();
    } catch (e) {
      await screenshot(app, 'assurance-failure');
      await session.close(true);
      throw e;
    }
  });
});
