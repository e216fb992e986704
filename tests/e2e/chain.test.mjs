// End-to-end in the real app, in German: a two-level sub-processor list (the companies and the
// sub-processors each one uses, with what for and where) is dropped on the open list import. The
// preview counts companies, sub-processors, new vendors and links, and names the link the
// register has already; the import links a sub-processor to a second company, and its page shows
// both links, each with its own purpose and place; a company's page shows the whole chain below it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { squash } from './english.mjs';
import { byTestId, drop, freshDataDir, launch, openVendor, screenshot } from './harness.mjs';

const CHAIN = [
  'Auftragsverarbeiter;Unterauftragsverarbeiter;Zweck;Standort',
  'Genesys Cloud Services, Inc.;Amazon Web Services EMEA SARL;Hosting der Plattform;Frankfurt',
  'Twilio Ireland Limited;Amazon Web Services EMEA SARL;Speicherung der Protokolle;Dublin',
  'Twilio Ireland Limited;Cloudflare, Inc.;DDoS-Schutz;EU',
  'Neue Kundenplattform GmbH;Cloudflare, Inc.;Auslieferung der Inhalte;Frankfurt',
  'Amazon Web Services EMEA SARL;Equinix (Germany) GmbH;Rechenzentrum;Frankfurt',
].join('\r\n');

describe('a sub-processor chain in the real app', { timeout: 120_000 }, () => {
  it('imports a two-level list as vendors and links, and shows each link on the vendor page', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vetted-chain-')), 'Unterauftragsverarbeiter-Kette.csv');
    writeFileSync(file, '\ufeff' + CHAIN + '\r\n');
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'de_DE.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await byTestId(app, 'register-list');
      await (await byTestId(app, 'list-import-open')).click();
      await byTestId(app, 'list-import');
      await drop(app, file);
      const summary = squash(await (await byTestId(app, 'list-import-summary', 20_000)).getProperty('textContent'));
      assert.match(
        summary,
        /eine Kette · Unternehmen: 4 · Unterauftragsverarbeiter: 3 · neue Dienstleister: 3 · neue Verknüpfungen: 4 · schon im Register: 1/,
      );
      const states = [];
      for (const td of await app.$$('[data-testid="chain-row-state"]')) states.push(squash(await td.getProperty('textContent')));
      assert.deepEqual(states, ['schon im Register', 'neue Verknüpfung', 'neue Verknüpfung', 'neue Verknüpfung', 'neue Verknüpfung']);
      await screenshot(app, 'chain-preview-de');
      await (await byTestId(app, 'list-import-commit')).click();
      const done = squash(await (await byTestId(app, 'list-import-done', 20_000)).getProperty('textContent'));
      assert.match(done, /neue Dienstleister: 3, neue Verknüpfungen: 4/);

      await openVendor(app, 'Amazon Web Services EMEA SARL');
      const serves = squash(await (await byTestId(app, 'vendor-serves')).getProperty('textContent'));
      assert.match(serves, /Genesys Cloud Services, Inc\./);
      assert.match(serves, /Twilio Ireland Limited – Speicherung der Protokolle; Dublin/);
      await screenshot(app, 'chain-vendor-de');
      // The form edits each link on its own.
      await (await byTestId(app, 'edit-vendor')).click();
      await byTestId(app, 'vendor-form');
      const purposes = [];
      for (const input of await app.$$('[data-testid="link-purpose"]')) purposes.push(await input.getValue());
      assert.deepEqual(purposes, ['', 'Speicherung der Protokolle']);
      await screenshot(app, 'chain-form-de');
      // The company's page lists its sub-processors; one click leads to a sub-processor.
      // (Cloudflare's row names the company too, in its "Unterauftragsverarbeiter von" column:
      // openVendor goes by the name cell.)
      await (await byTestId(app, 'nav-register')).click();
      await openVendor(app, 'Neue Kundenplattform GmbH');
      const subs = squash(await (await byTestId(app, 'vendor-sub-processors')).getProperty('textContent'));
      assert.match(subs, /Cloudflare, Inc\. – Auslieferung der Inhalte; Frankfurt/);
      // Twilio's page shows the whole chain below it: AWS, and AWS's data centre under it.
      await (await byTestId(app, 'nav-register')).click();
      await openVendor(app, 'Twilio Ireland Limited');
      const chain = squash(await (await byTestId(app, 'vendor-chain')).getProperty('textContent'));
      assert.match(chain, /Amazon Web Services EMEA SARL – Speicherung der Protokolle; Dublin\s*↳ Equinix \(Germany\) GmbH – Rechenzentrum; Frankfurt/);
      assert.match(chain, /Cloudflare, Inc\. – DDoS-Schutz; EU/);
      await (await byTestId(app, 'vendor-chain')).scrollIntoView();
      await screenshot(app, 'chain-below-de');
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });
});
