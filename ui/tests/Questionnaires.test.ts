// The questionnaire section: a picked file is previewed (template, counts, rows) before anything is
// saved; confirming saves it through the backend with the preview's token; a refused file says why.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError } from '../src/ipc';

const previewImport = vi.fn();
const commitImport = vi.fn();
const listQuestionnaires = vi.fn();
const makeQuestionnaire = vi.fn();
const listBaselines = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  pickQuestionnaire: async () => '/home/dpo/caiq.xlsx',
  pickSavePath: async (_title: string, defaultPath: string) => `/home/dpo/${defaultPath}`,
  onFilesDropped: async () => () => {},
  api: {
    previewImport: (path: string, mapping: unknown) => previewImport(path, mapping),
    commitImport: (token: number, vendorId: number, onProgress: (p: unknown) => void) => commitImport(token, vendorId, onProgress),
    cancelImport: async () => null,
    makeQuestionnaire: (request: unknown, path: string) => makeQuestionnaire(request, path),
    listBaselines: () => listBaselines(),
    listQuestionnaires: (id: number) => listQuestionnaires(id),
    compareQuestionnaires: async (from: number, to: number) => [
      { kind: 'changed', question_id: 'IAM-01', question: 'Do you enforce MFA?', before: 'partial', after: 'yes', before_text: 'Partially', after_text: 'Yes', from, to },
    ],
    questionnaireAnswers: async () => [
      { cell: 'CAIQv4.0.3!C3', sheet: 'CAIQv4.0.3', row: 3, question_id: 'A&A-01.1', question: 'Are audit policies established?', answer: 'yes', original: 'Yes', comment: '', control: null, domain: null },
    ],
  },
}));

import Questionnaires from '../src/components/Questionnaires.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

const page = {
  token: 7,
  template_label: 'CSA CAIQ v4.0.3',
  shown: 1,
  preview: {
    file_name: 'caiq.xlsx', sha256: 'ab'.repeat(32), size: 1000, format: 'xlsx', template: 'caiq-v4', template_name: 'CSA CAIQ',
    template_version: '4.0.3', variant: null, guessed: false, profile: { id: 'caiq-v4', name: 'CSA CAIQ', columns: { answer: { header: ['CSP CAIQ Answer'] } }, id_pattern: '^x$' }, questions: 261,
    sheets: [{ sheet: 'CAIQv4.0.3', header_row: 2, first_row: 3, last_row: 265, questions: 261, headers: [{ column: 'A', text: 'Question ID' }, { column: 'C', text: 'CSP CAIQ Answer' }, { column: 'D', text: 'SSRM Control Ownership' }] }],
    columns: [{ sheet: 'CAIQv4.0.3', role: 'answer', column: 'C', header: 'CSP CAIQ Answer', basis: 'template' }],
    answers: { yes: 259, no: 2, partial: 0, na: 0, unknown: 0 },
    rows: [{ cell: 'CAIQv4.0.3!C3', sheet: 'CAIQv4.0.3', row: 3, question_id: 'A&A-01.1', question: 'Are audit policies established?', answer: 'yes', original: 'Yes', comment: '', control: null, domain: null }],
    skipped_rows: [],
  },
};

