// The only module that talks to the Tauri backend. Every call is typed with the
// bindings generated from the Rust types, and every failure becomes an IpcError.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import {
  isPermissionGranted,
  requestPermission,
  sendNotification,
} from '@tauri-apps/plugin-notification';
import type {
  AcceptanceDraft,
  ChainStep,
  ExportFormat,
  Lang,
  MadeQuestionnaire,
  Reading,
  Duty,
  DutyState,
  Approval,
  ApprovalDraft,
  Condition,
  ConditionChange,
  ConditionDraft,
  ConditionUpdated,
  QuestionnaireRequest,
  Published,
  RegisterDiff,
  RegisterFilter,
  RegisterVersion,
  AssessmentSnapshot,
  Baseline,
  BaselineSummary,
  RiskAcceptance,
  Scored,
  Refreshed,
  AnswerChange,
  AppInfo,
  TeamCheck,
  Assurance,
  ImportedAnswer,
  ImportProgress,
  MappingProfile,
  PreviewPage,
  QuestionnaireVersion,
  CertDraft,
  Certification,
  Dashboard,
  ValidityRules,
  DraftCheck,
  ErrorDto,
  Facets,
  HistoryEntry,
  ListImport,
  ListPage,
  ListPreview,
  ListQuery,
  Vendor,
  VendorDraft,
  Vocabulary,
} from './bindings';

export type * from './bindings';

/** A failed command: `code` tells errors apart, `fields` names refused inputs, `values` what the
 * error names (a file, a size, a limit). The UI words it from these, never from `message`. */
export class IpcError extends Error {
  code: ErrorDto['code'] | 'ipc';
  fields: ErrorDto['details']['fields'];
  values: ErrorDto['details']['values'];
  constructor(dto: { code: ErrorDto['code'] | 'ipc'; message: string; details?: Partial<ErrorDto['details']> }) {
    super(dto.message);
    this.code = dto.code;
    this.fields = dto.details?.fields ?? [];
    this.values = dto.details?.values ?? {};
  }
}

