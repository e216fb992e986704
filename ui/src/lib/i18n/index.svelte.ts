// The UI's language: message lookup with {placeholders}, the current locale as reactive
// state, and the choice kept in localStorage (default: the OS language).
import { en, type MessageKey } from './en';
import { de } from './de';

export type Locale = 'en' | 'de';
export const LOCALES: Locale[] = ['en', 'de'];
const catalogs: Record<Locale, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = 'vetted.locale';

/** How dates are written: as the language writes them, or always YYYY-MM-DD, or DD.MM.YYYY. */
export type DateFormat = 'language' | 'iso' | 'dmy';
const DATE_FORMAT_KEY = 'vetted.dateFormat';

export const i18n = $state({ locale: 'en' as Locale, dateFormat: 'language' as DateFormat });

/** The locale a language tag such as `de-AT` or `de_DE.UTF-8` maps to. */
export function localeFor(tag: string | null | undefined): Locale {
  return tag?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Picks the stored choice, else the OS language. */
export function initLocale(osLanguage: string | null | undefined) {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  i18n.locale = stored === 'en' || stored === 'de' ? stored : localeFor(osLanguage ?? globalThis.navigator?.language);
  const format = globalThis.localStorage?.getItem(DATE_FORMAT_KEY);
  i18n.dateFormat = format === 'iso' || format === 'dmy' ? format : 'language';
}

/** Sets (and keeps) how dates are written and typed. */
export function setDateFormat(format: DateFormat) {
  i18n.dateFormat = format;
  globalThis.localStorage?.setItem(DATE_FORMAT_KEY, format);
}

/** The form dates are typed in now: DD.MM.YYYY or YYYY-MM-DD. */
export function typedDateForm(): 'dmy' | 'iso' {
  if (i18n.dateFormat !== 'language') return i18n.dateFormat;
  return i18n.locale === 'de' ? 'dmy' : 'iso';
}

export function setLocale(locale: Locale) {
  i18n.locale = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
}

export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

/** The message for `key` in the current locale, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[i18n.locale][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/** A label for a vocabulary key (`category.health`), or the raw text for values a user typed. */
export function label(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale and kind, built on first use (list rows format dates on every scroll). */
function formatter(kind: 'date' | 'timestamp'): Intl.DateTimeFormat {
  const key = `${i18n.locale}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const tag = i18n.locale === 'de' ? 'de-DE' : 'en-GB';
    f = new Intl.DateTimeFormat(
      tag,
      kind === 'date' ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short' },
    );
    formatters.set(key, f);
  }
  return f;
}

/** A date (YYYY-MM-DD) in the current locale's short form. */
/** A number with one decimal as the UI's language writes it ("83,8" in German, "83.8" in English). */
export function formatDecimal(n: number): string {
  return n.toLocaleString(i18n.locale === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (i18n.dateFormat === 'iso') return iso.slice(0, 10);
  if (i18n.dateFormat === 'dmy') return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return formatter('date').format(new Date(Date.UTC(y, m - 1, d)));
}

/** A timestamp (RFC 3339) in the current locale, local time. */
export function formatTimestamp(iso: string): string {
  return formatter('timestamp').format(new Date(iso));
}

export type { MessageKey };

/** Today's date on this computer as YYYY-MM-DD, to mark reviews that are due. */
export function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
