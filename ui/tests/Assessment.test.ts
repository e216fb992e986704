// The baseline section of a vendor page: the verdict and its reasons from the core, a control's
// evidence on demand, "as of" another day scored again, an accepted risk refused field by field.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type ControlResult, type Scored } from '../src/ipc';

function control(id: string, extra: Partial<ControlResult>): ControlResult {
  return {
    id, title: `Control ${id}`, title_de: `Kontrolle ${id}`, domain: 'Access', mandatory: true, weight: 3,
    status: 'met', strength: 'independent', needed: 'independent', evidence: [], missing: [], accepted: null, expiring: false,
    ...extra,
  };
}

function scored(asOf: string): Scored {
  const lapsed = asOf > '2027-09-30';
  return {
    vendor: { id: 7, name: 'Acme' },
    saved: false,
    assessment: {
      baseline_id: 'minimum-sub-processors', baseline_version: 1, baseline_name: 'Minimum security baseline for sub-processors',
      baseline_name_de: 'Mindestsicherheitsmaßnahmen für Unterauftragsverarbeiter',
      as_of: asOf, tier: 1, verdict: lapsed ? 'fails' : 'meets', coverage: lapsed ? 62.5 : 100,
      reasons: lapsed ? [{ code: 'mandatory_unknown', control_id: 'BL-08' }] : [],
      controls: [
        control('BL-07', {
          evidence: [{
            source: 'certification', certification_id: 1, kind: 'soc2_type2', criteria: ['security'], current_until: '2027-09-30',
            weakened: [{ code: 'exceptions', criteria: ['CC6.1'] }], partly: null, strength: 'limited', status: 'met', expiring: false,
          }],
        }),
        control('BL-08', lapsed ? { status: 'unknown', strength: null, missing: [{ code: 'answer_or_certification' }] } : {}),
      ],
    },
  };
}

const assessVendor = vi.fn(async (_id: number, asOf: string | null) => scored(asOf ?? '2026-11-22'));
const acceptRisk = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    api: {
      assessVendor: (id: number, asOf: string | null) => assessVendor(id, asOf),
      acceptRisk: (...args: unknown[]) => acceptRisk(...args),
      certRules: async () => ({ kinds: [{ kind: 'soc2_type2', label: 'SOC 2 Type II' }] }),
      assessmentHistory: async () => [
        { id: 3, vendor_id: 7, assessed_at: '2026-11-20T09:00:00.000Z', assessed_by: 'dpo', assessment: scored('2027-10-15').assessment },
      ],
    },
  };
});

