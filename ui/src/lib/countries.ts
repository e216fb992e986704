// Country names for ISO 3166 codes, in the UI's language, from the vocabulary the backend sent.
import { app } from './app.svelte';
import { i18n } from './i18n/index.svelte';

export function countryName(code: string): string {
  const c = app.vocabulary?.countries.find((c) => c.code === code.trim().toUpperCase());
  if (!c) return code;
  return i18n.locale === 'de' ? c.name_de : c.name_en;
}
