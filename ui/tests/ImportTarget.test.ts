// Choosing whose a questionnaire is when it was picked or dropped away from a vendor page: an
// existing vendor of the register, or a new one created by name; then that vendor's page opens
// with the file waiting to be previewed.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const listVendors = vi.fn();
const createVendor = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  api: {
    listVendors: (q: unknown) => listVendors(q),
    createVendor: (d: unknown) => createVendor(d),
  },
}));

import ImportTarget from '../src/components/ImportTarget.svelte';
import { app } from '../src/lib/app.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

const vendor = (id: number, name: string) => ({ id, name });

describe('ImportTarget', () => {
  beforeEach(() => {
    setLocale('en');
    listVendors.mockReset();
    createVendor.mockReset();
    app.importFile = '/home/dpo/Downloads/caiq.xlsx';
    app.pendingImport = null;
    app.view = { kind: 'register' };
  });

  it('sends the file to the vendor chosen from the register', async () => {
    listVendors.mockImplementation(async (q: { search: string }) => ({
      total: 2,
      offset: 0,
      rows: [vendor(3, 'Genesys'), vendor(5, 'Twilio')].filter((v) => v.name.toLowerCase().includes(q.search.toLowerCase())),
    }));
    // As App renders it: the prop follows `app.importFile`, which choosing clears.
    render(ImportTarget, {
      get path() {
        return app.importFile ?? '';
      },
    });
    expect(await screen.findByText('File: caiq.xlsx')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('target-search'), { target: { value: 'twi' } });
    await vi.waitFor(() => expect(screen.getByTestId('target-vendor').textContent).toBe('Twilio'));
    await fireEvent.click(screen.getByTestId('target-go'));
    await vi.waitFor(() => expect(app.view).toEqual({ kind: 'vendor', id: 5 }));
    expect(app.pendingImport).toBe('/home/dpo/Downloads/caiq.xlsx');
    expect(app.importFile).toBeNull();
    expect(createVendor).not.toHaveBeenCalled();
  });

  it('creates a new vendor by name, and says why when the register refuses it', async () => {
    listVendors.mockResolvedValue({ total: 0, offset: 0, rows: [] });
    createVendor.mockRejectedValueOnce({ code: 'duplicate', message: 'a vendor named Acme is already in the register' });
    createVendor.mockResolvedValueOnce(vendor(9, 'Acme Hosting'));
    app.importFile = '/tmp/acme.csv';
    render(ImportTarget, {
      get path() {
        return app.importFile ?? '';
      },
    });
    await fireEvent.click(await screen.findByTestId('target-new'));
    const go = screen.getByTestId('target-go') as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('target-new-name'), { target: { value: 'Acme' } });
    await fireEvent.click(go);
    expect((await screen.findByRole('alert')).textContent).toContain('already in the register');
    expect(app.view).toEqual({ kind: 'register' });
    await fireEvent.input(screen.getByTestId('target-new-name'), { target: { value: ' Acme Hosting ' } });
    await fireEvent.click(go);
    await vi.waitFor(() => expect(app.view).toEqual({ kind: 'vendor', id: 9 }));
    expect(createVendor).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'Acme Hosting' }));
    expect(app.pendingImport).toBe('/tmp/acme.csv');
  });
});
