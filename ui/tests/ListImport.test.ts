// Importing an existing list in the app: the preview names each row's status and why a row is
// skipped, the import adds what the preview said, and it can be undone as a whole.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListImport, ListPreview } from '../src/ipc';

const preview: ListPreview = {
  file_name: 'subprocessors.csv',
  mapping: { name: 'Sub-processor', countries: 'Location', status: 'Status' },
  unused: [],
  to_add: 2,
  rows: [
    { row: 2, draft: { name: 'AWS', countries: ['DE'], status: 'proposed' } as unknown as ListPreview['rows'][0]['draft'], notes: [], skip: null },
    { row: 3, draft: { name: 'Sentry', countries: ['US'], status: 'approved' } as unknown as ListPreview['rows'][0]['draft'], notes: [{ code: 'location' as const, value: 'EU' }], skip: null },
    { row: 4, draft: { name: 'Genesys', countries: [] as string[], status: 'proposed' } as unknown as ListPreview['rows'][0]['draft'], notes: [], skip: { code: 'already_listed', name: 'Genesys' } },
  ],
};
let offered: ListPreview = preview;
const imported: ListImport = { id: 41, file_name: 'subprocessors.csv', at: '2026-12-06T10:00:00Z', by: 'dpo', vendors: [7, 8], links: [], undone: false };
const importVendorList = vi.fn(async (_p: ListPreview, _lang: string) => imported);
const undoListImport = vi.fn(async (_id: number) => [7, 8]);
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    pickVendorList: async () => '/home/dpo/subprocessors.csv',
    api: {
      previewVendorList: async () => offered,
      importVendorList: (p: ListPreview, lang: string) => importVendorList(p, lang),
      undoListImport: (id: number) => undoListImport(id),
    },
  };
});

import ListImportPanel from '../src/components/ListImport.svelte';
import { app } from '../src/lib/app.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('ListImport', () => {
  beforeEach(() => {
    offered = preview;
    importVendorList.mockClear();
    undoListImport.mockClear();
  });

  it('previews each row with its status or why it is skipped, imports, and undoes the import', async () => {
    setLocale('de');
    const before = app.registerChanged;
    render(ListImportPanel);
    await fireEvent.click(screen.getByTestId('list-import-choose'));
    const rows = await screen.findAllByTestId('list-row');
    // (countries as codes: the test loads no vocabulary of country names)
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))).toEqual([
      ['2', 'AWS', 'DE', 'Vorgeschlagen', ''],
      ['3', 'Sentry', 'US', 'Freigegeben', 'Standort laut Liste: EU'],
      ['4', 'Genesys', '', '–', 'übersprungen: Genesys steht schon im Register (oder zweimal in der Liste)'],
    ]);
    expect(screen.getByTestId('list-import-summary').textContent).toContain('2 hinzuzufügen, 1 übersprungen');
    await fireEvent.click(screen.getByTestId('list-import-commit'));
    await vi.waitFor(() => expect(screen.getByTestId('list-import-done').textContent).toContain('2 Dienstleister aus subprocessors.csv hinzugefügt.'));
    expect(importVendorList).toHaveBeenCalledWith(preview, 'de'); // its notes kept in German
    expect(app.registerChanged).toBe(before + 1);
    await fireEvent.click(screen.getByTestId('list-import-undo'));
    await vi.waitFor(() => expect(screen.getByTestId('list-import-done').textContent).toContain('rückgängig gemacht: 2 Dienstleister archiviert'));
    expect(undoListImport).toHaveBeenCalledWith(41);
    expect(app.registerChanged).toBe(before + 2);
  });

  it('previews a chain: its companies and sub-processors, the link of each row new or known, and the vendors it adds', async () => {
    setLocale('en');
    const draft = (name: string) => ({ name, countries: [], status: 'proposed', purpose: '' }) as unknown as ListPreview['rows'][0]['draft'];
    const link = (client: string, purpose: string, known: boolean) => ({ client, purpose, data_categories: [], locations: [], known });
    offered = {
      file_name: 'chain.csv',
      mapping: { name: 'Sub-processor', client: 'Company', purpose: 'What they do' },
      unused: [],
      to_add: 2,
      rows: [
        { row: 2, draft: draft('AWS'), notes: [], skip: null, serves: link('Genesys', 'Hosting', false) },
        { row: 3, draft: draft('AWS'), notes: [], skip: null, serves: link('Twilio', 'Logs', true) },
        { row: 4, draft: draft('AWS'), notes: [], skip: { code: 'link_listed', vendor: 'AWS', client: 'Twilio' }, serves: link('Twilio', 'Logs', false) },
      ],
      chain: {
        new_vendors: [
          { row: 2, client_only: true, draft: draft('Genesys') },
          { row: 2, client_only: false, draft: draft('AWS') },
        ],
        new_links: 1,
        known_links: 1,
        companies: 2,
        sub_processors: 1,
      },
    };
    importVendorList.mockResolvedValueOnce({ ...imported, file_name: 'chain.csv', links: [[8, 7]] });
    render(ListImportPanel);
    await fireEvent.click(screen.getByTestId('list-import-choose'));
    const rows = await screen.findAllByTestId('list-row');
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))).toEqual([
      ['2', 'AWS', 'Genesys', 'Hosting', 'new link'],
      ['3', 'AWS', 'Twilio', 'Logs', 'already in the register'],
      ['4', 'AWS', 'Twilio', 'Logs', 'skipped: AWS under Twilio is listed twice'],
    ]);
    expect(screen.getByTestId('list-import-summary').textContent).toContain(
      'a chain · companies: 2 · sub-processors: 1 · new vendors: 2 · new links: 1 · links already in the register: 1',
    );
    expect(screen.getByTestId('chain-new-vendors').textContent).toContain('Genesys (company)');
    expect(screen.getByTestId('list-import-commit').textContent).toContain('Import (new vendors: 2, new links: 1)');
    await fireEvent.click(screen.getByTestId('list-import-commit'));
    await vi.waitFor(() => expect(screen.getByTestId('list-import-done').textContent).toContain('Imported from chain.csv: new vendors: 2, new links: 1.'));
  });
});
