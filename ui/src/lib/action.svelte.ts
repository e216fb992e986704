// One user action at a time: while it runs `busy` is true (buttons disable), and its failure is
// `error`, in words of the UI's language.
import { errorText } from './errors';

export class Action {
  busy = $state(false);
  error = $state('');

  /** Runs `action`, clearing the last error first; a failure is kept in `error`, not thrown. */
  async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  }
}
