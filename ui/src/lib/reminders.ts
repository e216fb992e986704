// Desktop reminders: when the app starts and whenever the day changes while it runs, records that
// newly entered the warning window or lapsed (and are not muted) are announced once.
import { app } from './app.svelte';
import { api, notifyDesktop, type Certification, type Condition } from '../ipc';
import { formatDate, localToday, t } from './i18n/index.svelte';

/** The notification for these records: a count as the title, one line per record. */
export function reminderText(due: Certification[]): { title: string; body: string } {
  const lapsed = due.filter((c) => c.status === 'lapsed').length;
  const title =
    lapsed === due.length
      ? t('remind.titleLapsed', { n: due.length })
      : lapsed === 0
        ? t('remind.titleExpiring', { n: due.length })
        : t('remind.titleMixed', { n: due.length });
  const lines = due.slice(0, 5).map((c) =>
    t(c.status === 'lapsed' ? 'remind.lineLapsed' : 'remind.lineExpiring', {
      vendor: c.vendor_name,
      kind: c.kind_label,
      date: formatDate(c.current_until),
    }),
  );
  if (due.length > 5) lines.push(t('remind.more', { n: due.length - 5 }));
  return { title, body: lines.join('\n') };
}

/** Announces what is due now; logs it as shown only when the notification went out. */
export async function remindNow(notify = notifyDesktop): Promise<Certification[]> {
  const due = await api.remindersDue();
  if (due.length === 0) return [];
  const { title, body } = reminderText(due);
  if (await notify(title, body)) await api.remindersShown(due);
  return due;
}

/** The start-of-day notification of conditions open past their due date, most overdue first. */
export function conditionsText(overdue: Condition[]): { title: string; body: string } {
  const lines = overdue.slice(0, 5).map((c) => t('cond.reminder', { vendor: c.vendor_name, title: c.title, date: formatDate(c.due ?? '') }));
  if (overdue.length > 5) lines.push(t('remind.more', { n: overdue.length - 5 }));
  return { title: t('remind.titleConditions', { n: overdue.length }), body: lines.join('\n') };
}

/** Announces the conditions overdue today (once a day: when the app starts and when the day changes). */
export async function remindConditions(notify = notifyDesktop, today = localToday()): Promise<Condition[]> {
  const overdue = (await api.conditions(null, true)).filter((c) => !!c.due && c.due < today);
  if (overdue.length) {
    const { title, body } = conditionsText(overdue);
    await notify(title, body);
  }
  return overdue;
}

/** Scores today the vendors whose verdict may have changed (an input changed, a record lapsed),
 * so the register's verdict column follows lapsing evidence without scoring the whole register. */
export async function scoreAll(): Promise<void> {
  if ((await api.refreshAssessments()).saved > 0) app.verdictsScored += 1;
}

/** Checks at start, then every `everyMs` whether the day changed; returns a stop function. */
export function startReminders(everyMs = 15 * 60 * 1000): () => void {
  let checkedOn = '';
  const tick = async () => {
    const today = localToday();
    if (today === checkedOn) return;
    checkedOn = today;
    try {
      await remindNow();
    } catch (e) {
      console.warn('reminders:', e);
    }
    try {
      await remindConditions();
    } catch (e) {
      console.warn('conditions:', e);
    }
    try {
      await scoreAll();
    } catch (e) {
      console.warn('scoring:', e);
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
