// The English words of Vetted's own catalogs, for tests that a German screen or document has
// none left: the UI's catalog (ui/src/lib/i18n/en.ts against de.ts) and the documents' words
// (the English of each English/German pair in src-tauri/crates/report/src). Each text is cut at
// its {placeholders}; pieces of 10 characters or more that the German does not share are kept.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function catalog(file) {
  const out = new Map();
  for (const m of readFileSync(resolve(root, file), 'utf8').matchAll(/^\s*'([^']+)':\s*(["'])((?:\\.|(?!\2).)*)\2,?\s*$/gm)) {
    out.set(m[1], m[3].replace(/\\(.)/g, '$1'));
  }
  return out;
}

function pieces(english, german) {
  return english
    .split(/\{[^}]*\}/)
    .map((p) => p.trim())
    .filter((p) => p.length >= 10 && !german.includes(p));
}

/** English pieces of the UI's catalog under the given key prefixes. */
export function uiEnglish(prefixes) {
  const en = catalog('ui/src/lib/i18n/en.ts');
  const de = catalog('ui/src/lib/i18n/de.ts');
  const out = new Set();
  for (const [key, text] of en) {
    if (prefixes.some((p) => key.startsWith(p))) for (const p of pieces(text, de.get(key) ?? '')) out.add(p);
  }
  return [...out];
}

/** English pieces of the documents' words (report crate): every ("en", "de") pair in its sources. */
export function documentEnglish() {
  const out = new Set();
  for (const file of ['labels.rs', 'words.rs', 'summary.rs']) {
    const text = readFileSync(resolve(root, 'src-tauri/crates/report/src', file), 'utf8').replace(/\s+/g, ' ');
    for (const m of text.matchAll(/"((?:\\.|[^"\\])*)", "((?:\\.|[^"\\])*)"\)/g)) {
      for (const p of pieces(m[1], m[2])) out.add(p);
    }
    for (const m of text.matchAll(/Lang::En\) => format!\("((?:\\.|[^"\\])*)"/g)) {
      for (const p of pieces(m[1], '')) out.add(p);
    }
  }
  return [...out];
}

/** Text as one line: runs of white space as one space. */
export const squash = (text) => text.replace(/\s+/g, ' ');
