// Shared test data for the component tests: a vocabulary and register rows as the backend sends them.
import type { Vocabulary, VendorSummary } from '../src/ipc';

export const vocabulary: Vocabulary = {
  statuses: ['proposed', 'in_review', 'approved', 'approved_with_conditions', 'rejected', 'offboarded'],
  transfer_mechanisms: ['no_transfer', 'adequacy', 'eu_us_dpf', 'sccs', 'bcrs', 'none'],
  levels: ['low', 'medium', 'high'],
  common_data_categories: ['contact', 'communications'],
  special_data_categories: ['health'],
  common_data_subjects: ['customers'],
  countries: [
    { code: 'DE', name_en: 'Germany', name_de: 'Deutschland' },
    { code: 'IE', name_en: 'Ireland', name_de: 'Irland' },
  ],
};

export function summary(id: number, name: string, extra: Partial<VendorSummary> = {}): VendorSummary {
  return {
    id,
    name,
    services: [],
    serves: [],
    status: 'approved',
    tier: 1,
    countries: ['DE'],
    owner: '',
    next_review: null,
    updated_at: '2026-11-22T09:00:00.000Z',
    verdict: null,
    open_conditions: 0,
    ...extra,
  };
}
