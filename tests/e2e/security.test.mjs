// End-to-end in the real app: text written by outsiders (a vendor's name, a questionnaire's
// answers) is shown as text and never runs. The register is prepared with the `vetted` CLI, as a
// colleague's import would leave it; the app then shows it in the register, on the vendor page
// and in the questionnaire's answers, under the app's real CSP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { byTestId, freshDataDir, launch, openVendor } from './harness.mjs';

const VETTED = resolve(import.meta.dirname, '../../target/debug/vetted');
const NAME = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>document.title="pwned";alert(2)</script>';
const FRAME = '<iframe src="javascript:alert(3)"></iframe>';

/** Nothing the payloads would do happened: no alert open, no element they would create, title unchanged. */
async function assertInert(app) {
  await assert.rejects(app.getAlertText(), 'no alert is open');
  const found = await app.execute(() => ({
    title: document.title,
    injected: document.querySelectorAll('img[src="x"], iframe, body script, object, embed').length,
  }));
  assert.deepEqual(found, { title: 'Vetted', injected: 0 });
}

describe('hostile text in the real app', { timeout: 120_000 }, () => {
  it('shows a vendor name and questionnaire answers with markup as text and runs none of it', async () => {
    const data = freshDataDir();
    const db = join(data, 'vetted.db');
    const cli = (...args) => execFileSync(VETTED, ['--db', db, ...args], { encoding: 'utf8' });
    cli('vendor', 'add', '--name', NAME, '--purpose', FRAME, '--status', 'approved');
    const csv = join(data, 'answers.csv');
    writeFileSync(csv, `Question ID,Question,Answer,Comment\nQ-1,Is data encrypted at rest?,Yes,${SCRIPT}\nQ-2,${FRAME},No,"${NAME.replaceAll('"', '""')}"\n`);
    cli('import', csv, '--vendor', NAME);

    const session = await launch({ VETTED_DATA_DIR: data, LANG: 'en_US.UTF-8' });
    const app = session.browser;
    try {
      await openVendor(app, NAME);
      assert.equal((await (await byTestId(app, 'vendor-name')).getProperty('textContent')).trim(), NAME);
      assert.match(await (await byTestId(app, 'vendor-detail')).getProperty('textContent'), /<iframe src="javascript:alert\(3\)"><\/iframe>/);
      await app.waitUntil(async () => (await app.$$('[data-testid="answer-row"]')).length === 2, {
        timeout: 10_000,
        timeoutMsg: 'the imported answers did not appear',
      });
      const rows = [];
      for (const row of await app.$$('[data-testid="answer-row"]')) rows.push(await row.getProperty('textContent'));
      assert.ok(rows[0].includes(SCRIPT), rows[0]);
      assert.ok(rows[1].includes(FRAME) && rows[1].includes(NAME), rows[1]);
      await assertInert(app);
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    }
  });
});
