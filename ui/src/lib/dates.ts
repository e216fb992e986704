// Dates as a person types them in the UI's language, and as the register keeps them (YYYY-MM-DD).

/** `iso` (YYYY-MM-DD) as typed in `form`: DD.MM.YYYY (`dmy`) or YYYY-MM-DD (`iso`). */
export function typedFromIso(iso: string, form: 'dmy' | 'iso'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!m) return iso ?? '';
  return form === 'dmy' ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** What was typed as YYYY-MM-DD: a date as YYYY-MM-DD or D.M.YYYY (either language), '' for
 * nothing, null for text that is not a day of the calendar (31.02.2026, 2026-13-01, "soon"). */
export function isoFromTyped(raw: string): string | null {
  const s = raw.trim();
  if (!s) return '';
  let parts: [string, string, string] | null = null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) parts = [m[1], m[2], m[3]];
  else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) parts = [m[3], m[2], m[1]];
  if (!parts) return null;
  const [y, mo, d] = parts.map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts[0]}-${pad(mo)}-${pad(d)}`;
}
