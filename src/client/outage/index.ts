// What createClient() wires for outages (docs/client.md, "Outages"): the outbox follows the
// connection's state, ICE restarts wait for signaling, and a live call pings its peer after our new
// session and when the peer's device comes back. It may import the core (src/jingle), the shared
// files at the top of src/client, api.ts, and calls/ and connection/ through their index.
import type { Client } from '../api.js';
import type { CallManager } from '../calls/index.js';
import type { XmppClient } from '../xmpp.js';
import { Outbox } from './outbox.js';
import { CallReconciler } from './reconcile-calls.js';

/** Call before anything else listens to `client` (createClient does): the outbox's 'state' comes first. */
export function watchOutages(client: Client, xmpp: XmppClient, manager: CallManager): void {
  const outbox = new Outbox(xmpp);
  // Held stanzas leave before any listener reacts to 'online' (what it sends then queues behind them).
  client.on('state', (state) => outbox.state(state));
  client.internals.onLost((stanza) => outbox.lost(stanza));
  const calls = new CallReconciler(manager);
  // A call whose peer may have lost the session (our new stream, or its device away) holds its ICE
  // restart until the ping answers: a restart sent first to a peer that hung up meanwhile ended the
  // call as an ICE failure instead of the peer's hang-up.
  manager.signalingUp = (callId) => client.state === 'online' && !calls.unsure(callId);
  client.on('online', ({ resumed }) => void calls.signalingBack({ resumed }));
  client.on(
    'presence',
    (bare, resources) =>
      void calls.presence(
        bare,
        resources.map((r) => r.jid),
      ),
  );
}
