// End-to-end in the real app, in German: a checklist in the BSI IT-Grundschutz style, a layout no
// profile knows (`;` between fields, a requirement over two rows, a withdrawn one), is dropped on
// a vendor's page. The preview says which column is which and why, counts the answers
// (Ja / Teilweise / Nein / entbehrlich) and names the row it skipped; the import saves four.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { squash } from './english.mjs';
import { byTestId, drop, freshDataDir, launch, openVendor } from './harness.mjs';

const CHECKLIST = [
  'Baustein;ID-Anforderung;Titel;Anforderung;Entbehrlich;Umsetzung;Begründung',
  'ORP.4 Identitäts- und Berechtigungsmanagement;ORP.4.A1;Regelung für Benutzende (B);Es MUSS geregelt werden, wie Benutzende einzurichten und zu löschen sind.;Nein;Ja;Richtlinie IAM-01',
  ';ORP.4.A1;;Jede Benutzendenkennung MUSS eindeutig einer Person zugeordnet werden können.;Nein;Ja;',
  ';ORP.4.A2;Einrichtung, Änderung und Entzug von Berechtigungen (B);"Berechtigungen DÜRFEN NUR nach Bedarf vergeben werden.\nSie MÜSSEN regelmäßig überprüft werden.";Nein;Teilweise;Rezertifizierung läuft',
  ';ORP.4.A3;ENTFALLEN;;;;',
  ';ORP.4.A4;Aufgabenverteilung und Funktionstrennung (B);Die Institution MUSS unvereinbare Aufgaben festlegen.;Ja;entbehrlich;Nur zwei Mitarbeitende',
  ';ORP.4.A5;Vergabe von Zutrittsberechtigungen (B);Es MUSS festgelegt werden, wer Zutritt erhält.;Nein;Nein;',
].join('\r\n');

describe('import by content in the real app', { timeout: 120_000 }, () => {
  it('previews a German Grundschutz checklist it has no profile for, saying why each column is what it is', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vetted-check-')), 'Grundschutz-Check ORP.4.csv');
    writeFileSync(file, '\ufeff' + CHECKLIST + '\r\n');
    const session = await launch({ VETTED_DATA_DIR: freshDataDir(), LANG: 'de_DE.UTF-8' });
    const app = session.browser;
    try {
      await (await byTestId(app, 'first-run-example')).click();
      await openVendor(app, 'Twilio Ireland Limited');
      await byTestId(app, 'questionnaires');
      await drop(app, file);
      assert.equal(await (await byTestId(app, 'preview-questions', 20_000)).getProperty('textContent'), '4 Fragen gelesen');
      const counts = [];
      for (const k of ['yes', 'partial', 'no', 'na']) counts.push(await (await byTestId(app, `count-${k}`)).getProperty('textContent'));
      assert.deepEqual(counts, ['Ja: 1', 'Teilweise: 1', 'Nein: 1', 'Nicht zutreffend: 1']);
      const answer = squash(await (await byTestId(app, 'column-answer')).getProperty('textContent'));
      assert.match(answer, /Umsetzung/);
      assert.match(answer, /nach der Überschrift/);
      assert.match(squash(await (await byTestId(app, 'column-id')).getProperty('textContent')), /ID-Anforderung/);
      const skipped = [];
      for (const li of await app.$$('[data-testid="skipped-row"]')) skipped.push(squash(await li.getProperty('textContent')));
      assert.ok(skipped.some((s) => /ORP\.4\.A3 hat keinen Fragetext/.test(s)), skipped.join(' | '));
      assert.ok(skipped.some((s) => /ID ORP\.4\.A1 doppelt/.test(s)), skipped.join(' | '));
      assert.equal((await app.$$('[data-testid="answer-row"]')).length, 0, 'nothing saved before confirming');
      await (await byTestId(app, 'commit-import')).click();
      await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length === 4, {
        timeout: 20_000,
        timeoutMsg: 'the four requirements were not saved',
      });
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });
});
