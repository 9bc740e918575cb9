// A hang-up that reaches us only as the peer's JMI <finish/> (XEP-0353 §3.5), e.g. its
// session-terminate bounced while we were reconnecting and the message came from offline storage:
// the call ends by the peer, with the peer's reason, not as a failure of ours.
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { answeredCall } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';

describe('the peer ends a JMI call with <finish/> alone', () => {
  it('ends by the peer with its reason, and our session-terminate goes out', async () => {
    const { net, bob, call, theirs } = await answeredCall(A, B, ADVERTISED_FEATURES);
    expect((theirs as unknown as { usesJmi: boolean }).usesJmi).toBe(true);
    const from = net.wire.length;
    bob.handleMessage(
      parse(
        `<message from='${A}' to='${B}' type='chat'><finish xmlns='urn:xmpp:jingle-message:0' id='${call.id}'><reason xmlns='urn:xmpp:jingle:1'><success/><text>Bye</text></reason></finish></message>`,
      ),
    );
    await net.settle();
    // (Alice's call in this fake is still up, so she answers bob's terminate as a hang-up of his.)
    expect({ end: theirs.end, bobSent: net.wire.slice(from).filter((w) => w.from === B) }).toEqual({
      end: { reason: { condition: 'success', text: 'Bye' }, by: 'peer' },
      bobSent: [
        { from: B, to: A, what: 'jmi finish (success)' },
        { from: B, to: A, what: 'iq session-terminate (success)' },
        { from: B, to: A, what: 'iq-error item-not-found' },
      ],
    });
  });
});
