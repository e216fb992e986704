// The approval and its conditions on the vendor page: approving asks for a justification the core
// requires (the refusal worded beside the field), a reason handed over becomes a condition, a
// condition is closed by a certification of the vendor's, and the last one closed offers approval.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type Condition } from '../src/ipc';

const approveVendor = vi.fn();
const addCondition = vi.fn();
const updateCondition = vi.fn();
const conditions = vi.fn();
const approvals = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  api: {
    approvals: (id: number) => approvals(id),
    conditions: (id: number | null, open: boolean) => conditions(id, open),
    listCerts: async () => [{ id: 12, vendor_id: 4, kind_label: 'SOC 2 Type II', period_end: '2026-09-30', expires: null }],
    listQuestionnaires: async () => [],
    listBaselines: async () => [{ id: 'minimum-sub-processors', version: 3, name: 'Minimum security baseline', name_de: 'Mindestanforderungen', used_for: [0], saved_at: null, saved_by: null }],
    assessmentHistory: async () => [{ id: 3, assessment: { verdict: 'conditional' } }],
    approveVendor: (id: number, draft: unknown) => approveVendor(id, draft),
    addCondition: (id: number, draft: unknown) => addCondition(id, draft),
    updateCondition: (id: number, change: unknown) => updateCondition(id, change),
  },
}));

import Approvals from '../src/components/Approvals.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

const condition = (extra: Partial<Condition> = {}): Condition => ({
  id: 7, vendor_id: 4, vendor_name: 'Acme', control_id: 'BL-01', title: 'SOC 2 Type II by 31 March', owner: 'Anna', due: '2000-03-31',
  state: 'open', met_by: null, note: '', created_at: '2026-12-01T10:00:00Z', created_by: 'dpo', closed_at: null, closed_by: null, ...extra,
});

