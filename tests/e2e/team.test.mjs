// End-to-end in the real app on a team register (PostgreSQL: the throw-away server `npm test`
// starts, VETTED_TEST_PG). In German: the app opened on a team register as a viewer lists what a
// colleague added and says which register is open, and the database refuses the viewer's edit,
// which the app says in German; Settings refuses a URL with a password, tries a connection, keeps
// the choice, and the next start opens that team register; a team register that cannot be reached
// at start gives way to this computer's register, with the reason.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { squash } from './english.mjs';
import { byTestId, freshDataDir, launch, openVendor, rowNames, screenshot, submit, type } from './harness.mjs';

const server = process.env.VETTED_TEST_PG;
const CLI = resolve(import.meta.dirname, '../../target/debug/vetted');

/** A new database on the test server, and its URL. */
function newDatabase() {
  const name = `e2e_${process.pid}_${Date.now()}`;
  execFileSync('psql', [server, '-q', '-c', `CREATE DATABASE ${name}`]);
  return server.replace(/\/[^/]*$/, `/${name}`);
}

const cli = (db, ...args) => execFileSync(CLI, ['--db', db, ...args], { encoding: 'utf8' });
const text = async (app, id) => squash(await (await byTestId(app, id)).getProperty('textContent'));

describe('the app on a team register', { skip: !server && 'needs the test server (VETTED_TEST_PG, which npm test starts)', timeout: 240_000 }, () => {
  it('opens it, lists it, refuses a viewer by the database, and is chosen in Settings', async () => {
    const db = newDatabase();
    cli(db, 'team', 'init');
    cli(db, 'vendor', 'add', '--name', 'Genesys Cloud Services, Inc.');
    const viewer = `viewer_e2e_${process.pid}`;
    execFileSync('psql', [db, '-q', '-c', `DROP ROLE IF EXISTS ${viewer}; CREATE ROLE ${viewer} LOGIN PASSWORD 'pw-viewer'`]);
    cli(db, 'team', 'grant', viewer, '--role', 'viewer');
    const asViewer = db.replace('://vetted_test@', `://${viewer}:pw-viewer@`);
    const config = mkdtempSync(join(tmpdir(), 'vetted-e2e-config-'));
    const dataDir = freshDataDir();
    const base = { VETTED_DATA_DIR: dataDir, XDG_CONFIG_HOME: config, LANG: 'de_DE.UTF-8' };

    // 1. A viewer: the register is listed, the app says which one is open, an edit is refused.
    let session = await launch({ ...base, VETTED_DB_URL: asViewer });
    let app = session.browser;
    let failed = true;
    try {
      await app.waitUntil(async () => (await rowNames(app)).includes('Genesys Cloud Services, Inc.'), { timeout: 20_000 });
      const dbName = db.replace(/^.*\//, '');
      assert.match(await text(app, 'team-open'), new RegExp(`Team-Register: 127\\.0\\.0\\.1:\\d+/${dbName}`));
      await openVendor(app, 'Genesys Cloud Services, Inc.');
      await (await byTestId(app, 'edit-vendor')).click();
      await type(app, 'field-purpose', 'Contact-centre platform');
      await submit(app, 'vendor-form', 'save-vendor');
      const refused = await text(app, 'form-failure');
      assert.match(refused, /Das Team-Register erlaubt Ihrer Anmeldung diese Änderung nicht \(.*permission denied.*\)/);
      await screenshot(app, 'de-team-viewer-refused');
      failed = false;
    } finally {
      await session.close(failed);
    }
    assert.equal(execFileSync('psql', [db, '-qAt', '-c', 'SELECT purpose FROM vendors']).toString().trim(), '');

    // 2. This computer's register; Settings refuses a URL with a password, tries one without
    //    (the password from PGPASSFILE, as psql finds it) and keeps it for the next start.
    session = await launch(base);
    app = session.browser;
    failed = true;
    try {
      await (await byTestId(app, 'nav-settings')).click();
      assert.match(await text(app, 'team-current'), /Jetzt geöffnet: das Register auf diesem Computer/);
      await type(app, 'team-url', asViewer);
      await (await byTestId(app, 'team-test')).click();
      assert.match(await text(app, 'team-error'), /Die Einstellungen speichern nie ein Passwort/);
      // A login with no password for it in PGPASSFILE: the server refuses the sign-in, said so.
      await type(app, 'team-url', db.replace('vetted_test@', 'ohne_passwort@'));
      await (await byTestId(app, 'team-test')).click();
      const refusedSignIn = /Das Team-Register hat Ihre Anmeldung abgelehnt \(password authentication failed for user "ohne_passwort"\)\. Prüfen Sie/;
      await app.waitUntil(async () => refusedSignIn.test(await text(app, 'team-error')), {
        timeout: 15_000,
        timeoutMsg: "the refused sign-in was not said",
      });
      await (await byTestId(app, 'team-error')).scrollIntoView({ block: 'center' });
      await screenshot(app, 'de-team-sign-in-refused');
      await type(app, 'team-url', db);
      await (await byTestId(app, 'team-test')).click();
      assert.match(await text(app, 'team-tested'), /Verbunden mit 127\.0\.0\.1:\d+\/e2e_\S+ als vetted_test: 1 Dienstleister\./);
      await (await byTestId(app, 'team-use')).click();
      assert.match(await text(app, 'team-next'), /Ab dem nächsten Start öffnet Vetted das Team-Register/);
      await (await byTestId(app, 'team-settings')).scrollIntoView();
      await screenshot(app, 'de-team-settings');
      failed = false;
    } finally {
      await session.close(failed);
    }

    // 3. The next start opens the chosen team register, and shows a colleague's change by itself.
    session = await launch(base);
    app = session.browser;
    failed = true;
    try {
      await app.waitUntil(async () => (await rowNames(app)).includes('Genesys Cloud Services, Inc.'), { timeout: 20_000 });
      assert.match(await text(app, 'team-open'), /Team-Register: /);
      const changed = Date.now();
      cli(db, 'vendor', 'add', '--name', 'Twilio Inc.');
      await app.waitUntil(async () => (await rowNames(app)).includes('Twilio Inc.'), {
        timeout: 10_000,
        interval: 50,
        timeoutMsg: "a colleague's new vendor did not show",
      });
      console.log(`a colleague's change showed ${Date.now() - changed} ms after the command began`);
      // The vendor page open shows a colleague's edit of it too.
      await openVendor(app, 'Twilio Inc.');
      await byTestId(app, 'edit-vendor');
      cli(db, 'vendor', 'edit', 'Twilio Inc.', '--purpose', 'SMS-Benachrichtigungen');
      await app.waitUntil(async () => /SMS-Benachrichtigungen/.test(await text(app, 'vendor-detail')), { timeout: 10_000, interval: 50 });
      failed = false;
    } finally {
      await session.close(failed);
    }

    // 4. A team register that cannot be reached at start: this computer's register, and why.
    session = await launch({ ...base, VETTED_DB_URL: 'postgres://vetted_test@127.0.0.1:1/nowhere' });
    app = session.browser;
    failed = true;
    try {
      const said = await text(app, 'team-unreachable');
      // Why, in German; the driver's own (English) words only as the technical detail at the end.
      assert.match(said, /^Das Team-Register 127\.0\.0\.1:1\/nowhere war beim Start nicht erreichbar: Unter seiner Adresse nimmt nichts Verbindungen an \(der Server ist vielleicht gestoppt oder der Port falsch\)\. Stattdessen ist das Register dieses Computers geöffnet\. Technische Angabe: .*Connection refused/);
      await screenshot(app, 'de-team-unreachable');
      failed = false;
    } finally {
      await session.close(failed);
    }
  });
});
