/**
 * Messages from the desktop app's main process to the engine host in its utility process: the
 * privileged requests the page cannot make (paths chosen in native dialogs), and the hand-over
 * of a page's MessagePort. The page's own messages are those of `ui-messages.ts`.
 */
import type { SerializedError } from './worker-messages.js';

export type HostControlRequest = { readonly id: number } &
  /** Offer a file or session folder the user picked; the host answers with its source id. */
  (
    | { readonly type: 'offer-source'; readonly path: string; readonly kind: 'file' | 'session' }
    /** Record new sessions into this folder. */
    | { readonly type: 'set-recordings-folder'; readonly path: string }
    /** A page's port arrives with this message (ports[0]): serve it until it closes. */
    | { readonly type: 'connect-ui' }
    /** Finalise any recording, release devices and files, then exit. */
    | { readonly type: 'shutdown' }
  );

export interface HostControlReply {
  readonly type: 'control-reply';
  readonly id: number;
  readonly ok: boolean;
  /** For 'offer-source': the id the page opens it by. */
  readonly sourceId?: string;
  readonly error?: SerializedError;
}
