// Baselines in Settings: which baseline each tier is held to, copy-and-edit saved as a new
// baseline, and a refused save shown with the core's message (line and field).
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type Baseline, type BaselineSummary } from '../src/ipc';

const shipped: Baseline = {
  id: 'minimum-sub-processors',
  version: 1,
  name: { en: 'Minimum security baseline for sub-processors', de: 'Mindestsicherheitsmaßnahmen' },
  description: { en: '', de: '' },
  controls: [
    {
      id: 'BL-03', title: { en: 'Secure-code training for developers', de: 'Schulung' }, description: { en: '', de: '' },
      domain: 'Development', mandatory: false, weight: 1,
      evidence_needed: { tier_1: 'documented', tier_2: 'self_declared', tier_3: 'self_declared' },
      questions: [{ template: 'caiq-v4', ids: ['AIS-04.1'] }], keywords: [], certifications: [],
      ask: [{ id: 'BL-03.1', text: { en: 'Are developers trained in secure coding?', de: 'Werden Entwickler geschult?' } }],
    },
  ],
};
let list: BaselineSummary[] = [];
const saveBaseline = vi.fn();
const useBaseline = vi.fn(async (_tier: number, _id: string) => null);
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    api: {
      listBaselines: async () => list,
      getBaseline: async () => structuredClone(shipped),
      saveBaseline: (b: Baseline) => saveBaseline(b),
      useBaseline: (tier: number, id: string) => useBaseline(tier, id),
    },
  };
});

import Baselines from '../src/components/Baselines.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('Baselines', () => {
  beforeEach(() => {
    setLocale('en');
    list = [{ id: 'minimum-sub-processors', version: 1, name: shipped.name.en, name_de: shipped.name.de, saved_at: null, saved_by: null, used_for: [0] }];
    saveBaseline.mockReset();
    useBaseline.mockClear();
  });

  it('copies a baseline, makes a control mandatory, and saves it as a new baseline', async () => {
    render(Baselines);
    await fireEvent.click(await screen.findByTestId('baseline-copy'));
    expect((screen.getByTestId('baseline-id') as HTMLInputElement).value).toBe('minimum-sub-processors-copy');
    await fireEvent.input(screen.getByTestId('baseline-id'), { target: { value: 'tier-1-strict' } });
    await fireEvent.click(screen.getByTestId('control-details-BL-03'));
    expect(screen.getByText(/caiq-v4 AIS-04\.1/)).toBeTruthy(); // how the control is satisfied
    await fireEvent.click(screen.getByTestId('mandatory-BL-03'));
    saveBaseline.mockImplementationOnce(async (b: Baseline) => ({ ...b, version: 1 }));
    await fireEvent.click(screen.getByTestId('baseline-save'));
    const saved = saveBaseline.mock.calls[0][0] as Baseline;
    expect(saved.id).toBe('tier-1-strict');
    expect(saved.controls[0].mandatory).toBe(true);
    expect(await screen.findByTestId('baseline-notice')).toBeTruthy();
    expect(screen.queryByTestId('baseline-editor')).toBeNull();
  });

  it("edits our questionnaire's questions in both languages, and adds one with the next free id", async () => {
    render(Baselines);
    await fireEvent.click(await screen.findByTestId('baseline-edit'));
    await fireEvent.click(screen.getByTestId('control-details-BL-03'));
    const de = screen.getByTestId('ask-de-BL-03.1') as HTMLTextAreaElement;
    expect(de.value).toBe('Werden Entwickler geschult?');
    await fireEvent.input(de, { target: { value: 'Werden Entwicklerinnen und Entwickler in sicherer Softwareentwicklung geschult?' } });
    await fireEvent.click(screen.getByTestId('ask-add-BL-03'));
    await fireEvent.input(screen.getByTestId('ask-en-BL-03.2'), { target: { value: 'Is code reviewed before release?' } });
    await fireEvent.input(screen.getByTestId('ask-de-BL-03.2'), { target: { value: 'Wird Code vor der Freigabe geprüft?' } });
    saveBaseline.mockImplementationOnce(async (b: Baseline) => ({ ...b, version: 2 }));
    await fireEvent.click(screen.getByTestId('baseline-save'));
    const saved = saveBaseline.mock.calls[0][0] as Baseline;
    expect(saved.controls[0].ask).toEqual([
      { id: 'BL-03.1', text: { en: 'Are developers trained in secure coding?', de: 'Werden Entwicklerinnen und Entwickler in sicherer Softwareentwicklung geschult?' } },
      { id: 'BL-03.2', text: { en: 'Is code reviewed before release?', de: 'Wird Code vor der Freigabe geprüft?' } },
    ]);
  });

  it('shows a refused baseline with the line and field, and keeps the editor open', async () => {
    saveBaseline.mockRejectedValueOnce(
      new IpcError({ code: 'invalid_input', message: 'the baseline file is not valid: line 14, controls[0].weight: weight 0 is not between 1 and 100', details: { fields: [], values: {} } }),
    );
    render(Baselines);
    await fireEvent.click(await screen.findByTestId('baseline-edit'));
    await fireEvent.click(screen.getByTestId('baseline-save'));
    expect((await screen.findByTestId('baseline-error')).textContent).toContain('controls[0].weight');
    expect(screen.getByTestId('baseline-editor')).toBeTruthy();
  });

  it('holds a tier to a chosen baseline', async () => {
    list.push({ id: 'tier-1-strict', version: 1, name: 'Strict', name_de: 'Streng', saved_at: '', saved_by: 'dpo', used_for: [] });
    render(Baselines);
    const tier1 = (await screen.findByTestId('baseline-use-1')) as HTMLSelectElement;
    await vi.waitFor(() => expect(tier1.options.length).toBe(3)); // "same as every tier" and both baselines
    await fireEvent.change(tier1, { target: { value: 'tier-1-strict' } });
    expect(useBaseline).toHaveBeenCalledWith(1, 'tier-1-strict');
  });
});
