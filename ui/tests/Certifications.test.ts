// The certifications section: statuses from the core shown in words, a refused record marks its fields.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type Certification } from '../src/ipc';

const addCert = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    api: {
      certRules: async () => ({
        warning_days: 90,
        bridge_extension_months: 3,
        kinds: [{ kind: 'soc2_type2', label: 'SOC 2 Type II', note: 'About 12 months after the period end.' }],
      }),
      listCerts: async (): Promise<Partial<Certification>[]> => [
        { id: 1, kind: 'soc2_type2', kind_label: 'SOC 2 Type II', scope: 'Dialogflow CX', issuer: 'EY', period_start: '2025-01-01', period_end: '2025-12-31', current_until: '2026-12-31', status: 'expiring', security_report: true },
        { id: 2, kind: 'soc1', kind_label: 'SOC 1 / ISAE 3402', scope: '', issuer: '', period_end: '2024-06-30', current_until: '2025-06-30', status: 'lapsed', security_report: false },
      ],
      addCert: (...args: unknown[]) => addCert(...args),
    },
  };
});

import Certifications from '../src/components/Certifications.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('Certifications', () => {
  beforeEach(() => {
    setLocale('en');
    addCert.mockReset();
  });

  it('lists each record with its status in words and flags reports that are not about security', async () => {
    render(Certifications, { vendorId: 7 });
    expect(await screen.findByText('Expiring soon')).toBeTruthy();
    expect(screen.getByText('Lapsed')).toBeTruthy();
    expect(screen.getByText(/not a security report/)).toBeTruthy();
    expect(screen.getAllByTestId('cert-row').length).toBe(2);
  });

  it('shows why a record was refused, beside the field', async () => {
    addCert.mockRejectedValue(
      new IpcError({
        code: 'invalid_input',
        message: 'the period ends (2025-01-01) before it starts (2025-12-31)',
        fields: [{ field: 'period_end', code: 'period_reversed', message: 'the period ends before it starts' }],
      }),
    );
    render(Certifications, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId('add-cert'));
    await fireEvent.submit(screen.getByTestId('cert-form'));
    expect(await screen.findByText('The period ends before it starts.')).toBeTruthy();
    expect(addCert.mock.calls[0][0]).toBe(7);
  });
});
