// Lays out the validity timeline: one lane per vendor, one bar per record from the date it counts
// from to its "current until", on a shared time axis around today. Pure: dates in, geometry out.
import type { Certification } from '../ipc';

export interface Bar {
  cert: Certification;
  /** Fractions of the axis width, 0..1, clipped to the axis. */
  x0: number;
  x1: number;
  clippedLeft: boolean;
  clippedRight: boolean;
}

export interface Lane {
  vendorId: number;
  vendorName: string;
  bars: Bar[];
}

export interface Timeline {
  start: string;
  end: string;
  today: number;
  lanes: Lane[];
  /** January 1st of each year inside the axis, as (year, fraction). */
  years: { year: number; x: number }[];
}

const DAY = 86_400_000;
const toMs = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The date a record starts counting from, as the chart draws it. */
export function barStart(c: Certification): string | null {
  return c.period_start ?? c.issued ?? c.as_of ?? c.period_end;
}

/**
 * The chart for `certs` on `today`: the axis spans a year before today to two years after (wider
 * only up to `maxYears` either side if the records need it); records with no "current until" are
 * left out, and lanes follow the order records come in (by vendor).
 */
export function layoutTimeline(certs: Certification[], today: string, maxYears = 3): Timeline {
  const t = toMs(today);
  let lo = t - 365 * DAY;
  let hi = t + 2 * 365 * DAY;
  const dated = certs.filter((c) => c.current_until !== null && barStart(c) !== null);
  for (const c of dated) {
    lo = Math.min(lo, toMs(barStart(c)!));
    hi = Math.max(hi, toMs(c.current_until!) + DAY);
  }
  lo = Math.max(lo, t - maxYears * 365 * DAY);
  hi = Math.min(hi, t + maxYears * 365 * DAY);
  const frac = (ms: number) => Math.min(1, Math.max(0, (ms - lo) / (hi - lo)));
  const lanes: Lane[] = [];
  for (const c of dated) {
    let lane = lanes.at(-1);
    if (!lane || lane.vendorId !== c.vendor_id) {
      lane = { vendorId: c.vendor_id, vendorName: c.vendor_name, bars: [] };
      lanes.push(lane);
    }
    const s = toMs(barStart(c)!);
    const e = toMs(c.current_until!) + DAY;
    if (e < lo || s > hi) continue;
    lane.bars.push({ cert: c, x0: frac(s), x1: frac(e), clippedLeft: s < lo, clippedRight: e > hi });
  }
  const years: { year: number; x: number }[] = [];
  for (let y = new Date(lo).getUTCFullYear() + 1; Date.UTC(y, 0, 1) <= hi; y++) {
    years.push({ year: y, x: frac(Date.UTC(y, 0, 1)) });
  }
  return { start: toIso(lo), end: toIso(hi), today: frac(t), lanes: lanes.filter((l) => l.bars.length), years };
}
