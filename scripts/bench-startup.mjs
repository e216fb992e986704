// Start-up benchmark: the release app on a register, as a user starts it. Measured from the moment
// the process is spawned to the frame that shows the register's rows (or the empty register's
// first-run screen), as the UI reports it (`ui_painted`, printed with VETTED_STARTUP_TRACE); then,
// once it has settled, the resident memory of the app process and of its whole tree (the web
// and network processes of WebKitGTK), and the CPU the app spent after the rows were painted.
//
//   npx tauri build --no-bundle    # target/release/vetted-app
//   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x820x24" \
//     node scripts/bench-startup.mjs [--register path/to/vetted.db] [--runs 7] [--settle 4000]
//
// With --register the file is copied once into a temporary data folder and every run starts on
// that copy (an unmeasured first run upgrades it and scores what needs it, as a user's first
// start would); without, every run starts on an empty register.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const app = resolve(arg('app', 'target/release/vetted-app'));
const register = arg('register', null);
const runs = Number(arg('runs', 7));
const settle = Number(arg('settle', 4000));
const clockTick = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

const kb = (pid) => {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTick; // utime + stime
};
const children = (pid) => {
  const out = [];
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === pid) out.push(Number(d), ...children(Number(d)));
    } catch {
      /* gone */
    }
  }
  return out;
};

function once(dataDir) {
  return new Promise((done, fail) => {
    const start = Date.now();
    const child = spawn(app, [], {
      env: { ...process.env, VETTED_DATA_DIR: dataDir, VETTED_STARTUP_TRACE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const painted = {};
    let cpuAtPaint = 0;
    let buffered = '';
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error('nothing painted within 60 s'));
    }, 60_000);
    child.stderr.on('data', (chunk) => {
      buffered += chunk;
      for (const line of buffered.split('\n').slice(0, -1)) {
        const m = line.match(/^vetted-startup (\S+) (\d+)$/);
        if (m && painted[m[1]] === undefined) {
          painted[m[1]] = Number(m[2]) - start;
          cpuAtPaint = cpuMs(child.pid);
          const treeAtPaint = children(child.pid).reduce((sum, p) => sum + cpuMs(p), cpuAtPaint);
          setTimeout(() => {
            const tree = children(child.pid);
            const treeCpu = [child.pid, ...tree].reduce((sum, p) => {
              try {
                return sum + cpuMs(p);
              } catch {
                return sum;
              }
            }, 0);
            const result = {
              painted,
              appMb: kb(child.pid) / 1024,
              treeMb: [child.pid, ...tree].reduce((sum, p) => sum + kb(p), 0) / 1024,
              cpuAfterMs: cpuMs(child.pid) - cpuAtPaint,
              treeCpuAfterMs: treeCpu - treeAtPaint,
            };
            clearTimeout(timeout);
            child.kill('SIGTERM');
            child.on('exit', () => done(result));
          }, settle);
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
let dir = null;
if (register) {
  dir = mkdtempSync(join(tmpdir(), 'vetted-startup-'));
  copyFileSync(register, join(dir, 'vetted.db'));
  const first = await once(dir);
  console.log(`first start (upgrade and scoring what needs it, not counted): ${JSON.stringify(first.painted)}`);
}
for (let i = 0; i < runs; i++) {
  const data = dir ?? mkdtempSync(join(tmpdir(), 'vetted-startup-empty-'));
  results.push(await once(data));
  if (!dir) rmSync(data, { recursive: true, force: true });
}
if (dir) rmSync(dir, { recursive: true, force: true });
const what = register ? 'rows' : 'first-run';
const times = results.map((r) => r.painted[what]);
console.log(`${what} painted after (ms from spawn): median ${median(times)}, runs ${JSON.stringify(times)}`);
console.log(`app process after ${settle} ms settled: median ${median(results.map((r) => r.appMb)).toFixed(0)} MB resident`);
console.log(`whole process tree: median ${median(results.map((r) => r.treeMb)).toFixed(0)} MB resident`);
console.log(`CPU after the paint: app process median ${median(results.map((r) => r.cpuAfterMs))} ms, whole tree median ${median(results.map((r) => r.treeCpuAfterMs))} ms`);
