// One word for one thing: the UI's catalogs, the documents' labels and the shipped baseline use
// only the glossary's words (src/lib/i18n/glossary.ts), in German and in English.
import { describe, expect, it } from 'vitest';
import { de } from '../src/lib/i18n/de';
import { en } from '../src/lib/i18n/en';
import { glossary, offences } from '../src/lib/i18n/glossary';

// The sources, read as text by Vite.
const rust = import.meta.glob(['../../src-tauri/crates/report/src/*.rs', '../../src-tauri/crates/core/src/calendar.rs'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const baselineJson = Object.values(
  import.meta.glob('../../src-tauri/crates/domain/data/baselines/minimum-sub-processors.json', { query: '?raw', import: 'default', eager: true }),
)[0] as string;

/** The string literals of the Rust files the documents are written from (labels, reasons, the calendar). */
function documentTexts(): string[] {
  expect(Object.keys(rust).length).toBeGreaterThan(5);
  const texts: string[] = [];
  for (const source of Object.values(rust)) {
    for (const m of source.replace(/^\s*\/\/.*$/gm, '').matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) texts.push(m[1]);
  }
  return texts;
}

/** Every text of the shipped baseline, per language. */
function baselineTexts(): { en: string[]; de: string[] } {
  const b = JSON.parse(baselineJson);
  const out = { en: [b.name.en, b.description.en], de: [b.name.de, b.description.de] };
  for (const c of b.controls) {
    out.en.push(c.title.en, c.description.en);
    out.de.push(c.title.de, c.description.de);
  }
  return out;
}

describe('glossary', () => {
  it('names every term in both languages, and refuses none of its own words', () => {
    for (const term of glossary) {
      expect(offences(term.de, 'de'), term.meaning).toEqual([]);
      expect(offences(term.en, 'en'), term.meaning).toEqual([]);
    }
  });

  it('finds a replaced word (the check can fail)', () => {
    expect(offences('Anbieter der Stufe 1', 'de')).toHaveLength(2);
    expect(offences('Mindestsicherheits-Basen und Basis-Urteil', 'de').length).toBeGreaterThanOrEqual(2);
    expect(offences('Risikostufe 1, Prüfungsurteil, Dienstleister', 'de')).toEqual([]);
    expect(offences('the supplier of criticality tier 1', 'en')).toHaveLength(2);
  });

  it('the German catalog speaks only the glossary', () => {
    const bad = Object.entries(de).flatMap(([key, text]) => offences(text, 'de').map((o) => `${key}: ${o}`));
    expect(bad).toEqual([]);
  });

  it('the English catalog speaks only the glossary', () => {
    const bad = Object.entries(en).flatMap(([key, text]) => offences(text, 'en').map((o) => `${key}: ${o}`));
    expect(bad).toEqual([]);
  });

  it('the documents (summary, list, calendar) speak only the glossary', () => {
    const texts = documentTexts();
    expect(texts.length).toBeGreaterThan(300);
    expect(texts.flatMap((t) => offences(t, 'de').map((o) => `${t}: ${o}`))).toEqual([]);
    expect(texts.flatMap((t) => offences(t, 'en').map((o) => `${t}: ${o}`))).toEqual([]);
  });

  it('the shipped baseline speaks only the glossary, in German too', () => {
    const { en: english, de: german } = baselineTexts();
    expect(german.every((t) => typeof t === 'string' && t.trim() !== '')).toBe(true);
    expect(german.flatMap((t) => offences(t, 'de').map((o) => `${t}: ${o}`))).toEqual([]);
    expect(english.flatMap((t) => offences(t, 'en').map((o) => `${t}: ${o}`))).toEqual([]);
  });
});
