// The certifications section: statuses from the core shown in words, assurance per service, evidence
// opened and reminders muted through the backend, a refused record marks its fields.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type Certification } from '../src/ipc';

const addCert = vi.fn();
const readAssurance = vi.fn();
const createVendor = vi.fn();
const addSubProcessor = vi.fn(async (d: unknown) => d);
let subs: { id: number; name: string }[] = [{ id: 9, name: 'Amazon Web Services' }];
const openEvidence = vi.fn(async (_id: number) => null);
const muteCert = vi.fn(async (_id: number, _muted: boolean) => null);
const setDuty = vi.fn(async (id: number, state: string, note: string) => ({ id, state, note }));
const certReadings = vi.fn();
vi.mock('../src/ipc', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ipc')>();
  return {
    ...real,
    pickEvidenceFiles: async () => ['/home/dpo/Tembo SOC 2.pdf'],
    api: {
      readAssurance: (path: string) => readAssurance(path),
      createVendor: (d: unknown) => createVendor(d),
      addSubProcessor: (d: unknown) => addSubProcessor(d),
      certRules: async () => ({
        warning_days: 90,
        bridge_extension_months: 3,
        kinds: [
          { kind: 'soc2_type2', label: 'SOC 2 Type II', note: 'About 12 months after the period end.', anchor: 'period_end' },
          { kind: 'iso27001_2022', label: 'ISO/IEC 27001:2022', note: 'Three years from issue.', anchor: 'issued' },
          { kind: 'iso27001_2013', label: 'ISO/IEC 27001:2013', note: 'Three years from issue.', anchor: 'issued' },
        ],
      }),
      listCerts: async (): Promise<Partial<Certification>[]> => [
        { id: 1, kind: 'soc2_type2', kind_label: 'SOC 2 Type II', scope: 'Dialogflow CX', issuer: 'EY', period_start: '2025-01-01', period_end: '2025-12-31', current_until: '2026-12-31', status: 'expiring', security_report: true, services: ['Dialogflow CX'], reminders_muted: false, tsc: ['security', 'availability'], opinion: 'unqualified',
          read_from_document: true,
          carve_outs: [{ organisation: 'Amazon Web Services', service: 'cloud hosting services', criteria: ['CC6.4', 'A1.2'], page: 16 }],
          duties: [
            { id: 5, certification_id: 1, text: 'Managing access provided to client personnel.', page: 19, state: 'open', note: '' },
            { id: 6, certification_id: 1, text: 'Reviewing user access at least quarterly.', page: 19, state: 'in_place', note: 'IAM review' },
          ],
          evidence_files: [{ id: 31, certification_id: 1, original_name: 'Google SOC 2 2025.pdf', size: 2_400_000, media_type: 'application/pdf', sha256: 'ab'.repeat(32), added_at: '', added_by: 'dpo' }] },
        { id: 2, kind: 'soc1', kind_label: 'SOC 1 / ISAE 3402', scope: '', issuer: '', period_end: '2024-06-30', current_until: '2025-06-30', status: 'lapsed', security_report: false, services: [], reminders_muted: true, evidence_files: [], tsc: [], opinion: null, read_from_document: false, carve_outs: [], duties: [] },
      ],
      addCert: (...args: unknown[]) => addCert(...args),
      assurance: async () => [
        { vendor_id: 7, service: null, assured_through: null, by: null, by_label: null },
        { vendor_id: 7, service: 'Dialogflow CX', assured_through: '2026-12-31', by: 1, by_label: 'SOC 2 Type II' },
        { vendor_id: 7, service: 'Vertex AI', assured_through: null, by: null, by_label: null },
      ],
      openEvidence: (id: number) => openEvidence(id),
      muteCert: (id: number, muted: boolean) => muteCert(id, muted),
      setDuty: (id: number, state: string, note: string) => setDuty(id, state, note),
      certReadings: (id: number) => certReadings(id),
      listVendors: async () => ({ total: subs.length, offset: 0, rows: subs }),
    },
  };
});

import Certifications from '../src/components/Certifications.svelte';
import { setLocale } from '../src/lib/i18n/index.svelte';

