// Desktop reminders: when the app starts and whenever the day changes while it runs, records that
// newly entered the warning window or lapsed (and are not muted) are announced once.
import { app } from './app.svelte';
import { api, notifyDesktop, type Certification } from '../ipc';
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
      await scoreAll();
    } catch (e) {
      console.warn('scoring:', e);
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
