// Settings: where the register lives, without developer talk: the folder shown and opened, another
// folder chosen for the next start, the standard folder again; a folder fixed by the environment
// cannot be changed here.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../src/ipc';

const info = (over: Partial<AppInfo> = {}): AppInfo => ({
  version: '0.1.0',
  db_path: '/home/dpo/.local/share/app.vetted.desktop/vetted.db',
  os_language: 'de',
  next_folder: '/home/dpo/.local/share/app.vetted.desktop',
  folder_source: 'default',
  team: null,
  next_team: null,
  team_unreachable: null,
  ...over,
});
const chooseDataFolder = vi.fn(async (folder: string | null) =>
  folder ? info({ next_folder: folder, folder_source: 'chosen' }) : info(),
);
const openDataFolder = vi.fn(async () => null);
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    pickFolder: async () => '/srv/datenschutz',
    api: {
      chooseDataFolder: (f: string | null) => chooseDataFolder(f),
      openDataFolder: () => openDataFolder(),
      listBaselines: async () => [],
    },
  };
});

import Settings from '../src/components/Settings.svelte';
import { app } from '../src/lib/app.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('Settings: where the register lives', () => {
  beforeEach(() => {
    setLocale('de');
    chooseDataFolder.mockClear();
  });

  it('shows and opens the folder, keeps another for the next start, and goes back to the standard one', async () => {
    app.info = info();
    render(Settings);
    expect(screen.getByTestId('db-path').textContent).toBe('/home/dpo/.local/share/app.vetted.desktop/vetted.db');
    expect(screen.queryByTestId('folder-next')).toBeNull();
    await fireEvent.click(screen.getByTestId('folder-open'));
    expect(openDataFolder).toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('folder-choose'));
    await vi.waitFor(() => expect(screen.getByTestId('folder-next').textContent).toContain('Ab dem nächsten Start öffnet Vetted das Register in /srv/datenschutz'));
    expect(chooseDataFolder).toHaveBeenCalledWith('/srv/datenschutz');
    await fireEvent.click(screen.getByTestId('folder-default'));
    await vi.waitFor(() => expect(screen.queryByTestId('folder-next')).toBeNull());
    expect(chooseDataFolder).toHaveBeenLastCalledWith(null);
    // no developer talk
    expect(document.body.textContent).not.toMatch(/VETTED_DATA_DIR|JSON-Schema|schema/i);
  });

  it('says a folder the environment fixed cannot be changed here', () => {
    app.info = info({ folder_source: 'environment' });
    render(Settings);
    expect(screen.getByTestId('folder-fixed').textContent).toContain('Administration');
    expect(screen.queryByTestId('folder-choose')).toBeNull();
  });
});
