// An assessment's facts in the reader's language: the core returns codes and values (reasons,
// evidence, what is missing); these functions word them from the catalogs. The exported documents
// word the same facts in Rust (src-tauri/crates/report/src/words.rs).
import type { Assessment, CitedAnswer, SkippedRow, ControlResult, Evidence, Missing, Reading, Reason, Strength, TrustCriterion, Weakness } from '../ipc';
import { formatDate, i18n, t, type MessageKey } from './i18n/index.svelte';

/** A control as a sentence names it: "BL-07 Access control". */
export function controlName(c: ControlResult): string {
  return `${c.id} ${i18n.locale === 'de' && c.title_de ? c.title_de : c.title}`;
}

const phrase = (s: Strength) => t(`strengthPhrase.${s}` as MessageKey);
const criteria = (list: TrustCriterion[]) => list.map((c) => t(`cert.tsc.${c}` as MessageKey)).join(t('list.and'));

/** One reason for the verdict, as a sentence. */
const reasonWeight: Record<Reason['code'], number> = {
  mandatory_not_met: 0,
  mandatory_unknown: 1,
  no_evidence: 2,
  weak_evidence: 3,
  partially_met: 4,
  expiring_evidence: 5,
  accepted_risk: 6,
};

/** The reasons in the order they weigh (what fails the vendor first), as the summary PDF leads with them. */
export function decidingReasons(a: Assessment): Reason[] {
  return [...a.reasons].sort((x, y) => reasonWeight[x.code] - reasonWeight[y.code]);
}

/** Reasons shown in full before "and N more". */
export const SHOWN_REASONS = 3;

export function reasonText(a: Assessment, r: Reason): string {
  const c = a.controls.find((x) => x.id === r.control_id);
  const name = c ? controlName(c) : '';
  switch (r.code) {
    case 'weak_evidence':
      return t('reason.weak_evidence', { name, has: phrase(c?.strength ?? 'self_declared'), needed: phrase(c?.needed ?? 'independent') });
    case 'accepted_risk': {
      const acc = c?.accepted;
      if (!c || !acc) return name;
      return t('reason.accepted_risk', {
        name,
        status: t(`cstatus.${c.status}` as MessageKey),
        by: acc.accepted_by,
        until: formatDate(acc.until),
        reason: acc.reason,
      });
    }
    default:
      return t(`reason.${r.code}` as MessageKey, { name });
  }
}

export function weaknessText(w: Weakness): string {
  switch (w.code) {
    case 'criteria_unstated':
      return t('weakness.criteria_unstated', { criteria: criteria(w.criteria) });
    case 'exceptions':
      return t('weakness.exceptions', { criteria: w.criteria.join(', ') });
    case 'services_not_covered':
      return t('weakness.services_not_covered', { services: w.services.join(', ') });
    case 'carved_out':
      return t('weakness.carved_out', { organisation: w.organisation, criteria: w.criteria.join(', ') });
    default:
      return t(`weakness.${w.code}` as MessageKey);
  }
}

function citedText(a: CitedAnswer): string {
  return t('evidence.cited', { id: a.question_id ?? t('evidence.question'), said: a.said || t('evidence.noAnswer'), cell: a.cell });
}

/** A piece of evidence in one line; `kindLabel` names a certification kind. */
export function evidenceText(e: Evidence, kindLabel: (kind: string) => string): string {
  if (e.summary) return e.summary; // the words of a snapshot saved before Vetted kept facts
  if (e.source === 'questionnaire') {
    return `${e.template} ${e.answers.map(citedText).join('; ')}`;
  }
  const parts = [kindLabel(e.kind)];
  if (e.criteria.length) parts.push(t('evidence.inScope', { criteria: criteria(e.criteria) }));
  parts.push(e.current_until ? t('evidence.currentUntil', { date: formatDate(e.current_until) }) : t('evidence.noDate'));
  let text = parts.join(', ');
  if (e.weakened.length) text += ` (${e.weakened.map(weaknessText).join('; ')})`;
  const partly = (i18n.locale === 'de' && e.partly_de) || e.partly;
  if (partly) text += `; ${t('evidence.partly', { note: partly })}`;
  return text;
}

/** What would be needed to meet a control fully. */
export function missingText(m: Missing): string {
  if (m.code === 'stronger_evidence') {
    const params = { needed: phrase(m.needed), has: phrase(m.has) };
    return m.tier === null ? t('missing.stronger_evidence_untiered', params) : t('missing.stronger_evidence', { ...params, tier: m.tier });
  }
  if (m.code === 'recorded') return m.text; // a snapshot saved before Vetted kept facts
  return t(`missing.${m.code}` as MessageKey);
}

/** Why a row of a questionnaire was not read, in the UI's language (the English reason when the row has no code). */
export function skippedText(s: SkippedRow): string {
  const w = s.why;
  if (!w) return s.reason;
  switch (w.code) {
    case 'id_formula_error':
      return t('skip.id_formula_error', { value: w.value });
    case 'question_formula_error':
      return t('skip.question_formula_error', { value: w.value });
    case 'no_question_text':
      return t('skip.no_question_text', { id: w.id });
    case 'section_title':
      return t('skip.section_title', { text: w.text });
    case 'duplicate':
      return w.id ? t('skip.duplicate_id', { id: w.id, row: w.first_row }) : t('skip.duplicate_question', { row: w.first_row });
    case 'repeated':
      return w.id ? t('skip.repeated_id', { id: w.id, sheet: w.sheet }) : t('skip.repeated_question', { sheet: w.sheet });
  }
}

/** A fact read from an assurance document, worded for the reader, with where it came from. */
export type FactRow = { key: string; value: string; page: number; quote: string; review: boolean };

/** The facts read from a document, in the order a DPO checks them, each worded in the UI's language. */
export function readingFacts(r: Reading): FactRow[] {
  const out: FactRow[] = [];
  const add = (key: string, f: { value: unknown; page: number; quote: string; review?: boolean } | null, value: (v: never) => string) => {
    if (f) out.push({ key, value: value(f.value as never), page: f.page, quote: f.quote.length > 110 ? `${f.quote.slice(0, 110)}…` : f.quote, review: !!f.review });
  };
  const text = (v: string) => v;
  add('organisation', r.organisation, text);
  add('auditor', r.auditor, text);
  add('period_start', r.period_start, formatDate);
  add('period_end', r.period_end, formatDate);
  add('as_of', r.as_of, formatDate);
  add('issued', r.issued, formatDate);
  add('expires', r.expires, formatDate);
  add('certificate_number', r.certificate_number, text);
  add('opinion', r.opinion, (v: string) => t(`cert.opinion.${v}` as MessageKey));
  add('categories', r.categories, (v: string[]) => v.map((k) => t(`cert.tsc.${k}` as MessageKey)).join(', '));
  return out;
}
