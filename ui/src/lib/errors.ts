// Words an error from the core in the current language, from its code and details: a refused
// field from its code and the value it names, any other error from its code and named values.
// The English `message` is shown only for codes the catalogs do not word.
import type { FieldError } from '../ipc';
import { formatDate, hasMessage, t, type MessageKey } from './i18n/index.svelte';

export function fieldMessage(e: FieldError): string {
  const key = `err.${e.code}`;
  if (!hasMessage(key)) return e.message;
  return t(key, { detail: e.value ?? '' });
}

/** Field name -> messages, for showing beside each input. */
export function byField(errors: FieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[e.field] ??= []).push(fieldMessage(e));
  return out;
}

/** Why a team register cannot be reached, worded from the error's `reason`, and the engine's own
 * words as a technical detail. */
export function unreachableCause(values: Record<string, string>): { cause: string; detail: string } {
  const key = `unreachable.${values.reason}`;
  return {
    cause: t(hasMessage(key) ? key : 'unreachable.other'),
    detail: values.what ? t('unreachable.detail', { what: values.what }) : '',
  };
}

/** The banner of a team register that could not be opened at start (this computer's is open). */
export function unreachableAtStart(e: unknown, team: string): string {
  const err = e as { code?: string; values?: Record<string, string> };
  if (err?.code !== 'register_unreachable') return t('team.unreachableAtStart', { team, why: errorText(e), detail: '' }).trim();
  const { cause, detail } = unreachableCause(err.values ?? {});
  return t('team.unreachableAtStart', { team, why: cause, detail }).trim();
}

export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; values?: Record<string, string>; fields?: FieldError[] };
  const values = err?.values ?? {};
  // Input refused field by field outside a form (a URL in Settings): each field's own sentence.
  if (err?.code === 'invalid_input' && err.fields?.length) return err.fields.map(fieldMessage).join(' ');
  // A not_found names the thing it looked for, a conflict its reason: each has its own sentence.
  // A sub-key the catalogs do not have (a team register's `reason`, worded below) falls back to
  // the code's own sentence.
  const sub = values.thing ?? values.reason;
  const key = sub && hasMessage(`err.${err?.code}.${sub}`) ? `err.${err?.code}.${sub}` : `err.${err?.code}`;
  if (err?.code && hasMessage(key)) {
    const params: Record<string, string> = { message: err.message ?? '', ...values };
    if (err.code === 'register_unreachable') Object.assign(params, unreachableCause(values));
    if (params.date) params.date = formatDate(params.date);
    // Fields named as the history names them, shown with the form's labels.
    if (params.fields && values.reason === 'changed_meanwhile') {
      params.fields = params.fields
        .split(', ')
        .map((f) => (hasMessage(`field.${f}`) ? t(`field.${f}` as MessageKey) : f))
        .join(', ');
    }
    return t(key, params).trim();
  }
  return t('err.generic', { message: err?.message ?? String(e) });
}
