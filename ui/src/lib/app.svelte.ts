// App-wide state: what the backend told us at start, and which screen is showing.
import { api, type AppInfo, type Vocabulary } from '../ipc';

export type View =
  | { kind: 'loading' }
  | { kind: 'first-run' }
  | { kind: 'register' }
  | { kind: 'vendor'; id: number }
  | { kind: 'new' }
  | { kind: 'edit'; id: number }
  | { kind: 'dashboard' }
  | { kind: 'publish' }
  | { kind: 'settings' };

export const app = $state({
  view: { kind: 'loading' } as View,
  info: null as AppInfo | null,
  vocabulary: null as Vocabulary | null,
  startupError: '',
  /** A questionnaire picked or dropped away from a vendor page: its vendor is being chosen. */
  importFile: null as string | null,
  /** A questionnaire whose vendor was chosen: the vendor page previews it when it opens. */
  pendingImport: null as string | null,
  /** Raised each time every vendor was scored again (at start, when the day changes). */
  verdictsScored: 0,
  /** True while the register's list import is open: a file dropped then is a list to import. */
  listImportOpen: false,
  /** A list dropped on the open list import, to preview. */
  listDropped: null as string | null,
  /** Raised when many vendors changed at once (a list imported or undone) or anyone changed the
   * team register: the register and the open vendor load again. */
  registerChanged: 0,
});

export function navigate(view: View) {
  app.view = view;
}

const painted = new Set<string>();

/** Once per run, after the frame that shows it: tells the start-up benchmark that `what` (`rows`,
 * `first-run`) is on screen. The shell ignores it unless it is tracing. */
export function markPainted(what: string) {
  if (painted.has(what) || typeof requestAnimationFrame !== 'function') return;
  painted.add(what);
  requestAnimationFrame(() => requestAnimationFrame(() => void api.uiPainted(what).catch(() => {})));
}