import Assessment from '../src/components/Assessment.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('Assessment', () => {
  beforeEach(() => {
    setLocale('en');
    assessVendor.mockClear();
    acceptRisk.mockReset();
  });

  it('shows the verdict with its coverage and a control\'s evidence when opened', async () => {
    render(Assessment, { vendorId: 7 });
    expect((await screen.findByTestId('verdict')).textContent).toBe('Meets baseline');
    expect(screen.getByTestId('coverage').textContent).toBe('100.0% coverage');
    expect(screen.queryByText(/current until/)).toBeNull();
    await fireEvent.click(screen.getByText('Control BL-07'));
    expect(
      screen.getByText(/SOC 2 Type II, Security in scope, current until 30 Sept 2027 \(the auditor noted exceptions on CC6.1\)/),
    ).toBeTruthy();
  });

  it('scores again as of another day and shows why it fails then', async () => {
    render(Assessment, { vendorId: 7 });
    await screen.findByTestId('verdict');
    await fireEvent.input(screen.getByTestId('assess-as-of'), { target: { value: '2027-10-15' } });
    await vi.waitFor(() => expect(screen.getByTestId('verdict').textContent).toBe('Fails'));
    expect(assessVendor).toHaveBeenLastCalledWith(7, '2027-10-15');
    expect(screen.getByTestId('reasons').textContent).toContain('Nothing shows BL-08 Control BL-08 is met.');
    expect(screen.getByText(/what if on/)).toBeTruthy();
    expect(screen.getByTestId('status-BL-08').textContent).toBe('unknown');
  });

  it('accepts a risk for an unmet control, showing refused fields beside their inputs', async () => {
    assessVendor.mockImplementation(async () => scored('2027-10-15'));
    acceptRisk.mockRejectedValueOnce(
      new IpcError({ code: 'invalid_input', message: 'bad', details: { fields: [{ field: 'until', code: 'in_the_past', message: 'an acceptance must hold until today or later', value: null }], values: {} } }),
    );
    render(Assessment, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId('accept-BL-08'));
    await fireEvent.input(screen.getByTestId('accept-reason'), { target: { value: 'VPN with hardware keys' } });
    await fireEvent.input(screen.getByTestId('accept-by'), { target: { value: 'CISO' } });
    await fireEvent.click(screen.getByTestId('accept-save'));
    expect(await screen.findByText('Choose today or a later day.')).toBeTruthy();
    expect(acceptRisk).toHaveBeenCalledWith(7, expect.objectContaining({ control_id: 'BL-08', reason: 'VPN with hardware keys', accepted_by: 'CISO' }));
    acceptRisk.mockResolvedValueOnce({});
    await fireEvent.click(screen.getByTestId('accept-save'));
    await vi.waitFor(() => expect(screen.queryByTestId('accept-form')).toBeNull());
    assessVendor.mockImplementation(async (_id, asOf) => scored(asOf ?? '2026-11-22'));
  });

  it('shows a saved snapshot as it was decided, without offering to accept risks in it', async () => {
    render(Assessment, { vendorId: 7 });
    expect((await screen.findByTestId('verdict')).textContent).toBe('Meets baseline');
    await fireEvent.click(await screen.findByTestId('snapshot'));
    expect(screen.getByTestId('verdict').textContent).toBe('Fails');
    expect(screen.getByTestId('viewing-snapshot').textContent).toContain('dpo');
    expect(screen.queryByTestId('accept-BL-08')).toBeNull();
    await fireEvent.click(screen.getByText('Back to the live assessment'));
    expect(screen.getByTestId('verdict').textContent).toBe('Meets baseline');
  });

  it('words every fact in German: reasons, evidence and what is missing', async () => {
    setLocale('de');
    render(Assessment, { vendorId: 7 });
    await screen.findByTestId('verdict');
    await fireEvent.input(screen.getByTestId('assess-as-of'), { target: { value: '2027-10-15' } });
    await vi.waitFor(() => expect(screen.getByTestId('reasons').textContent).toContain('Nichts belegt, dass BL-08 Kontrolle BL-08 erfüllt ist.'));
    expect(screen.getByTestId('coverage').textContent).toBe('62,5 % Abdeckung'); // a German decimal comma
    await fireEvent.click(screen.getByText('Kontrolle BL-07'));
    await fireEvent.click(screen.getByText('Kontrolle BL-08'));
    const text = screen.getByTestId('assessment').textContent ?? '';
    expect(text).toContain('SOC 2 Type II, Sicherheit im Prüfumfang, gültig bis 30.09.2027 (der Prüfer vermerkte Abweichungen zu CC6.1)');
    expect(text).toContain('eine Antwort auf ihre Fragen oder eine gültige Zertifizierung, die sie abdeckt');
    expect(text).toContain('Mindestsicherheitsmaßnahmen für Unterauftragsverarbeiter v1');
    for (const english of ['current until', 'in scope', 'auditor', 'nothing shows', 'an answer to', 'baseline']) {
      expect(text).not.toContain(english);
    }
  });

  it('leads with the three weightiest reasons, names the rest by id, and says an untiered vendor is held to tier 1', async () => {
    const many = scored('2026-11-22');
    const ids = ['BL-01', 'BL-02', 'BL-03', 'BL-04', 'BL-05'];
    many.assessment = {
      ...many.assessment,
      tier: null,
      verdict: 'fails',
      controls: ids.map((id) => control(id, { status: id === 'BL-05' ? 'not_met' : 'partially_met' })),
      reasons: [
        ...ids.slice(0, 4).map((id) => ({ code: 'partially_met' as const, control_id: id })),
        { code: 'mandatory_not_met' as const, control_id: 'BL-05' },
      ],
    };
    assessVendor.mockImplementation(async () => many);
    render(Assessment, { vendorId: 7 });
    await screen.findByTestId('reasons');
    const shown = () => [...screen.getByTestId('reasons').querySelectorAll('li.reason')].map((li) => li.textContent);
    // what fails the vendor first, then the partial ones in the baseline's order
    expect(shown()).toEqual(['BL-05 Control BL-05 is not met.', 'BL-01 Control BL-01 is only partially met.', 'BL-02 Control BL-02 is only partially met.']);
    expect(screen.getByTestId('more-reasons').textContent?.trim()).toBe('and 2 more: BL-03, BL-04');
    expect(screen.getByTestId('untiered').textContent).toBe('No tier is set: the evidence tier 1 needs is asked for.');
    await fireEvent.click(screen.getByTestId('more-reasons'));
    expect(shown()).toHaveLength(5);
    expect(screen.queryByTestId('more-reasons')).toBeNull();
    assessVendor.mockImplementation(async (_id: number, asOf: string | null) => scored(asOf ?? '2026-11-22'));
  });
});
