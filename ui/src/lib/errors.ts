// Turns a refused field from the backend into a sentence in the current language.
import type { FieldError } from '../ipc';
import { hasMessage, t } from './i18n/index.svelte';

export function fieldMessage(e: FieldError): string {
  const key = `err.${e.code}`;
  if (!hasMessage(key)) return e.message;
  const detail = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  return t(key, { detail });
}

/** Field name -> messages, for showing beside each input. */
export function byField(errors: FieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[e.field] ??= []).push(fieldMessage(e));
  return out;
}

export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'busy') return t('err.busy');
  return t('err.generic', { message: err?.message ?? String(e) });
}