function isErrorDto(e: unknown): e is ErrorDto {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isErrorDto(e)) throw new IpcError(e);
    throw new IpcError({ code: 'ipc', message: String(e) });
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  /** Keeps `folder` (null: the default folder) as where the next start opens its register. */
  chooseDataFolder: (folder: string | null) => call<AppInfo>('data_folder_choose', { folder }),
  openDataFolder: () => call<null>('data_folder_open'),
  testTeam: (url: string) => call<TeamCheck>('team_test', { url }),
  chooseTeam: (url: string | null) => call<AppInfo>('team_choose', { url }),
  /** Tells the start-up benchmark that `what` is on screen (a no-op unless it is tracing). */
  uiPainted: (what: string) => call<null>('ui_painted', { what }),
  vocabulary: () => call<Vocabulary>('vocabulary_get'),
  listVendors: (query: ListQuery) => call<ListPage>('vendor_list', { query }),
  facets: () => call<Facets>('vendor_facets'),
  getVendor: (id: number) => call<Vendor>('vendor_get', { id }),
  getDraft: (id: number) => call<VendorDraft>('vendor_draft', { id }),
  checkVendor: (draft: VendorDraft) => call<DraftCheck>('vendor_check', { draft }),
  createVendor: (draft: VendorDraft) => call<Vendor>('vendor_create', { draft }),
  addSubProcessor: (draft: VendorDraft) => call<Vendor>('vendor_add_sub_processor', { draft }),
  vendorChain: (id: number) => call<ChainStep[]>('vendor_chain', { id }),
  updateVendor: (id: number, draft: VendorDraft) => call<Vendor>('vendor_update', { id, draft }),
  archiveVendor: (id: number) => call<Vendor>('vendor_archive', { id }),
  history: (vendorId: number | null, limit = 200) =>
    call<HistoryEntry[]>('vendor_history', { vendorId, limit }),
  loadExample: (lang: Lang) => call<number[]>('example_load', { lang }),
  previewVendorList: (path: string) => call<ListPreview>('vendor_list_preview', { path }),
  importVendorList: (preview: ListPreview, lang: Lang) => call<ListImport>('vendor_list_import', { preview, lang }),
  listImports: () => call<ListImport[]>('vendor_list_imports'),
  undoListImport: (id: number) => call<number[]>('vendor_list_undo', { id }),
  certRules: () => call<ValidityRules>('cert_rules'),
  listCerts: (vendorId: number) => call<Certification[]>('cert_list', { vendorId }),
  addCert: (vendorId: number, draft: CertDraft, files: string[] = []) =>
    call<Certification>('cert_add', { vendorId, draft, files }),
  attachEvidence: (certId: number, path: string) => call<Certification>('cert_attach', { certId, path }),
  openEvidence: (id: number) => call<null>('evidence_open', { id }),
  assurance: (vendorId: number) => call<Assurance[]>('cert_assurance', { vendorId }),
  muteCert: (certId: number, muted: boolean) => call<null>('cert_mute', { certId, muted }),
  remindersDue: () => call<Certification[]>('reminders_due'),
  remindersShown: (certs: Certification[]) => call<null>('reminders_shown', { certs }),
  exportCalendar: (path: string, lang: Lang) => call<null>('calendar_export', { path, lang }),
  certDashboard: () => call<Dashboard>('cert_dashboard'),
  previewImport: (
    path: string,
    mapping: MappingProfile | null = null,
    onProgress: (p: ImportProgress) => void = () => {},
    sheet: string | null = null,
  ) => {
    const progress = new Channel<ImportProgress>();
    progress.onmessage = onProgress;
    return call<PreviewPage>('import_preview', { path, mapping, sheet, progress });
  },
  commitImport: (token: number, vendorId: number, onProgress: (p: ImportProgress) => void) => {
    const progress = new Channel<ImportProgress>();
    progress.onmessage = onProgress;
    return call<QuestionnaireVersion>('import_commit', { token, vendorId, progress });
  },
  cancelImport: (token: number) => call<null>('import_cancel', { token }),
  listQuestionnaires: (vendorId: number) => call<QuestionnaireVersion[]>('questionnaire_list', { vendorId }),
  questionnaireAnswers: (id: number) => call<ImportedAnswer[]>('questionnaire_answers', { id }),
  compareQuestionnaires: (fromId: number, toId: number) =>
    call<AnswerChange[]>('questionnaire_compare', { fromId, toId }),
  assessVendor: (vendorId: number, asOf: string | null = null) => call<Scored>('assess_vendor', { vendorId, asOf }),
  refreshAssessments: () => call<Refreshed>('refresh_assessments'),
  assessmentHistory: (vendorId: number) => call<AssessmentSnapshot[]>('assessment_history', { vendorId }),
  acceptRisk: (vendorId: number, draft: AcceptanceDraft) => call<RiskAcceptance>('risk_accept', { vendorId, draft }),
  listBaselines: () => call<BaselineSummary[]>('baseline_list'),
  getBaseline: (id: string) => call<Baseline>('baseline_get', { id }),
  saveBaseline: (baseline: Baseline) => call<Baseline>('baseline_save', { baseline }),
  importBaseline: (path: string) => call<Baseline>('baseline_import', { path }),
  exportBaseline: (id: string, path: string) => call<null>('baseline_export', { id, path }),
  useBaseline: (tier: number, id: string) => call<null>('baseline_use', { tier, id }),
  readAssurance: (path: string) => call<Reading>('cert_read', { path }),
  certReadings: (certId: number) => call<Reading[]>('cert_readings', { certId }),
  setDuty: (dutyId: number, dutyState: DutyState, note: string) => call<Duty>('duty_set', { dutyId, dutyState, note }),
  approveVendor: (vendorId: number, draft: ApprovalDraft) => call<Approval>('vendor_approve', { vendorId, draft }),
  approvals: (vendorId: number) => call<Approval[]>('vendor_approvals', { vendorId }),
  addCondition: (vendorId: number, draft: ConditionDraft) => call<Condition>('condition_add', { vendorId, draft }),
  updateCondition: (id: number, change: ConditionChange) => call<ConditionUpdated>('condition_update', { id, change }),
  conditions: (vendorId: number | null, openOnly: boolean) => call<Condition[]>('conditions', { vendorId, openOnly }),
  makeQuestionnaire: (request: QuestionnaireRequest, path: string) =>
    call<MadeQuestionnaire>('questionnaire_make', { request, path }),
  exportSummary: (vendorId: number, path: string, lang: Lang, open = true) =>
    call<number>('export_summary', { vendorId, path, lang, open }),
  exportRegister: (filter: RegisterFilter, format: ExportFormat, path: string, lang: Lang, open = true) =>
    call<Published>('export_register', { filter, format, path, lang, open }),
  registerVersions: () => call<RegisterVersion[]>('register_versions'),
  registerDiff: (from: number, to: number) => call<RegisterDiff>('register_diff', { from, to }),
  exportDiff: (from: number, to: number, format: ExportFormat, path: string, lang: Lang, open = true) =>
    call<RegisterDiff>('export_diff', { from, to, format, path, lang, open }),
};