describe('Approvals', () => {
  beforeEach(() => {
    setLocale('de');
    for (const f of [approveVendor, addCondition, updateCondition, conditions, approvals]) f.mockReset();
    approvals.mockResolvedValue([]);
    conditions.mockResolvedValue([]);
  });

  it('asks why a vendor that does not meet the baseline is approved, in the words of the refusal', async () => {
    render(Approvals, { vendorId: 4, status: 'in_review' });
    expect((await screen.findByTestId('no-approval')).textContent).toBe('Noch keine Freigabe erfasst.');
    await fireEvent.click(screen.getByTestId('approve'));
    expect(await screen.findByText('Bewertung heute: Unter Auflagen')).toBeTruthy();
    approveVendor.mockRejectedValueOnce(
      new IpcError({ code: 'invalid_input', message: 'x', details: { fields: [{ field: 'justification', code: 'justification_required', message: 'x', value: 'conditional' }] } }),
    );
    await fireEvent.submit(screen.getByTestId('approve-form'));
    expect((await screen.findByTestId('approve-justification-error')).textContent).toContain('begründen Sie, warum');
    approvals.mockResolvedValue([
      { id: 1, vendor_id: 4, status: 'approved', verdict: 'conditional', baseline_id: 'minimum-sub-processors', baseline_version: 3, assessment_id: 3, justification: 'Vertrag läuft aus', open_conditions: 0, approved_at: '2026-12-06T09:00:00Z', approved_by: 'dpo' },
    ]);
    approveVendor.mockResolvedValueOnce({});
    await fireEvent.input(screen.getByTestId('approve-justification'), { target: { value: 'Vertrag läuft aus' } });
    await fireEvent.submit(screen.getByTestId('approve-form'));
    expect(approveVendor).toHaveBeenLastCalledWith(4, { status: 'approved', justification: 'Vertrag läuft aus' });
    expect((await screen.findByTestId('approval-line')).textContent).toContain('Freigegeben von dpo am');
    await vi.waitFor(() => expect(screen.getByTestId('approval-line').textContent).toContain('auf die Bewertung „Unter Auflagen“ (Mindestanforderungen v3)'));
  });

  it('adds a condition handed over from a reason, and shows it overdue', async () => {
    const { rerender } = render(Approvals, { vendorId: 4, status: 'in_review' });
    await screen.findByTestId('no-conditions');
    await rerender({ vendorId: 4, status: 'in_review', prefill: { control_id: 'BL-08', title: 'BL-08 ist nicht erfüllt.', owner: '', due: null, note: '' } });
    expect(((await screen.findByTestId('condition-title')) as HTMLInputElement).value).toBe('BL-08 ist nicht erfüllt.');
    expect((screen.getByTestId('condition-control') as HTMLInputElement).value).toBe('BL-08');
    await fireEvent.input(screen.getByTestId('condition-owner'), { target: { value: 'IT-Leitung' } });
    addCondition.mockResolvedValue({});
    conditions.mockResolvedValue([condition({ control_id: 'BL-08', title: 'BL-08 ist nicht erfüllt.', owner: 'IT-Leitung' })]);
    await fireEvent.click(screen.getByTestId('condition-save'));
    expect(addCondition).toHaveBeenCalledWith(4, { control_id: 'BL-08', title: 'BL-08 ist nicht erfüllt.', owner: 'IT-Leitung', due: null, note: '' });
    expect((await screen.findByTestId('condition-overdue')).textContent).toBe('überfällig');
  });

  it('closes a condition with a certification and offers approval without conditions', async () => {
    conditions.mockResolvedValue([condition()]);
    render(Approvals, { vendorId: 4, status: 'approved_with_conditions' });
    await fireEvent.click(await screen.findByTestId('condition-meet'));
    const select = screen.getByTestId('close-met-by') as HTMLSelectElement;
    select.value = 'certification:12';
    await fireEvent.change(select);
    updateCondition.mockResolvedValue({ condition: condition({ state: 'met' }), offer_approved: true });
    conditions.mockResolvedValue([condition({ state: 'met', met_by: { kind: 'certification', id: 12 }, closed_at: '2026-12-06T10:00:00Z', closed_by: 'dpo' })]);
    await fireEvent.click(screen.getByTestId('close-save'));
    expect(updateCondition).toHaveBeenCalledWith(7, { title: null, owner: null, due: null, state: 'met', met_by: { kind: 'certification', id: 12 }, note: '' });
    expect((await screen.findByTestId('approve-offer')).textContent).toContain('Das war die letzte offene Auflage');
    expect(screen.getByTestId('condition-7').textContent).toContain('Zertifizierung SOC 2 Type II');
    await fireEvent.click(screen.getByTestId('approve-offer-yes'));
    expect((screen.getByTestId('approve-as-approved') as HTMLInputElement).checked).toBe(true);
  });

  it("changes a condition's owner and due date", async () => {
    conditions.mockResolvedValue([condition()]);
    render(Approvals, { vendorId: 4, status: 'approved_with_conditions' });
    await fireEvent.click(await screen.findByTestId('condition-edit'));
    await fireEvent.input(screen.getByTestId('edit-owner'), { target: { value: 'CISO' } });
    const due = screen.getByTestId('edit-due') as HTMLInputElement;
    await fireEvent.input(due, { target: { value: '2027-06-30' } });
    await fireEvent.change(due, { target: { value: '2027-06-30' } });
    updateCondition.mockResolvedValue({ condition: condition({ owner: 'CISO', due: '2027-06-30' }), offer_approved: false });
    await fireEvent.submit(screen.getByTestId('edit-form'));
    expect(updateCondition).toHaveBeenCalledWith(7, { title: 'SOC 2 Type II by 31 March', owner: 'CISO', due: '2027-06-30', state: null, met_by: null, note: null });
    await vi.waitFor(() => expect(screen.queryByTestId('edit-form')).toBeNull());
  });

  it('says when an approved vendor has no approval on record', async () => {
    render(Approvals, { vendorId: 4, status: 'approved' });
    expect((await screen.findByTestId('no-approval')).textContent).toContain('ohne erfasste Freigabe');
  });
});
