// The vendor form: inline messages from the core's check, refusals from save shown per field, nothing navigates on error.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type DraftCheck, type VendorDraft } from '../src/ipc';
import { summary, vocabulary } from './fixtures';

const checkVendor = vi.fn();
const createVendor = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    api: {
      checkVendor: (d: VendorDraft) => checkVendor(d),
      createVendor: (d: VendorDraft) => createVendor(d),
      listVendors: async (q: { search: string }) => {
        const all = [summary(1, 'Genesys Cloud Services, Inc.'), summary(2, 'Twilio Ireland Limited')];
        const rows = all.filter((r) => q.search && r.name.toLowerCase().includes(q.search.toLowerCase()));
        return { total: rows.length, offset: 0, rows };
      },
    },
  };
});

import VendorForm from '../src/components/VendorForm.svelte';
import { app } from '../src/lib/app.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

/** What the core answers: an unknown-country refusal for any code but DE and IE. */
function fakeCheck(d: VendorDraft): DraftCheck {
  const errors = d.countries
    .filter((c) => !['DE', 'IE'].includes(c.toUpperCase()))
    .map((c) => ({ field: 'countries', code: 'unknown_country', message: `'${c}' is not an ISO 3166 country code`, value: c as string | null }));
  if (!d.name.trim()) errors.push({ field: 'name', code: 'invalid_name', message: 'a vendor needs a name', value: null });
  const tier = d.data_sensitivity === 'high' && d.business_impact === 'high' ? 1 : null;
  return { errors, computed_tier: tier, next_review: null };
}

