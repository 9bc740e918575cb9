// A stanza nested thousands of levels deep, from anyone, reaches the client's call layer: the 100,000-
// stanza wire fuzz run of seed 7101 got a "Maximum call stack size exceeded" client error from one
// (docs/reliability.md). The call layer copies every incoming stanza out of @xmpp/xml's element class
// and its replies back into it; both copies recursed once per level. Here on the real @xmpp/client
// (xmpp-fake.ts): @xmpp/iq's callee, the middleware and the guards run for real.
import { parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { createCallLayer, type CallClient } from '../../../../src/client/calls/wire.js';
import { copyTree } from '../../../../src/jingle/ltx.js';
import { offlineXmpp, type OfflineXmpp } from '../xmpp-fake.js';
import { ManualClock } from './fakes.js';

const OWN = 'alice@localhost/web';
const DEPTH = 36_000; // 7 bytes a level: about 250 kB, under Prosody's 256 KiB stanza limit

/** The call layer of a client signed in as OWN, on the offline fake; `errors` collects its error events. */
function callLayer(fake: OfflineXmpp) {
  const errors: string[] = [];
  const client: CallClient = {
    jid: OWN,
    internals: {
      iqCaller: fake.xmpp.iqCaller,
      iqCallee: fake.xmpp.iqCallee,
      onStanza: (name, handler) => {
        const listener = (s: Element) => s.name === name && handler(s);
        fake.xmpp.on('stanza', listener);
        return () => fake.xmpp.removeListener('stanza', listener);
      },
      send: (stanza) => fake.xmpp.send(stanza),
    },
    presence: { of: () => [] },
    roster: { list: () => [{ jid: 'mallory@localhost', subscription: 'both' }] },
    features: () => undefined,
    iceServers: () => [],
    on: () => () => undefined,
  };
  createCallLayer(client, new ManualClock(), {
    incoming: () => undefined,
    history: () => undefined,
    error: (e) => void errors.push(String(e)),
  });
  return errors;
}

/** `stanza` with DEPTH nested <x/> where it says {}. */
const deep = (stanza: string): string =>
  stanza.replace('{}', `${'<x>'.repeat(DEPTH)}a &lt; b${'</x>'.repeat(DEPTH)}`);

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('stanzas nested 36,000 levels deep at the client', () => {
  it('copyTree keeps every level, the text and the parents, without recursion', () => {
    const tree = parse(`<a>${'<x>'.repeat(DEPTH)}t${'</x>'.repeat(DEPTH)}</a>`) as Element;
    const copy = copyTree(tree);
    let depth = 0;
    let at = copy;
    let parentsRight = true;
    for (let next = at.getChildElements()[0]; next !== undefined; next = at.getChildElements()[0]) {
      parentsRight &&= next.parent === at;
      at = next;
      depth++;
    }
    expect({ depth, text: at.getText(), parentsRight }).toEqual({
      depth: DEPTH,
      text: 't',
      parentsRight: true,
    });
  });

  it('a JMI message: no error event, nothing sent', async () => {
    const fake = offlineXmpp();
    const errors = callLayer(fake);
    fake.receive(
      deep(
        `<message from="mallory@localhost/x" to="${OWN}" type="chat"><propose xmlns="urn:xmpp:jingle-message:0" id="d1">{}</propose></message>`,
      ),
    );
    await settle();
    expect({ errors, written: fake.written }).toEqual({ errors: [], written: [] });
  });

  it('a session-initiate: answered once with a stanza error, no error event', async () => {
    const fake = offlineXmpp();
    const errors = callLayer(fake);
    fake.receive(
      deep(
        `<iq from="mallory@localhost/x" to="${OWN}" type="set" id="deep1"><jingle xmlns="urn:xmpp:jingle:1" action="session-initiate" sid="s1" initiator="mallory@localhost/x"><content creator="initiator" name="0">{}</content></jingle></iq>`,
      ),
    );
    await settle();
    const replies = fake.written.map((w) => parse(w) as Element);
    expect({
      errors,
      replies: replies.map((r) => [
        r.attrs['type'],
        r.attrs['id'],
        r.getChild('error')?.getChildElements()[0]?.name,
      ]),
    }).toEqual({ errors: [], replies: [['error', 'deep1', 'bad-request']] });
  });
});
