// What a Connection (connection.ts) is given: its settings, filled in with their defaults by
// client-options.ts, and the hooks it reports through.
import type { Element } from 'ltx';
import type { BackoffOptions } from './backoff.js';
import type { Clock } from '../clock.js';
import type { ClientError } from '../errors.js';
import type { LivenessOptions } from './liveness.js';
import type { SaslMechanismName } from './sasl.js';
import type { ConnectionState } from './states.js';

export interface ConnectionOptions {
  service: string;
  /**
   * More endpoints of the same cluster (docs/scaling.md). After a lost connection the first attempt
   * goes back to the endpoint in use; each further attempt moves to the next one in turn.
   */
  services?: readonly string[];
  domain: string;
  username: string;
  password: string;
  resource?: string;
  mechanisms: readonly SaslMechanismName[];
  backoff: BackoffOptions;
  random: () => number;
  clock: Clock;
  /** How long connect + auth + bind + SM enable may take. */
  connectTimeoutMs: number;
  /** Dead-stream detection while online (liveness.ts). */
  liveness: LivenessOptions;
}

export interface ConnectionHooks {
  state(state: ConnectionState): void;
  /** A session is usable: bound and, if offered, SM enabled or resumed. */
  online(info: { resumed: boolean; jid: string; mechanism: SaslMechanismName | undefined }): void;
  error(error: ClientError): void;
  /** Stanzas sent but never acknowledged when a session could not be resumed (XEP-0198 §4). */
  lost(stanza: Element): void;
}