describe('Questionnaires', () => {
  beforeEach(() => {
    setLocale('en');
    previewImport.mockReset();
    commitImport.mockReset();
    listQuestionnaires.mockReset();
    listQuestionnaires.mockResolvedValue([]);
  });

  it('previews before saving, then saves with the preview token', async () => {
    previewImport.mockResolvedValue(page);
    commitImport.mockResolvedValue({ id: 1, version: 1 });
    render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    expect(await screen.findByTestId('preview-template')).toHaveProperty('textContent', 'CSA CAIQ v4.0.3');
    expect(previewImport).toHaveBeenCalledWith('/home/dpo/caiq.xlsx', null);
    expect(screen.getByTestId('count-yes').textContent).toBe('Yes: 259');
    expect(screen.getByTestId('count-no').textContent).toBe('No: 2');
    expect(commitImport).not.toHaveBeenCalled();
    listQuestionnaires.mockResolvedValue([{ id: 1, version: 1, template: 'caiq-v4', template_name: 'CSA CAIQ', template_version: '4.0.3', variant: null, file_name: 'caiq.xlsx', imported_at: '2026-11-22T10:00:00Z', imported_by: 'dpo' }]);
    await fireEvent.click(screen.getByTestId('commit-import'));
    expect(commitImport.mock.calls[0].slice(0, 2)).toEqual([7, 4]);
    expect((await screen.findAllByTestId('answer-row')).length).toBe(1);
    expect(screen.queryByTestId('import-preview')).toBeNull();
  });

  it('compares the shown version with an older one', async () => {
    listQuestionnaires.mockResolvedValue([
      { id: 2, version: 2, template: 'custom-acme', template_name: 'Custom', template_version: null, variant: null, file_name: 'acme-2026.csv', imported_at: '2026-11-22T10:00:00Z', imported_by: 'dpo' },
      { id: 1, version: 1, template: 'custom-acme', template_name: 'Custom', template_version: null, variant: null, file_name: 'acme-2025.csv', imported_at: '2025-11-22T10:00:00Z', imported_by: 'dpo' },
    ]);
    render(Questionnaires, { vendorId: 4 });
    const select = (await screen.findByTestId('compare-select')) as HTMLSelectElement;
    select.value = '1';
    await fireEvent.change(select);
    const changes = await screen.findByTestId('changes');
    expect(changes.textContent).toMatch(/1 answers differ/);
    expect(changes.textContent).toMatch(/IAM-01 Do you enforce MFA\?:\s*Partial → Yes/);
  });

  it('re-reads the file live when a column is moved to another role, as a custom mapping', async () => {
    previewImport.mockResolvedValue(page);
    render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    await fireEvent.click(await screen.findByTestId('adjust-columns'));
    const answer = (await screen.findByTestId('map-answer')) as HTMLSelectElement;
    expect(answer.value).toBe('C');
    answer.value = 'D';
    await fireEvent.change(answer);
    await vi.waitFor(() => expect(previewImport).toHaveBeenCalledTimes(2));
    const [path, profile] = previewImport.mock.calls[1];
    expect(path).toBe('/home/dpo/caiq.xlsx');
    expect(profile.id).toBe('custom-caiq');
    expect(profile.columns.answer).toEqual({ column: 'D' });
    expect(profile.detect.texts).toContain('^SSRM Control Ownership$');
  });

  it('says why a file was refused, in the UI\'s language, from the code and the file it names', async () => {
    const refusal = new IpcError({
      code: 'encrypted_workbook',
      message: 'encrypted workbook: caiq.xlsx is protected with a password; save it without a password and import again',
      details: { fields: [], values: { name: 'caiq.xlsx' } },
    });
    previewImport.mockRejectedValue(refusal);
    const { unmount } = render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    expect((await screen.findByTestId('import-error')).textContent).toMatch(/caiq\.xlsx is protected with a password\. Save it without a password/);
    unmount();
    setLocale('de');
    render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    expect((await screen.findByTestId('import-error')).textContent).toMatch(/caiq\.xlsx ist mit einem Kennwort geschützt/);
    setLocale('en');
  });
});

