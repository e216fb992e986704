// The sub-processor list page: publishing asks for a path and sends the chosen filter and format;
// the answer says whether a new version was published; two versions compare into added, removed
// and changed sub-processors.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegisterDiff, RegisterEntry, RegisterVersion } from '../src/ipc';

let versions: RegisterVersion[] = [];
const exportRegister = vi.fn();
const registerDiff = vi.fn();
const pickSavePath = vi.fn(async (_t: string, name: string, _e: string) => `/tmp/${name}`);
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    pickSavePath: (t: string, name: string, e: string) => pickSavePath(t, name, e),
    api: {
      registerVersions: async () => versions,
      exportRegister: (...args: unknown[]) => exportRegister(...args),
      registerDiff: (...args: unknown[]) => registerDiff(...args),
    },
  };
});

import Publish from '../src/components/Publish.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

const version = (n: number, entries: number): RegisterVersion => ({
  version: n,
  published_at: `2026-11-${10 + n}T09:30:00.000Z`,
  published_by: 'dpo',
  as_of: `2026-11-${10 + n}`,
  filter: { statuses: ['approved', 'approved_with_conditions'], with_verdict: false },
  entries,
});

const entry = (id: number, entity: string): RegisterEntry => ({
  vendor_id: id, entity, services: ['SMS'], purpose: '', data_categories: [], countries: ['IE'],
  transfer_mechanism: null, serves: [], parent: null, status: 'approved', certifications: [],
});

describe('Publish', () => {
  beforeEach(() => {
    setLocale('en');
    versions = [];
    exportRegister.mockReset();
    registerDiff.mockReset();
    pickSavePath.mockClear();
  });

  it('publishes the approved list in the chosen format and says which version it became', async () => {
    render(Publish);
    expect(await screen.findByTestId('publish-none')).toBeTruthy();
    exportRegister.mockImplementation(async () => {
      versions = [version(1, 5)];
      return { version: 1, new: true, entries: 5, bytes: 2048 };
    });
    await fireEvent.change(screen.getByTestId('publish-format'), { target: { value: 'xlsx' } });
    await fireEvent.click(screen.getByTestId('publish-verdict'));
    await fireEvent.click(screen.getByTestId('publish-export'));
    const notice = await screen.findByTestId('publish-notice');
    expect(notice.textContent).toContain('Published as version 1: 5 sub-processors');
    expect(pickSavePath).toHaveBeenCalledWith(expect.any(String), 'sub-processors.xlsx', 'xlsx');
    expect(exportRegister).toHaveBeenCalledWith(
      { statuses: ['approved', 'approved_with_conditions'], with_verdict: true },
      'xlsx',
      '/tmp/sub-processors.xlsx',
      'en',
    );
    expect((await screen.findByTestId('publish-versions')).textContent).toContain('dpo');
  });

  it('says when the list is unchanged, and publishes every active vendor when asked', async () => {
    versions = [version(3, 7)];
    exportRegister.mockResolvedValue({ version: 3, new: false, entries: 7, bytes: 900 });
    render(Publish);
    await screen.findByTestId('publish-versions');
    await fireEvent.click(screen.getByTestId('publish-approved'));
    await fireEvent.click(screen.getByTestId('publish-export'));
    expect((await screen.findByTestId('publish-notice')).textContent).toContain('Unchanged since version 3');
    expect(exportRegister.mock.calls[0][0]).toEqual({ statuses: [], with_verdict: false });
  });

  it('compares the two newest versions into added, removed and changed', async () => {
    versions = [version(2, 2), version(1, 2)];
    const diff: RegisterDiff = {
      from_version: 1, from_published_at: '2026-11-11T09:30:00Z', to_version: 2, to_published_at: '2026-11-12T09:30:00Z',
      added: [entry(3, 'Twilio Ireland Limited')],
      removed: [entry(1, 'Old Mail GmbH')],
      changed: [{ vendor_id: 2, entity: 'Microsoft Ireland', changes: [{ field: 'transfer_mechanism', before: 'eu_us_dpf', after: 'sccs' }] }],
    };
    registerDiff.mockResolvedValue(diff);
    render(Publish);
    await fireEvent.click(await screen.findByTestId('diff-show'));
    expect(registerDiff).toHaveBeenCalledWith(1, 2);
    expect((await screen.findByTestId('diff-added')).textContent).toContain('Twilio Ireland Limited');
    expect(screen.getByTestId('diff-removed').textContent).toContain('Old Mail GmbH');
    const changed = screen.getByTestId('diff-changed').textContent ?? '';
    expect(changed).toContain('Transfer mechanism');
    expect(changed).toContain('sccs');
  });
});
