// The glossary the catalogs (de.ts, en.ts), the documents' labels (report crate) and the shipped
// baseline are written in: one word for one thing, in German and in English. A test reads every
// text of those sources and refuses the words a term replaced.
//
// Write a new message with these words. When a thing needs a new name, add it here first.

export interface Term {
  /** What the term names, for the reader of this file. */
  meaning: string;
  en: string;
  de: string;
  /** Words that must not stand for the term in English texts (regular expressions, case-insensitive unless capitalised). */
  notEn: RegExp[];
  /** Words that must not stand for the term in German texts. */
  notDe: RegExp[];
}

export const glossary: Term[] = [
  {
    meaning: 'a company the organisation shares personal data with or buys a service from',
    en: 'vendor',
    de: 'Dienstleister',
    notEn: [/\bsuppliers?\b/i],
    notDe: [/Anbieter/, /Lieferant/],
  },
  {
    meaning: "a vendor's vendor that processes the organisation's personal data (GDPR Art. 28(2))",
    en: 'sub-processor',
    de: 'Unterauftragsverarbeiter',
    notEn: [/\bsubprocessors?\b/i, /\bsub processors?\b/i],
    notDe: [/Subunternehmer/, /Unterauftragnehmer/],
  },
  {
    meaning: 'the minimum security controls vendors are held to',
    en: 'baseline',
    de: 'Mindestanforderungen',
    notEn: [/\bminimum requirements\b/i, /\bsecurity measures\b/i],
    notDe: [/\bBasis\b/, /\bBasen\b/, /Basis-/, /Mindestsicherheitsmaßnahmen/, /Sicherheitsbasis/],
  },
  {
    meaning: 'how critical a vendor is (1 critical, 2 high, 3 standard), which sets the evidence needed',
    en: 'tier',
    de: 'Risikostufe',
    notEn: [/\bcriticality\b/i, /\brisk class\b/i, /\brisk level\b/i],
    notDe: [/Kritikalität/, /(^|[^\p{L}])Stufen?\b/u, /Schutzklasse/, /Risikoklasse/],
  },
  {
    meaning: "the baseline's judgement of a vendor: meets, conditional, fails, not enough information",
    en: 'verdict',
    de: 'Bewertung',
    notEn: [/\bjudgement\b/i, /\brating\b/i],
    notDe: [/(^|[^\p{L}])Urteil/u, /Basis-Urteil/, /\bunzureichend\b/],
  },
  {
    meaning: 'a certification, audit report or attestation a vendor holds',
    en: 'certification',
    de: 'Zertifizierung',
    notEn: [],
    notDe: [/Zertifikation/],
  },
  {
    meaning: 'the data processing agreement (GDPR Art. 28(3))',
    en: 'DPA',
    de: 'AVV',
    notEn: [/\bADV\b/],
    notDe: [/\bADV\b/],
  },
];

/** The words of `text` the glossary refuses in language `lang`, with the term each stands for. */
export function offences(text: string, lang: 'en' | 'de'): string[] {
  const found: string[] = [];
  for (const term of glossary) {
    for (const word of lang === 'de' ? term.notDe : term.notEn) {
      const m = text.match(word);
      if (m) found.push(`"${m[0].trim()}" (write "${lang === 'de' ? term.de : term.en}")`);
    }
  }
  return found;
}
