// window.__jb: a read-only view for the e2e tests (and curious developers) of what the app shows
// but a test cannot hear or measure: whether the ringtone plays and the current call's statistics.
import type { CallEnd, CallStats, ConnectionState } from '../../src/client/index.js';

export interface DebugView {
  screen(): 'loading' | 'sign-in' | 'main';
  ringing(): boolean;
  /** The XMPP connection's state while signed in. */
  connection(): ConnectionState | undefined;
  /** Every connection banner text shown since sign-in, in order ('' when it was cleared). */
  banners(): string[];
  callState(): string | undefined;
  stats(): Promise<CallStats | undefined>;
  /** How the last call on screen ended. */
  lastEnd(): CallEnd | undefined;
}

declare global {
  interface Window {
    __jb?: DebugView;
  }
}

export function exposeDebug(view: DebugView): void {
  window.__jb = view;
}
