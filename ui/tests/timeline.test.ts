// The validity timeline's layout and the reminder notification's text: pure functions over records.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Certification } from '../src/ipc';
import { layoutTimeline } from '../src/lib/timeline';
import { remindConditions, reminderText, remindNow } from '../src/lib/reminders';
import { setLocale } from '../src/lib/i18n/index.svelte';

const due = vi.fn();
const openConditions = vi.fn();
const shown = vi.fn(async (_c: Certification[]) => null);
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  api: { remindersDue: () => due(), remindersShown: (c: Certification[]) => shown(c), conditions: (v: number | null, open: boolean) => openConditions(v, open) },
}));

function cert(id: number, vendor: number, start: string, until: string | null, status = 'current'): Certification {
  return {
    id, vendor_id: vendor, vendor_name: `V${vendor}`, kind_label: 'SOC 2 Type II', scope: '', period_start: start,
    period_end: null, as_of: null, issued: null, current_until: until, status,
  } as unknown as Certification;
}

describe('layoutTimeline', () => {
  it('puts records in lanes per vendor on an axis around today, clipping what lies outside', () => {
    const tl = layoutTimeline(
      [cert(1, 1, '2025-01-01', '2026-12-31'), cert(2, 1, '2026-01-01', '2027-12-31'), cert(3, 2, '2010-01-01', '2011-01-01'),
       cert(4, 3, '2026-01-01', null), cert(5, 4, '2020-01-01', '2040-01-01')],
      '2026-11-22',
    );
    expect(tl.lanes.map((l) => [l.vendorName, l.bars.map((b) => b.cert.id)])).toEqual([['V1', [1, 2]], ['V4', [5]]]);
    expect(tl.start).toBe('2023-11-23');
    expect(tl.end).toBe('2029-11-21');
    const [a, b] = tl.lanes[0].bars;
    expect(a.x0).toBeLessThan(tl.today);
    expect(a.x1).toBeGreaterThan(tl.today);
    expect(b.x0).toBeGreaterThan(a.x0);
    const long = tl.lanes[1].bars[0];
    expect([long.x0, long.x1, long.clippedLeft, long.clippedRight]).toEqual([0, 1, true, true]);
    expect(tl.years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027, 2028, 2029]);
  });

  it('spans a year back and two ahead when the records are all near today', () => {
    const tl = layoutTimeline([cert(1, 1, '2026-06-01', '2027-05-31')], '2026-11-22');
    expect([tl.start, tl.end]).toEqual(['2025-11-22', '2028-11-21']);
  });
});

describe('reminders', () => {
  beforeEach(() => {
    setLocale('en');
    due.mockReset();
    shown.mockClear();
  });

  it('says how many records need attention and names each', () => {
    const text = reminderText([cert(1, 1, '2025-01-01', '2026-12-31', 'expiring'), cert(2, 2, '2024-01-01', '2025-12-31', 'lapsed')]);
    expect(text.title).toBe('Vetted: 2 certification(s) need attention');
    expect(text.body).toBe('V1: SOC 2 Type II current until 31 Dec 2026\nV2: SOC 2 Type II lapsed after 31 Dec 2025');
  });

  it('logs reminders as shown only when the notification went out', async () => {
    const record = cert(1, 1, '2025-01-01', '2026-12-31', 'expiring');
    due.mockResolvedValue([record]);
    await remindNow(async () => false);
    expect(shown).not.toHaveBeenCalled();
    const notify = vi.fn(async () => true);
    await remindNow(notify);
    expect(notify).toHaveBeenCalledWith('Vetted: 1 certification(s) lapsing soon', 'V1: SOC 2 Type II current until 31 Dec 2026');
    expect(shown).toHaveBeenCalledWith([record]);
    due.mockResolvedValue([]);
    expect(await remindNow(notify)).toEqual([]);
  });

  it('announces the conditions open past their due day, on a fixed today, in German', async () => {
    setLocale('de');
    const c = (id: number, vendor: string, title: string, due: string | null) => ({ id, vendor_id: id, vendor_name: vendor, title, due, state: 'open' });
    openConditions.mockResolvedValue([c(1, 'Twilio', 'SOC-2-Bericht', '2026-11-30'), c(2, 'Acme', 'MFA', '2026-12-06'), c(3, 'Beta', 'AVV', null)]);
    const notify = vi.fn(async () => true);
    const overdue = await remindConditions(notify, '2026-12-06');
    expect(openConditions).toHaveBeenCalledWith(null, true);
    expect(overdue.map((x) => x.id)).toEqual([1]);
    expect(notify).toHaveBeenCalledWith('1 Auflage(n) überfällig', 'Auflage überfällig: Twilio: SOC-2-Bericht (fällig am 30.11.2026)');
    notify.mockClear();
    expect(await remindConditions(notify, '2026-11-30')).toEqual([]);
    expect(notify).not.toHaveBeenCalled();
    setLocale('en');
  });
});