/** The native open dialog for a baseline JSON file; the chosen path, or null when cancelled. */
export async function pickBaselineFile(title: string): Promise<string | null> {
  const chosen = await openDialog({ title, multiple: false, directory: false, filters: [{ name: 'JSON', extensions: ['json'] }] });
  return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
}

/** The native save dialog for a baseline JSON file. */
export async function chooseBaselineTarget(title: string, defaultPath: string): Promise<string | null> {
  return saveDialog({ title, defaultPath, filters: [{ name: 'JSON', extensions: ['json'] }] });
}

/** The native open dialog for a questionnaire; the chosen path, or null when cancelled. */
export async function pickQuestionnaire(title: string): Promise<string | null> {
  const chosen = await openDialog({
    title,
    multiple: false,
    directory: false,
    filters: [
      { name: 'Spreadsheets and CSV', extensions: ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'csv'] },
      { name: '*', extensions: ['*'] },
    ],
  });
  return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
}

/** The native folder dialog; the chosen folder, or null when cancelled. */
export async function pickFolder(title: string): Promise<string | null> {
  const chosen = await openDialog({ title, multiple: false, directory: true });
  return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
}

/** The native open dialog for an existing sub-processor list; the chosen path, or null when cancelled. */
export async function pickVendorList(title: string): Promise<string | null> {
  const chosen = await openDialog({
    title,
    multiple: false,
    directory: false,
    filters: [
      { name: 'Spreadsheets, CSV and JSON', extensions: ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'csv', 'json'] },
      { name: '*', extensions: ['*'] },
    ],
  });
  return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
}

/** Calls `handler` with the paths of files dropped on the window; returns the unsubscribe. */
/** Calls `handler` when anyone changed the team register (a colleague, a command): told by the
 * database through the shell. A register file is changed only here and tells nothing. */
export async function onRegisterChanged(handler: () => void): Promise<() => void> {
  return listen('register-changed', () => handler());
}

export async function onFilesDropped(handler: (paths: string[]) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    if (event.payload.type === 'drop' && event.payload.paths.length) handler(event.payload.paths);
  });
}

/** The native open dialog for evidence files; the chosen paths, or none when cancelled. */
export async function pickEvidenceFiles(title: string): Promise<string[]> {
  const chosen = await openDialog({
    title,
    multiple: true,
    directory: false,
    filters: [
      { name: 'PDF', extensions: ['pdf', 'PDF'] },
      { name: '*', extensions: ['*'] },
    ],
  });
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

/** A name as part of a file name: the characters no file system takes replaced by a space. */
export function fileNamePart(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, ' ').trim();
}

/** The native save dialog; the chosen path, or null when cancelled. */
export async function pickSavePath(title: string, defaultPath: string, extension: string): Promise<string | null> {
  return saveDialog({ title, defaultPath, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
}

/** Shows a desktop notification, asking for permission the first time; false if not allowed. */
export async function notifyDesktop(title: string, body: string): Promise<boolean> {
  let granted = await isPermissionGranted();
  if (!granted) granted = (await requestPermission()) === 'granted';
  if (granted) sendNotification({ title, body });
  return granted;
}

export type Api = typeof api;

/** A query with every filter at its default: the whole active register, by name. */
export function defaultQuery(): ListQuery {
  return {
    search: '',
    status: null,
    tier: null,
    country: null,
    client_id: null,
    verdict: null,
    conditions: null,
    today: null,
    include_archived: false,
    sort: 'name',
    descending: false,
    offset: 0,
    limit: 100,
  };
}

/** An empty draft: what the "new vendor" form starts from. */
export function emptyDraft(): VendorDraft {
  return {
    name: '',
    services: [],
    serves: [],
    purpose: '',
    data_categories: [],
    data_subjects: [],
    countries: [],
    transfer_mechanism: '',
    data_sensitivity: '',
    business_impact: '',
    tier_override: null,
    tier_override_reason: '',
    status: 'proposed',
    owner: '',
    dpa_signed: '',
    contract_renewal: '',
    review_cycle_months: 12,
    last_review: '',
    website: '',
    notes: '',
  };
}

/** An empty certification draft: what the "add certification" form starts from. */
export function emptyCertDraft(): CertDraft {
  return {
    kind: 'soc2_type2',
    issuer: '',
    certificate_number: '',
    scope: '',
    services: [],
    tsc: [],
    period_start: '',
    period_end: '',
    as_of: '',
    issued: '',
    expires: '',
    opinion: '',
    exceptions: '',
  };
}
