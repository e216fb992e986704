// Words an error from the core in the current language, from its code and details: a refused
// field from its code and the value it names, any other error from its code and named values.
// The English `message` is shown only for codes the catalogs do not word.
import type { FieldError } from '../ipc';
import { hasMessage, t } from './i18n/index.svelte';

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

export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; values?: Record<string, string> };
  const thing = err?.values?.thing;
  const key = thing ? `err.${err?.code}.${thing}` : `err.${err?.code}`;
  if (err?.code && hasMessage(key)) return t(key, err.values ?? {});
  return t('err.generic', { message: err?.message ?? String(e) });
}
