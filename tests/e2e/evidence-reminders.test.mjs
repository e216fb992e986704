// End-to-end in the real app: a register (seeded with the `vetted` CLI) holds a SOC 2 Type II that
// lapses within 30 days, with its PDF report attached. When the app starts it sends one desktop
// notification (seen on the session bus); the vendor page says until when each service is assured;
// the PDF opens through the system opener (a stand-in `xdg-open` first on PATH records what it was
// asked to open); muting the record sticks; the dashboard draws it on the timeline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { byTestId, freshDataDir, launch, monthsFromToday } from './harness.mjs';

const root = resolve(import.meta.dirname, '../..');
const CLI = join(root, 'target/debug/vetted');

function vetted(dataDir, ...args) {
  const out = spawnSync(CLI, args, { env: { ...process.env, VETTED_DATA_DIR: dataDir }, encoding: 'utf8' });
  assert.equal(out.status, 0, `vetted ${args.join(' ')}: ${out.stderr}`);
  return out.stdout;
}

/** Watches the session bus for desktop notifications; `text()` is everything seen so far. */
function watchNotifications() {
  const monitor = spawn('dbus-monitor', ['--session', "interface='org.freedesktop.Notifications',member='Notify'"], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  monitor.stdout.on('data', (d) => (seen += d));
  return { text: () => seen, stop: () => monitor.kill() };
}

async function waitFor(check, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} within ${ms} ms`);
}

describe('evidence and reminders in the real app', { timeout: 120_000 }, () => {
  it('notifies at start, opens the attached PDF, mutes, and draws the timeline', async () => {
    assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, 'run under dbus-run-session (scripts/e2e.sh does)');
    assert.ok(existsSync(CLI), `${CLI} is missing: cargo build -p vetted-cli`);
    const data = freshDataDir();
    const pdf = join(data, 'Sentry SOC 2 Type II.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    vetted(data, 'vendor', 'add', '--name', 'Sentry', '--service', 'Error tracking,Performance');
    vetted(data, 'certs', 'add', '--vendor', 'Sentry', '--kind', 'soc2_type2', '--period-start', monthsFromToday(-23),
      '--period-end', monthsFromToday(-11, -2), '--service', 'Error tracking', '--file', pdf);

    const shims = join(data, 'bin');
    mkdirSync(shims);
    const opened = join(data, 'opened.txt');
    writeFileSync(join(shims, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
    chmodSync(join(shims, 'xdg-open'), 0o755);

    const bus = watchNotifications();
    await new Promise((r) => setTimeout(r, 300)); // the monitor is listening before the app starts
    const session = await launch({ VETTED_DATA_DIR: data, LANG: 'en_US.UTF-8', PATH: `${shims}:${process.env.PATH}` });
    const app = session.browser;
    try {
      await waitFor(() => bus.text().includes('lapsing soon'), 15_000, 'no desktop notification');
      assert.match(bus.text(), /Vetted: 1 certification\(s\) lapsing soon/);
      assert.match(bus.text(), /Sentry: SOC 2 Type II current until/);

      const row = await byTestId(app, 'vendor-row');
      await row.click();
      await byTestId(app, 'assurance');
      const texts = [];
      for (const a of await app.$$('[data-testid="assured-row"]')) texts.push((await a.getProperty('textContent')).replace(/\s+/g, ' ').trim());
      assert.equal(texts.length, 3, `assurance rows: ${texts}`);
      assert.match(texts[0], /^The vendor as a whole Not assured/);
      assert.match(texts[1], /^Error tracking Assured through .* SOC 2 Type II$/);
      assert.match(texts[2], /^Performance Not assured/);

      const link = await byTestId(app, 'open-evidence');
      assert.match(await link.getProperty('textContent'), /Sentry SOC 2 Type II\.pdf/);
      await link.click();
      await waitFor(() => existsSync(opened), 10_000, 'the PDF was not handed to the system opener');
      const path = readFileSync(opened, 'utf8').trim();
      assert.match(path, /\/evidence\/[0-9a-f]{64}\.pdf$/);
      assert.ok(path.startsWith(data), `${path} is inside the register's data folder`);
      assert.equal(readFileSync(path, 'utf8'), readFileSync(pdf, 'utf8'));

      const bell = await byTestId(app, 'mute-cert');
      await bell.click();
      await app.waitUntil(async () => (await bell.getAttribute('aria-pressed')) === 'true', { timeout: 5000 });
      assert.match(await (await byTestId(app, 'history')).getProperty('textContent'), /muted reminders/);

      await (await byTestId(app, 'nav-dashboard')).click();
      const bar = await byTestId(app, 'timeline-bar');
      assert.match(await bar.getProperty('textContent'), /Sentry · SOC 2 Type II/);
      await session.close();
    } catch (e) {
      await session.close(true);
      throw e;
    } finally {
      bus.stop();
    }
  });
});
