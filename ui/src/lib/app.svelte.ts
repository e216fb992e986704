// App-wide state: what the backend told us at start, and which screen is showing.
import type { AppInfo, Vocabulary } from '../ipc';

export type View =
  | { kind: 'loading' }
  | { kind: 'first-run' }
  | { kind: 'register' }
  | { kind: 'vendor'; id: number }
  | { kind: 'new' }
  | { kind: 'edit'; id: number }
  | { kind: 'dashboard' }
  | { kind: 'settings' };

export const app = $state({
  view: { kind: 'loading' } as View,
  info: null as AppInfo | null,
  vocabulary: null as Vocabulary | null,
  startupError: '',
});

export function navigate(view: View) {
  app.view = view;
}
