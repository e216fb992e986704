// The dashboard's card of overdue conditions: each condition open past its due date (as the core
// told them on its "today"), with its vendor, title and due date, and how many are open in all.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

const dashboard = {
  as_of_date: '2026-12-06', within_30: [], within_60: [], within_90: [], lapsed: [], unattested: [], timeline: [],
  overdue_reviews: [], contract_renewals: [], without_dpa: [], open_conditions: 3,
  overdue_conditions: [
    { id: 1, vendor_id: 4, vendor_name: 'Twilio Ireland Limited', control_id: 'BL-01', title: 'SOC-2-Typ-II-Bericht vorlegen', owner: 'IT', due: '2026-11-30', state: 'open', met_by: null, note: '', created_at: '', created_by: '', closed_at: null, closed_by: null },
    { id: 2, vendor_id: 4, vendor_name: 'Twilio Ireland Limited', control_id: 'BL-08', title: 'MFA für Administratoren', owner: '', due: '2026-12-05', state: 'in_progress', met_by: null, note: '', created_at: '', created_by: '', closed_at: null, closed_by: null },
  ],
};
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  api: { certDashboard: async () => dashboard },
}));

import Dashboard from '../src/components/Dashboard.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('Dashboard', () => {
  it('lists the overdue conditions, two of one vendor, and how many are open', async () => {
    setLocale('de');
    render(Dashboard);
    const card = await screen.findByTestId('dash-conditions');
    await vi.waitFor(() => expect(card.textContent).toContain('Überfällige Auflagen 2'));
    const items = [...card.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'Twilio Ireland Limited SOC-2-Typ-II-Bericht vorlegen · fällig am 30.11.2026',
      'Twilio Ireland Limited MFA für Administratoren · fällig am 05.12.2026',
    ]);
    expect(card.textContent).toContain('3 Auflagen insgesamt offen');
    setLocale('en');
  });
});
