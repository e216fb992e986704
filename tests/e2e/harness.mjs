// Drives the real Vetted app: tauri-driver in front of WebKitWebDriver (on free ports of their
// own), the built binary, a fresh data directory per test, and bounded waits so a broken app
// fails instead of hanging.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { remote } from 'webdriverio';

const root = resolve(import.meta.dirname, '../..');
export const APP = process.env.VETTED_APP ?? join(root, 'target/debug/vetted-app');
const DRIVER = process.env.TAURI_DRIVER ?? join(root, '.tools/bin/tauri-driver');

/** A TCP port nobody listens on now, so parallel runs (a CI clone, a developer) never share a driver. */
function freePort() {
  return new Promise((ok, fail) => {
    const server = net.createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), 'vetted-e2e-'));
}

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((ok, fail) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        ok();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) fail(new Error(`tauri-driver did not listen on ${port} within ${ms} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Launches the app with `env` (a fresh tauri-driver each time: WebKitWebDriver exits when
 * its session ends). Returns the WebDriver session and a `close` that ends both.
 */
export async function launch(env) {
  if (!process.env.DISPLAY) throw new Error('no DISPLAY: run the end-to-end tests under xvfb-run');
  if (!existsSync(APP)) throw new Error(`${APP} is missing: build the app first (npm run app:build)`);
  if (!existsSync(DRIVER)) throw new Error(`${DRIVER} is missing: run npm run setup`);
  const [port, nativePort] = [await freePort(), await freePort()];
  const driver = spawn(DRIVER, ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let driverLog = '';
  driver.stderr.on('data', (d) => (driverLog = (driverLog + d).slice(-4000)));
  const stopDriver = async () => {
    if (driver.exitCode === null) {
      driver.kill();
      await new Promise((r) => driver.once('exit', r));
    }
  };
  try {
    await waitForPort(port, 15_000);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'silent',
      connectionRetryTimeout: 30_000,
      capabilities: { 'tauri:options': { application: APP } },
    });
    const close = async (failed = false) => {
      if (failed) await screenshot(browser, 'failure');
      await browser.deleteSession().catch(() => {}); // the driver may already be gone with the app
      await stopDriver();
      // Once (CI, 2026-11-23) the app outlived its session and kept the driver's stderr pipe
      // open, so the test file never ended: end any app still running (one runs at a time).
      spawnSync('pkill', ['-f', `^${APP}`]);
    };
    return { browser, close, driverLog: () => driverLog };
  } catch (e) {
    await stopDriver();
    throw new Error(`the app did not start: ${e.message}\n${driverLog}`);
  }
}

/** The element with this data-testid, once it is displayed (at most `ms`). */
export async function byTestId(browser, id, ms = 10_000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForDisplayed({ timeout: ms, timeoutMsg: `[data-testid="${id}"] did not appear within ${ms} ms` });
  return el;
}

export async function type(browser, id, text) {
  const el = await byTestId(browser, id);
  await el.clearValue();
  await el.setValue(text);
}

/** Clicks a form's submit button `id` once the form is settled: the core has answered its newest
 * draft (`aria-busy` false), so no inline error is still to appear or go and move the button
 * from under the click. */
export async function submit(browser, form, id) {
  const el = await byTestId(browser, form);
  await browser.waitUntil(async () => (await el.getAttribute('aria-busy')) === 'false', {
    timeout: 10_000,
    timeoutMsg: `[data-testid="${form}"] stayed busy checking its draft`,
  });
  await (await byTestId(browser, id)).click();
}

/** The names in the register rows now on screen. */
export async function rowNames(browser) {
  const names = [];
  for (const cell of await browser.$$('[data-testid="vendor-row"] .name')) names.push((await cell.getProperty('textContent')).trim());
  return names;
}

/** Saves a screenshot into tests/e2e/artifacts/ (kept out of git) for a person to look at. */
export async function screenshot(browser, name) {
  const dir = join(root, 'tests/e2e/artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${Date.now()}.png`);
  // WebKitGTK takes a screenshot at the page's next presentation update; a page with nothing to
  // repaint (the register at rest) never has one and the command waits forever. A 1-pixel,
  // invisible animation keeps frames coming for the moment of the screenshot.
  await browser
    .execute(() => {
      const tick = document.createElement('div');
      tick.id = '__screenshot_tick';
      tick.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none;';
      tick.animate([{ opacity: 0.01 }, { opacity: 0.02 }], { duration: 200, iterations: Infinity });
      document.body.appendChild(tick);
    })
    .catch(() => {});
  await browser.saveScreenshot(file).catch(() => {});
  await browser.execute(() => document.getElementById('__screenshot_tick')?.remove()).catch(() => {});
  return file;
}

/** Sets an input's value as a person's edit would (date inputs cannot be typed into portably). */
export async function setInput(browser, id, value) {
  await byTestId(browser, id);
  await browser.execute(
    (selector, v) => {
      const el = document.querySelector(selector);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    `[data-testid="${id}"]`,
    value,
  );
}

/** A local date `months` (and `days`) from today as YYYY-MM-DD (negative: in the past). */
export function monthsFromToday(months, days = 0) {
  const d = new Date();
  const target = new Date(d.getFullYear(), d.getMonth() + months, d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${target.getFullYear()}-${pad(target.getMonth() + 1)}-${pad(target.getDate())}`;
}

/** Drops a file on the window: Tauri's own drag-drop event, which a person's drop raises too. */
export async function drop(app, path) {
  await app.execute(async (p) => {
    await window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {
      event: 'tauri://drag-drop',
      payload: { paths: [p], position: { x: 400, y: 400 } },
    });
  }, path);
}

/** Opens the register row whose name cell names `name` (other cells, such as a row's "sub-processor
 * of" column, may name it too). Rows are looked for again while the list loads or reloads (a row
 * can be replaced between finding and clicking it). */
export async function openVendor(app, name) {
  await app.waitUntil(
    async () => {
      for (const row of await app.$$('[data-testid="vendor-row"]')) {
        try {
          if ((await (await row.$('.name')).getProperty('textContent')).includes(name)) {
            await row.click();
            return true;
          }
        } catch {
          return false;
        }
      }
      return false;
    },
    { timeout: 10_000, timeoutMsg: `no row for ${name}` },
  );
}
