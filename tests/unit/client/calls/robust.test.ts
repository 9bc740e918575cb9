// Every stanza handler of the call layer survives any input (house rule): random Jingle-ish IQs and
// messages never throw, IQs always get a result or an <error/>, and nothing rings.
import fc from 'fast-check';
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { xml } from '../../../../src/client/xmpp.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { FakeNetwork } from './fakes.js';

const NAMES = [
  'jingle',
  'content',
  'description',
  'transport',
  'candidate',
  'reason',
  'propose',
  'proceed',
  'retract',
  'finish',
  'x',
];
const NS = [
  'urn:xmpp:jingle:1',
  'urn:xmpp:jingle-message:0',
  'urn:xmpp:jingle:apps:rtp:1',
  'urn:xmpp:jingle:transports:ice-udp:1',
  '',
];
const ACTIONS = [
  'session-initiate',
  'session-accept',
  'transport-info',
  'session-terminate',
  'content-add',
  'session-info',
  'bogus',
];

type Node = { name: string; attrs: Record<string, string>; kids: readonly Node[] };
const attrs = fc.record(
  {
    xmlns: fc.constantFrom(...NS),
    action: fc.constantFrom(...ACTIONS),
    sid: fc.constantFrom('s1', 'alice-1', ''),
    id: fc.constantFrom('s1', 'alice-1'),
    name: fc.constantFrom('0', '1', ''),
    media: fc.constantFrom('audio', 'video', 'x'),
  },
  { requiredKeys: [] },
);
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record({
    name: fc.constantFrom(...NAMES),
    attrs,
    kids: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'tree' },
      fc.constant<readonly Node[]>([]),
      fc.array(tie('node'), { maxLength: 3 }),
    ),
  }),
})).node;

function build(n: Node): Element {
  const el = new Element(n.name, n.attrs);
  for (const k of n.kids) el.cnode(build(k));
  return el;
}

describe('call manager input robustness', () => {
  it('handleIq answers anything with true or an <error/>, handleMessage never throws', () => {
    const net = new FakeNetwork();
    const bob = net.add('bob@example.org/web', [...ADVERTISED_FEATURES]);
    // handleIq has a last-resort catch that reports to `error`; the engines must never need it.
    const errors: Error[] = [];
    bob.events.on('error', (e) => errors.push(e));
    fc.assert(
      fc.property(tree, fc.constantFrom('alice@example.org/web', 'mallory@evil.example/x'), (t, from) => {
        const el = build(t);
        const reply = bob.handleIq({ id: 'i1', from, jingle: el });
        expect(reply === true || reply.name === 'error').toBe(true);
        const msg = new Element('message', { from, to: 'bob@example.org', type: 'chat' });
        msg.cnode(build(t));
        expect(() => bob.handleMessage(msg)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
  });

  it('elements built by @xmpp/xml (another ltx Element class) are plain data to the engines after call-wire', () => {
    // Documented trap: getChildElements() filters by instanceof, so the classes must not mix.
    const fromXmpp = xml('jingle', { xmlns: 'urn:xmpp:jingle:1' }, xml('content', { name: '0' }));
    const mixed = new Element('jingle').cnode(fromXmpp.getChildElements()[0] as Element).root();
    expect([fromXmpp.getChildElements().length, mixed.getChildElements().length]).toEqual([1, 0]);
  });
});
