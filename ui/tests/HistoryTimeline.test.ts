// A vendor's history as a person reads it: recorded values in words of the UI's language.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../src/ipc';
import HistoryTimeline from '../src/components/HistoryTimeline.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

const entry = (id: number, action: HistoryEntry['action'], field: string | null, before: string | null, after: string | null): HistoryEntry => ({
  id,
  vendor_id: 1,
  vendor_name: 'Genesys',
  at: '2026-12-05T09:00:00Z',
  actor: 'dpo',
  action,
  field,
  before,
  after,
});

describe('HistoryTimeline', () => {
  it('shows a status, a date and a verdict in words, in German', () => {
    setLocale('de');
    render(HistoryTimeline, {
      entries: [
        entry(4, 'import_questionnaire', null, null, 'CSA CAIQ v4.0.3, version 2: caiq.xlsx (261 questions)'),
        entry(3, 'assess', 'verdict', 'insufficient', 'conditional (45.6% coverage; Minimum security baseline v1)'),
        entry(2, 'update', 'status', 'proposed', 'approved_with_conditions'),
        entry(1, 'update', 'dpa_signed', null, '2026-03-15'),
      ],
    });
    const text = screen.getByTestId('history').textContent ?? '';
    expect(text).toContain('Vorgeschlagen');
    expect(text).toContain('Freigegeben mit Auflagen');
    expect(text).toContain('15.03.2026');
    expect(text).toContain('Zu wenig Informationen');
    expect(text).toContain('Unter Auflagen (45,6 % Abdeckung)');
    expect(text).toContain('CSA CAIQ v4.0.3, Version 2: caiq.xlsx (261 Fragen)');
    for (const raw of ['approved_with_conditions', 'proposed', 'conditional', 'coverage', 'verdict', 'questions']) {
      expect(text, raw).not.toContain(raw);
    }
  });
});
