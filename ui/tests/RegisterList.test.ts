// The register list: rows from the backend, search and filters sent to SQL, sorting by column.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListQuery } from '../src/ipc';
import { summary, vocabulary } from './fixtures';

const listVendors = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    api: {
      listVendors: (q: ListQuery) => listVendors(q),
      facets: async () => ({ countries: ['DE', 'IE'], clients: [{ id: 1, name: 'Genesys' }] }),
      uiPainted: async () => null,
    },
  };
});

import RegisterList from '../src/components/RegisterList.svelte';
import { app } from '../src/lib/app.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

const lastQuery = (): ListQuery => listVendors.mock.calls.at(-1)![0];

describe('RegisterList', () => {
  beforeEach(() => {
    setLocale('en');
    app.vocabulary = vocabulary;
    listVendors.mockReset();
    listVendors.mockImplementation(async (q: ListQuery) => {
      const rows = [
        summary(1, 'Genesys Cloud Services, Inc.', { services: ['Genesys Cloud CX'] }),
        summary(2, 'Google Cloud EMEA Ltd', { serves: [{ id: 1, name: 'Genesys Cloud Services, Inc.' }], status: 'in_review', tier: 2 }),
      ].filter((r) => r.name.toLowerCase().includes(q.search.toLowerCase()));
      return { total: rows.length, offset: q.offset, rows };
    });
  });

  it('shows the rows the backend returns, with status and parent', async () => {
    render(RegisterList);
    expect(await screen.findByText('Google Cloud EMEA Ltd')).toBeTruthy();
    expect(screen.getByText('In review', { selector: '.status' })).toBeTruthy();
    expect(screen.getAllByText('Genesys Cloud Services, Inc.', { selector: '.col' }).length).toBe(2); // a row, and a parent
    expect(screen.getByTestId('register-count').textContent).toContain('2 vendors');
    expect(lastQuery()).toMatchObject({ search: '', status: null, include_archived: false, sort: 'name', offset: 0 });
  });

  it('sends the search text to the backend and shows only what it returns', async () => {
    render(RegisterList);
    await screen.findByText('Google Cloud EMEA Ltd');
    await fireEvent.input(screen.getByTestId('register-search'), { target: { value: 'google' } });
    await waitFor(() => expect(lastQuery().search).toBe('google'));
    await waitFor(() => expect(screen.queryByText('Genesys Cloud CX')).toBeNull());
    expect(screen.getByTestId('register-count').textContent).toContain('1 vendor');
  });

  it('starts a new query at the top: scrolled far down, a search still shows its rows', async () => {
    listVendors.mockImplementation(async (q: ListQuery) => {
      const all = Array.from({ length: 300 }, (_, i) => summary(i + 1, `Vendor ${String(i).padStart(3, '0')}`));
      const rows = all.filter((r) => r.name.toLowerCase().includes(q.search.toLowerCase()));
      return { total: rows.length, offset: q.offset, rows: rows.slice(q.offset, q.offset + q.limit) };
    });
    render(RegisterList);
    await screen.findByText('Vendor 000');
    const list = screen.getByTestId('register-list');
    list.scrollTop = 250 * 44;
    await fireEvent.scroll(list);
    await waitFor(() => expect(lastQuery().offset).toBe(200));
    await fireEvent.input(screen.getByTestId('register-search'), { target: { value: 'vendor 00' } });
    await waitFor(() => expect(lastQuery().search).toBe('vendor 00'));
    expect(await screen.findByText('Vendor 007')).toBeTruthy();
    expect(screen.getAllByTestId('vendor-row').length).toBeGreaterThan(0);
  });

  it('filters by status, archived included, tier and country in the query', async () => {
    render(RegisterList);
    await screen.findByText('Google Cloud EMEA Ltd');
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'approved' } });
    await waitFor(() => expect(lastQuery().status).toBe('approved'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: '*' } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ status: null, include_archived: true }));
    await fireEvent.change(screen.getByTestId('filter-tier'), { target: { value: '2' } });
    await waitFor(() => expect(lastQuery().tier).toBe(2));
    await fireEvent.change(screen.getByTestId('filter-country'), { target: { value: 'IE' } });
    await waitFor(() => expect(lastQuery().country).toBe('IE'));
  });

  it('sorts by a column and flips the direction on a second click', async () => {
    render(RegisterList);
    await screen.findByText('Google Cloud EMEA Ltd');
    await fireEvent.click(screen.getByTestId('sort-tier'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: 'tier', descending: false }));
    await fireEvent.click(screen.getByTestId('sort-tier'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: 'tier', descending: true }));
  });

  it('asks only for the windows in view of a large register', async () => {
    listVendors.mockImplementation(async (q: ListQuery) => ({
      total: 10_000,
      offset: q.offset,
      rows: Array.from({ length: 100 }, (_, i) => summary(q.offset + i + 1, `Vendor ${q.offset + i + 1}`)),
    }));
    render(RegisterList);
    await screen.findByText('Vendor 1');
    expect(screen.getByTestId('register-count').textContent).toContain('10000 vendors');
    expect(screen.getAllByTestId('vendor-row').length).toBeLessThan(50);
    expect(listVendors.mock.calls.every(([q]) => q.limit === 100)).toBe(true);
  });
});