describe('Certifications', () => {
  it('adds a carved-out organisation to the chain, linked to this vendor with where it was read', async () => {
    setLocale('en');
    subs = [];
    render(Certifications, { vendorId: 7, vendorName: 'Google' });
    await fireEvent.click(await screen.findByTestId('cert-add-sub'));
    await vi.waitFor(() => expect(addSubProcessor).toHaveBeenCalled());
    const draft = addSubProcessor.mock.calls[0][0] as { name: string; serves: { client_id: number; purpose: string }[] };
    expect(draft.name).toBe('Amazon Web Services');
    expect(draft.serves).toEqual([
      { client_id: 7, purpose: 'Subservice organisation, carved out of the report (Google SOC 2 2025.pdf)', data_categories: [], locations: [] },
    ]);
    subs = [{ id: 9, name: 'Amazon Web Services' }];
  });

  beforeEach(() => {
    setLocale('en');
    addCert.mockReset();
  });

  it('lists each record with its status in words and flags reports that are not about security', async () => {
    render(Certifications, { vendorId: 7 });
    expect(await screen.findByText('Expiring soon')).toBeTruthy();
    expect(screen.getByText('Lapsed')).toBeTruthy();
    expect(screen.getByText(/not a security report/)).toBeTruthy();
    expect(screen.getAllByTestId('cert-row').length).toBe(2);
    // a SOC 2's criteria and opinion beside its period
    expect(screen.getByTestId('cert-tsc').textContent).toBe('Security, Availability');
    expect(screen.getByTestId('cert-opinion-shown').textContent).toBe('Opinion: Unqualified');
  });

  it('asks for what the kind needs: a SOC 2 its period, criteria and opinion; an ISO certificate its issue and expiry', async () => {
    render(Certifications, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId('add-cert'));
    const shown = (id: string) => screen.queryByTestId(id) !== null;
    await vi.waitFor(() => expect(shown('cert-period_start')).toBe(true));
    expect([shown('cert-period_end'), shown('cert-as_of'), shown('cert-issued'), shown('cert-expires')]).toEqual([true, false, false, false]);
    expect([shown('cert-tsc-security'), shown('cert-opinion')]).toEqual([true, true]);
    await fireEvent.change(screen.getByTestId('cert-kind'), { target: { value: 'iso27001_2022' } });
    expect([shown('cert-period_start'), shown('cert-issued'), shown('cert-expires')]).toEqual([false, true, true]);
    expect([shown('cert-tsc-security'), shown('cert-opinion')]).toEqual([false, false]);
    // every field on request
    await fireEvent.click(screen.getByTestId('cert-all-fields'));
    expect(['cert-period_start', 'cert-period_end', 'cert-as_of', 'cert-issued', 'cert-expires', 'cert-opinion'].every(shown)).toBe(true);
  });

  it('shows until when each service is assured, opens evidence and mutes reminders through the backend', async () => {
    render(Certifications, { vendorId: 7, services: ['Dialogflow CX', 'Vertex AI'] });
    const rows = await screen.findAllByTestId('assured-row');
    expect(rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'The vendor as a whole Not assured: no current independent report',
      'Dialogflow CX Assured through 31 Dec 2026 SOC 2 Type II',
      'Vertex AI Not assured: no current independent report',
    ]);
    await fireEvent.click(screen.getByText(/Google SOC 2 2025\.pdf/));
    expect(openEvidence).toHaveBeenCalledWith(31);
    const bells = screen.getAllByTestId('mute-cert');
    expect(bells.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true']);
    await fireEvent.click(bells[0]);
    await fireEvent.click(bells[1]);
    expect(muteCert.mock.calls).toEqual([[1, true], [2, false]]);
  });

  it('shows why a record was refused, beside the field', async () => {
    addCert.mockRejectedValue(
      new IpcError({
        code: 'invalid_input',
        message: 'the period ends (2025-01-01) before it starts (2025-12-31)',
        details: { fields: [{ field: 'period_end', code: 'period_reversed', message: 'the period ends before it starts', value: null }], values: {} },
      }),
    );
    render(Certifications, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId('add-cert'));
    await fireEvent.submit(screen.getByTestId('cert-form'));
    expect(await screen.findByText('The period ends before it starts.')).toBeTruthy();
    expect(addCert.mock.calls[0][0]).toBe(7);
  });

  it('reads a SOC 2 report, shows each fact with its page, and fills in the record it proposes', async () => {
    setLocale('de');
    const f = <T,>(value: T, page: number, quote: string) => ({ value, page, quote });
    readAssurance.mockResolvedValue({
      kind: f('soc2_type1', 1, 'Type 1 Report on Controls'), other: null, pages: 46, text_pages: 46,
      organisation: f('Tembo Data Systems, Inc.', 3, 'To the Management of … Tembo Data Systems, Inc.'), auditor: null,
      period_start: null, period_end: null, as_of: f('2023-11-30', 1, 'As of November 30, 2023'), issued: null, expires: null, certificate_number: null,
      opinion: f('unqualified', 5, 'In our opinion, in all material respects'), categories: f(['security'], 3, 'criteria relevant to security'),
      subservice_organisations: [f({ name: 'Amazon Web Services', service: 'cloud hosting services', method: 'carve_out', criteria: ['CC6.4', 'CC7.2'] }, 3, 'uses a subservice organization, Amazon Web Services')],
      exceptions: null,
      cuecs: [f('Ensuring that the service agreement properly describes the services.', 19, '…'), f('Managing access provided to client personnel.', 19, '…')],
      proposed: { kind: 'soc2_type1', issuer: '', certificate_number: '', scope: '', services: [], tsc: ['security'], period_start: '', period_end: '', as_of: '2023-11-30', issued: '', expires: '', opinion: 'unqualified', exceptions: '' },
      missing: ['auditor'],
    });
    render(Certifications, { vendorId: 7, vendorName: 'Tembo' });
    await fireEvent.click(await screen.findByTestId('read-pdf'));
    expect(readAssurance).toHaveBeenCalledWith('/home/dpo/Tembo SOC 2.pdf');
    expect((await screen.findByTestId('pdf-kind')).textContent).toContain('SOC-2-Typ-I-Bericht · 46 Seiten');
    const facts = screen.getByTestId('pdf-facts').textContent ?? '';
    expect(facts).toContain('Organisation: Tembo Data Systems, Inc. – S. 3');
    expect(facts).toContain('Stichtag: 30.11.2023 – S. 1: „As of November 30, 2023“');
    expect(facts).toContain('Prüfungsurteil:');
    expect(screen.getByTestId('pdf-missing').textContent).toContain('Prüfer oder Zertifizierungsstelle');
    expect(screen.getByTestId('pdf-subservices').textContent).toContain(
      'Amazon Web Services (cloud hosting services) – ausgeklammert: braucht einen eigenen Bericht; überlässt ihm CC6.4, CC7.2',
    );
    expect(screen.getByTestId('pdf-cuecs').textContent).toContain('2 ergänzende Kontrollen');
    // the form, filled in from the document, saves the PDF as the record's evidence
    expect((screen.getByTestId('cert-tsc-security') as HTMLInputElement).checked).toBe(true);
    addCert.mockResolvedValue({});
    await fireEvent.submit(screen.getByTestId('cert-form'));
    const [vendorId, draft, files] = addCert.mock.calls.at(-1)!;
    expect(vendorId).toBe(7);
    expect(draft).toMatchObject({ as_of: '2023-11-30', opinion: 'unqualified', tsc: ['security'] });
    expect(files).toEqual(['/home/dpo/Tembo SOC 2.pdf']);
    setLocale('en');
  });

  it('says when the facts of a scan were recognised from its image, to be checked one by one', async () => {
    setLocale('de');
    const f = <T,>(value: T, page: number, quote: string) => ({ value, page, quote, review: true });
    const none = { value: 'image_only', page: 1, quote: '' };
    const empty = { organisation: null, auditor: null, period_start: null, period_end: null, as_of: null, issued: null, expires: null, certificate_number: null, opinion: null, categories: null, subservice_organisations: [], cuecs: [], exceptions: null, missing: [] };
    readAssurance.mockResolvedValue({ kind: none, other: null, pages: 1, text_pages: 0, ocr: false, proposed: null, ...empty, recognised: {
      kind: f('iso27001_2013', 1, 'ISO/IEC 27001:2013'), other: null, pages: 1, text_pages: 1, ocr: true,
      organisation: f('Aptible, Inc.', 1, 'certifies that the following organization'), auditor: null, period_start: null, period_end: null, as_of: null,
      issued: f('2017-09-01', 1, 'Latest issue: 09/01/2017'), expires: null, certificate_number: null, opinion: null, categories: null,
      subservice_organisations: [], cuecs: [], exceptions: null,
      proposed: { kind: 'iso27001_2013', issuer: '', certificate_number: '', scope: '', services: [], tsc: [], period_start: '', period_end: '', as_of: '', issued: '2017-09-01', expires: '', opinion: '', exceptions: '' },
      missing: [],
    } });
    render(Certifications, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId('read-pdf'));
    expect((await screen.findByTestId('pdf-ocr')).textContent).toContain('Die Wörter wurden im Bild erkannt (Texterkennung)');
    const facts = screen.getByTestId('pdf-facts');
    expect(facts.querySelectorAll('li.review').length).toBe(2);
    // the form is filled in from what was recognised
    expect((screen.getByTestId('cert-kind') as HTMLSelectElement).value).toBe('iso27001_2013');
    setLocale('en');
  });

  it('says when a PDF has no text to read, and keeps it as the evidence of a record typed in', async () => {
    setLocale('de');
    readAssurance.mockResolvedValue({ kind: { value: 'image_only', page: 1, quote: '' }, other: null, pages: 1, text_pages: 0, organisation: null, auditor: null, period_start: null, period_end: null, as_of: null, issued: null, expires: null, certificate_number: null, opinion: null, categories: null, subservice_organisations: [], cuecs: [], exceptions: null, proposed: null, missing: [] });
    render(Certifications, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId('read-pdf'));
    expect((await screen.findByTestId('pdf-image-only')).textContent).toContain('enthält keinen lesbaren Text');
    expect(screen.getByTestId('cert-form')).toBeTruthy();
    setLocale('en');
  });

  it('shows what a kept report carves out, the facts kept with it, and the customer\'s duties as a checklist', async () => {
    setLocale('de');
    const f = <T,>(value: T, page: number, quote: string, review = false) => ({ value, page, quote, review });
    certReadings.mockResolvedValue([
      {
        kind: f('soc2_type2', 1, 'SOC 2 Type 2'), other: null, pages: 40, text_pages: 40,
        organisation: f('Google Cloud EMEA Ltd', 2, 'To the Management of Google'), auditor: f('EY LLP', 4, 'Ernst & Young LLP'),
        period_start: null, period_end: null, as_of: null, issued: null, expires: null, certificate_number: null, opinion: null, categories: null,
        subservice_organisations: [], cuecs: [],
        exceptions: f({ tests: 7, count: 1, criteria: ['CC6.2'], noted: [f({ criterion: 'CC6.2', text: 'Exception noted. For 2 of 25 sampled leavers, access stayed.' }, 34, 'Exception noted.', true)] }, 30, 'No exceptions noted.', true),
        proposed: null, missing: [],
      },
    ]);
    render(Certifications, { vendorId: 7 });
    expect((await screen.findByTestId('cert-carve-out')).textContent).toBe('Klammert Amazon Web Services aus (CC6.4, A1.2): braucht einen eigenen Bericht');
    // already the vendor's sub-processor in the register: not offered again
    await screen.findByText(/im Register angelegt/);
    expect(screen.queryByTestId('cert-add-sub')).toBeNull();
    await fireEvent.click(screen.getByTestId('cert-facts'));
    expect(certReadings).toHaveBeenCalledWith(1);
    const kept = (await screen.findByTestId('cert-kept-facts')).textContent ?? '';
    expect(kept).toContain('Prüfer oder Zertifizierungsstelle: EY LLP – S. 4');
    expect(kept).toContain('Prüfung der Kontrollen: 7 Ergebnisse, 1 mit Abweichungen');
    expect(kept).toContain('bitte prüfen, zu welchem Kriterium jede Abweichung gehört');
    expect(kept).toContain('CC6.2: Exception noted. For 2 of 25 sampled leavers, access stayed. – S. 34');
    // the checklist: one of two in place; a duty marked in place is saved with its note
    expect(screen.getByTestId('duties-of').textContent).toBe('SOC 2 Type II: 1 von 2 umgesetzt');
    const [first] = screen.getAllByTestId('duty-state') as HTMLSelectElement[];
    first.value = 'in_place';
    await fireEvent.change(first);
    expect(setDuty).toHaveBeenCalledWith(5, 'in_place', '');
    expect((screen.getAllByTestId('duty-note')[0] as HTMLInputElement).value).toBe('IAM review');
    setLocale('en');
  });
});
