// Dates are typed as the UI's language writes them, not as the operating system's locale would:
// German DD.MM.YYYY, English YYYY-MM-DD; the value kept is always YYYY-MM-DD.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DateInput from '../src/components/DateInput.svelte';
import { isoFromTyped, typedFromIso } from '../src/lib/dates';
import { formatDate, setDateFormat, setLocale } from '../src/lib/i18n/index.svelte';

describe('dates as typed', () => {
  it('reads German and ISO dates, refuses days that do not exist', () => {
    expect(isoFromTyped('05.12.2026')).toBe('2026-12-05');
    expect(isoFromTyped(' 6.1.2027 ')).toBe('2027-01-06');
    expect(isoFromTyped('2026-12-05')).toBe('2026-12-05');
    expect(isoFromTyped('')).toBe('');
    for (const bad of ['31.02.2026', '2026-13-01', '12/05/2026', 'bald', '05.12.26']) expect(isoFromTyped(bad), bad).toBeNull();
    expect(typedFromIso('2026-12-05', 'dmy')).toBe('05.12.2026');
    expect(typedFromIso('2026-12-05', 'iso')).toBe('2026-12-05');
  });
});

describe('DateInput', () => {
  it('shows and takes a German date in the German UI, keeping YYYY-MM-DD', async () => {
    setDateFormat('language');
    setLocale('de');
    let kept = '';
    render(DateInput, { value: '2026-12-05', testid: 'd', onchange: (v: string) => (kept = v) });
    const input = screen.getByTestId('d') as HTMLInputElement;
    expect(input.value).toBe('05.12.2026');
    expect(input.placeholder).toBe('TT.MM.JJJJ');
    await fireEvent.input(input, { target: { value: '6.1.2027' } });
    expect(kept).toBe('2027-01-06');
    expect(input.getAttribute('aria-invalid')).toBe('false');
    await fireEvent.input(input, { target: { value: '31.02.2027' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // Passed on as typed, for the form's check to name it.
    expect(kept).toBe('31.02.2027');
  });

  it('shows ISO dates in the English UI', () => {
    setLocale('en');
    render(DateInput, { value: '2026-12-05', testid: 'e' });
    const input = screen.getByTestId('e') as HTMLInputElement;
    expect(input.value).toBe('2026-12-05');
    expect(input.placeholder).toBe('YYYY-MM-DD');
  });
});

describe('the date format setting', () => {
  it('writes and takes dates in the form Settings chose, whatever the language', () => {
    setLocale('de');
    setDateFormat('iso');
    expect(formatDate('2026-12-05')).toBe('2026-12-05');
    render(DateInput, { value: '2026-12-05', testid: 'iso' });
    expect((screen.getByTestId('iso') as HTMLInputElement).value).toBe('2026-12-05');
    setLocale('en');
    setDateFormat('dmy');
    expect(formatDate('2026-12-05')).toBe('05.12.2026');
    setDateFormat('language');
    expect(formatDate('2026-12-05')).toBe('5 Dec 2026');
  });
});