describe('Questionnaires: where the preview appears and a file imported before', () => {
  beforeEach(() => {
    setLocale('en');
    previewImport.mockReset();
    listQuestionnaires.mockReset();
  });

  it('brings a new preview into view, and warns (and will not save) a file this vendor already has', async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    listQuestionnaires.mockResolvedValue([
      { id: 1, version: 3, template: 'caiq-v4', template_name: 'CSA CAIQ', template_version: '4.0.3', variant: null, file_name: 'caiq.xlsx', sha256: 'ab'.repeat(32), imported_at: '2026-11-22T10:00:00Z', imported_by: 'dpo' },
    ]);
    previewImport.mockResolvedValue(page);
    render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    const preview = await screen.findByTestId('import-preview');
    await vi.waitFor(() => expect(scrolled).toHaveBeenCalled());
    expect(scrolled.mock.contexts[0]).toBe(preview);
    expect((await screen.findByTestId('already-imported')).textContent).toContain('already imported for this vendor as version 3');
    expect((screen.getByTestId('commit-import') as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers a file not imported before without a warning', async () => {
    Element.prototype.scrollIntoView = vi.fn();
    listQuestionnaires.mockResolvedValue([]);
    previewImport.mockResolvedValue(page);
    render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    await screen.findByTestId('import-preview');
    expect(screen.queryByTestId('already-imported')).toBeNull();
    expect((screen.getByTestId('commit-import') as HTMLButtonElement).disabled).toBe(false);
  });

  it('makes our questionnaire for the vendor: its name, its tier, the language chosen', async () => {
    setLocale('de');
    listQuestionnaires.mockResolvedValue([]);
    makeQuestionnaire.mockResolvedValue({ made_from: { baseline: 'minimum-sub-processors', version: 3, lang: 'en', tier: 2 }, baseline_name: { en: 'B', de: 'B' }, questions: 21, bytes: 9000 });
    render(Questionnaires, { vendorId: 4, vendorName: 'Acme/Cloud GmbH', tier: 2 });
    await fireEvent.click(await screen.findByTestId('make-questionnaire'));
    expect((screen.getByTestId('make-tier') as HTMLSelectElement).value).toBe('2');
    const lang = screen.getByTestId('make-lang') as HTMLSelectElement;
    expect(lang.value).toBe('de');
    lang.value = 'en';
    await fireEvent.change(lang);
    await fireEvent.click(screen.getByTestId('make-save'));
    expect(makeQuestionnaire).toHaveBeenCalledWith(
      { baseline: null, tier: 2, lang: 'en', vendor_id: 4 },
      '/home/dpo/Security questionnaire - Acme Cloud GmbH.xlsx',
    );
    expect((await screen.findByTestId('make-notice')).textContent).toBe(
      'Fragebogen mit 21 Fragen gespeichert unter /home/dpo/Security questionnaire - Acme Cloud GmbH.xlsx.',
    );
  });

  it('names what our own questionnaire was made from, and says when the baseline has moved on', async () => {
    setLocale('de');
    const own = { ...page, template_label: 'Vetted questionnaire v2', preview: { ...page.preview, template: 'vetted', made_from: { baseline: 'minimum-sub-processors', version: 2, lang: 'de', tier: 1 } } };
    previewImport.mockResolvedValue(own);
    listQuestionnaires.mockResolvedValue([]);
    listBaselines.mockResolvedValue([{ id: 'minimum-sub-processors', version: 3, name: 'Minimum security baseline', name_de: 'Mindestanforderungen', used_for: [0], saved_at: null, saved_by: null }]);
    render(Questionnaires, { vendorId: 4 });
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    expect((await screen.findByTestId('made-from')).textContent?.trim()).toBe(
      'Unser Fragebogen aus „Mindestanforderungen“, Version 2, Risikostufe 1: jede Antwort wird über ihre Frage-ID gelesen.',
    );
    expect(screen.getByTestId('made-from-older').textContent).toContain('inzwischen in Version 3');
    // the same version: nothing to warn about
    listBaselines.mockResolvedValue([{ id: 'minimum-sub-processors', version: 2, name: 'B', name_de: 'Mindestanforderungen', used_for: [0], saved_at: null, saved_by: null }]);
    await fireEvent.click(screen.getByTestId('cancel-import'));
    await fireEvent.click(await screen.findByTestId('import-questionnaire'));
    await screen.findByTestId('made-from');
    expect(screen.queryByTestId('made-from-older')).toBeNull();
  });
});