describe('VendorForm', () => {
  beforeEach(() => {
    setLocale('en');
    app.vocabulary = vocabulary;
    app.view = { kind: 'new' };
    checkVendor.mockReset().mockImplementation(async (d: VendorDraft) => fakeCheck(d));
    createVendor.mockReset();
  });

  it('shows an inline error for an unknown country code once the field is touched', async () => {
    render(VendorForm);
    await fireEvent.input(screen.getByTestId('field-name'), { target: { value: 'Acme GmbH' } });
    expect(screen.queryByTestId('error-countries')).toBeNull();
    await fireEvent.input(screen.getByTestId('field-countries'), { target: { value: 'DE, XX' } });
    const error = await screen.findByTestId('error-countries', {}, { timeout: 2000 });
    expect(error.textContent).toBe('Unknown country code: XX');
    expect(checkVendor.mock.calls.at(-1)![0].countries).toEqual(['DE', 'XX']);
    expect(screen.getByTestId('country-names').textContent).toContain('Germany');
  });

  it('is busy until the core has answered the newest draft, not an older one', async () => {
    // The first answer is held back until the second draft's has come.
    let release: () => void = () => {};
    checkVendor.mockImplementationOnce(async (d: VendorDraft) => {
      await new Promise<void>((r) => (release = r));
      return fakeCheck(d);
    });
    render(VendorForm);
    const form = screen.getByTestId('vendor-form');
    await fireEvent.input(screen.getByTestId('field-countries'), { target: { value: 'DE, I' } });
    await waitFor(() => expect(checkVendor).toHaveBeenCalledTimes(1), { timeout: 2000 });
    expect(form.getAttribute('aria-busy')).toBe('true');
    await fireEvent.input(screen.getByTestId('field-countries'), { target: { value: 'DE, IE' } });
    release();
    await new Promise((r) => setTimeout(r, 50));
    expect(form.getAttribute('aria-busy'), 'an older draft answered: still busy').toBe('true');
    await waitFor(() => expect(form.getAttribute('aria-busy')).toBe('false'), { timeout: 2000 });
    expect(checkVendor.mock.calls.at(-1)![0].countries).toEqual(['DE', 'IE']);
    expect(screen.queryByTestId('error-countries')).toBeNull();
  });

  it('links the vendor to several it serves, each with its own purpose, data and places', async () => {
    createVendor.mockResolvedValue({ id: 9 });
    render(VendorForm);
    await fireEvent.input(screen.getByTestId('field-name'), { target: { value: 'Amazon Web Services EMEA SARL' } });
    const search = screen.getByTestId('field-parent-search');
    await fireEvent.input(search, { target: { value: 'genesys' } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Genesys Cloud Services, Inc.' }, { timeout: 2000 }));
    await fireEvent.input(screen.getByTestId('field-parent-search'), { target: { value: 'twilio' } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Twilio Ireland Limited' }, { timeout: 2000 }));
    const [genesys, twilio] = [screen.getByTestId('link-1'), screen.getByTestId('link-2')];
    await fireEvent.input(genesys.querySelector('[data-testid=link-purpose]')!, { target: { value: 'Hosts the call recordings' } });
    await fireEvent.input(genesys.querySelector('[data-testid=link-locations]')!, { target: { value: 'Frankfurt' } });
    await fireEvent.input(twilio.querySelector('[data-testid=link-purpose]')!, { target: { value: 'Hosts the logs' } });
    await fireEvent.input(twilio.querySelector('[data-testid=link-locations]')!, { target: { value: 'Dublin, Paris' } });
    await fireEvent.submit(screen.getByTestId('vendor-form'));
    await waitFor(() => expect(createVendor).toHaveBeenCalled());
    expect(createVendor.mock.calls[0][0].serves).toEqual([
      { client_id: 1, purpose: 'Hosts the call recordings', data_categories: [], locations: ['Frankfurt'] },
      { client_id: 2, purpose: 'Hosts the logs', data_categories: [], locations: ['Dublin', 'Paris'] },
    ]);
  });

  it('offers no approved status: approving is its own step, on the vendor page', async () => {
    render(VendorForm);
    const options = [...(screen.getByTestId('field-status') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toContain('in_review');
    expect(options).not.toContain('approved');
    expect(options).not.toContain('approved_with_conditions');
  });

  it('shows the computed tier the core derives', async () => {
    render(VendorForm);
    await fireEvent.change(screen.getByTestId('field-sensitivity'), { target: { value: 'high' } });
    await fireEvent.change(screen.getByTestId('field-impact'), { target: { value: 'high' } });
    await waitFor(() => expect(screen.getByTestId('computed-tier').textContent).toContain('Tier 1 (critical)'), {
      timeout: 2000,
    });
  });

  it('keeps the form and marks the fields when saving is refused', async () => {
    createVendor.mockRejectedValue(
      new IpcError({
        code: 'invalid_input',
        message: "'XX' is not an ISO 3166 country code",
        details: { fields: [{ field: 'countries', code: 'unknown_country', message: "'XX' is not an ISO 3166 country code", value: 'XX' }], values: {} },
      }),
    );
    render(VendorForm);
    await fireEvent.input(screen.getByTestId('field-name'), { target: { value: 'Acme GmbH' } });
    await fireEvent.input(screen.getByTestId('field-countries'), { target: { value: 'XX' } });
    await fireEvent.submit(screen.getByTestId('vendor-form'));
    expect((await screen.findByTestId('form-failure')).textContent).toBe('Please correct the marked fields.');
    expect(screen.getByTestId('error-countries').textContent).toBe('Unknown country code: XX');
    expect(app.view).toEqual({ kind: 'new' });
  });

  it('saves a valid vendor and opens its page', async () => {
    createVendor.mockResolvedValue({ id: 42, name: 'Acme GmbH' });
    render(VendorForm);
    await fireEvent.input(screen.getByTestId('field-name'), { target: { value: 'Acme GmbH' } });
    await fireEvent.input(screen.getByTestId('field-services'), { target: { value: 'Hosting\n\nBackup ' } });
    await fireEvent.submit(screen.getByTestId('vendor-form'));
    await waitFor(() => expect(app.view).toEqual({ kind: 'vendor', id: 42 }));
    expect(createVendor.mock.calls[0][0]).toMatchObject({ name: 'Acme GmbH', services: ['Hosting', 'Backup'] });
  });

  it('speaks German when German is chosen', async () => {
    setLocale('de');
    render(VendorForm);
    expect(screen.getByText('Neuer Dienstleister')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('field-countries'), { target: { value: 'ZZ' } });
    expect((await screen.findByTestId('error-countries', {}, { timeout: 2000 })).textContent).toBe(
      'Unbekannter Ländercode: ZZ',
    );
  });
});
