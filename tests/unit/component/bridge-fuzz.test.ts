// Property tests: no input makes echo@'s or a guest JID's handlers throw, every Jingle IQ gets exactly
// one answer with its own id, and trickled candidates survive the translation to Jingle and back.
import fc from 'fast-check';
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { EchoCalls } from '../../../src/component/calls/echo-calls.js';
import { GuestBridge } from '../../../src/component/calls/guest-bridge.js';
import { candidateFor, describe as describeSdp } from '../../../src/component/calls/translate.js';
import { GuestRegistry } from '../../../src/component/guest/registry.js';
import { LinkUses } from '../../../src/component/link-uses.js';
import { RateLimiter } from '../../../src/component/rate-limit.js';
import { JINGLE_ACTIONS } from '../../../src/jingle/constants.js';
import { candidatesFromJingle } from '../../../src/jingle/sdp/index.js';
import { fakeIo, fakeMedia, sdpFixture, settle } from './bridge-fakes.js';

const OFFER = sdpFixture('chromium156-audio-video-data-offer.sdp');
const J = 'urn:xmpp:jingle:1';
const JMI = 'urn:xmpp:jingle-message:0';

const word = fc.stringMatching(/^[a-z0-9-]{0,8}$/);
const leaf: fc.Arbitrary<Element> = fc
  .record({
    name: fc.constantFrom('content', 'transport', 'candidate', 'description', 'reason', 'x', 'group'),
    attrs: fc.dictionary(word, fc.string({ maxLength: 12 }), { maxKeys: 4 }),
  })
  .map(({ name, attrs }) => new Element(name, attrs));
const node = fc.letrec((tie) => ({
  el: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.tuple(leaf, fc.array(tie('el'), { maxLength: 3 })).map(([el, kids]) => {
      for (const k of kids as Element[]) el.cnode(k);
      return el;
    }),
  ),
})).el as fc.Arbitrary<Element>;

const jingleIq = fc
  .record({
    action: fc.oneof(fc.constantFrom(...JINGLE_ACTIONS), word),
    sid: fc.oneof(fc.constant('s1'), word),
    from: fc.constantFrom('alice@localhost/a', 'mallory@evil/x', 'alice@localhost'),
    id: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    kids: fc.array(node, { maxLength: 3 }),
  })
  .map(({ action, sid, from, id, kids }) => {
    const j = new Element('jingle', { xmlns: J, action, sid });
    for (const k of kids) j.cnode(k);
    return new Element('iq', { type: 'set', id, from, to: 'echo@bridge.localhost/echo' }).cnode(j).root();
  });

const jmiMessage = fc
  .record({
    kind: fc.constantFrom('propose', 'ringing', 'proceed', 'reject', 'retract', 'finish', 'accept', 'other'),
    id: fc.oneof(fc.constant('id1'), word),
    from: fc.constantFrom('alice@localhost/a', 'alice@localhost', 'mallory@evil/x'),
    type: fc.constantFrom('chat', 'error', undefined),
    kids: fc.array(node, { maxLength: 2 }),
  })
  .map(({ kind, id, from, type, kids }) => {
    const m = new Element('message', type === undefined ? { from } : { from, type });
    const el = m.c(kind, { xmlns: JMI, id });
    if (kind === 'propose') el.c('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'audio' });
    for (const k of kids) el.cnode(k);
    return m;
  });

const answersTo = (out: Element[], iq: Element) =>
  out.filter(
    (e) =>
      e.name === 'iq' &&
      (e.attrs['type'] === 'result' || e.attrs['type'] === 'error') &&
      e.attrs['id'] === iq.attrs['id'],
  ).length;

describe('stanza handlers survive any input', () => {
  it('echo@: any Jingle IQ gets exactly one answer; any message is fine', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(jingleIq, jmiMessage), { minLength: 1, maxLength: 8 }),
        async (stanzas) => {
          const io = fakeIo();
          const echo = new EchoCalls(
            'bridge.localhost',
            io,
            fakeMedia(sdpFixture('chromium156-audio-video-data-answer.sdp')).factory,
            { maxCalls: 2, maxCallMs: 1000 },
          );
          for (const s of stanzas) {
            const before = io.out.length;
            if (s.name === 'iq') {
              expect(echo.iq(s)).toEqual({ replied: true });
              expect(answersTo(io.out.slice(before), s)).toEqual(1);
            } else expect(echo.message(s)).toEqual([]);
            await settle();
          }
          io.advance(60_000);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a guest JID in a call: any IQ or message, from anyone, never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(jingleIq, jmiMessage), { minLength: 1, maxLength: 8 }), (stanzas) => {
        const io = fakeIo();
        const reg = new GuestRegistry({
          domain: 'bridge.localhost',
          linkUses: new LinkUses(),
          callLimiter: new RateLimiter({ capacity: 5, periodMs: 1 }),
          ringTimeoutMs: 60_000,
          now: io.now,
          timers: io.timers,
        });
        const bridge = new GuestBridge(io, 60_000);
        bridge.attach(reg);
        const s = reg.open(
          { owner: 'alice@localhost', expiresAt: 1e12, use: 'multiple', id: 'L' },
          '1.2.3.4',
          { send: () => {}, close: () => {} },
        );
        s.receive(JSON.stringify({ type: 'hello', name: 'Ada' }));
        s.receive(JSON.stringify({ type: 'offer', sdp: OFFER }));
        const h = bridge.stanzas(s);
        for (const st of stanzas) {
          st.attrs['to'] = s.jid;
          if (st.name === 'iq') h.iq?.(st);
          else h.message?.(st);
        }
        io.advance(120_000);
        expect(s.state).toEqual('ended');
      }),
      { numRuns: 150 },
    );
  });
});

describe('trickled candidates', () => {
  const local = describeSdp(OFFER, 'initiator');
  it('survive candidateFor -> candidatesFromJingle unchanged (udp component 1; mid or m-line index)', () => {
    fc.assert(
      fc.property(
        fc.record({
          foundation: fc.stringMatching(/^[a-zA-Z0-9+/]{1,32}$/),
          // Component 2 (RTCP) is left out: browsers mux RTCP, and the translator drops it on the way back.
          component: fc.constant(1),
          priority: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          ip: fc.ipV4(),
          port: fc.integer({ min: 1, max: 65535 }),
          type: fc.constantFrom('host', 'srflx', 'relay'),
          byIndex: fc.boolean(),
          m: fc.integer({ min: 0, max: 2 }),
        }),
        (c) => {
          const rel = c.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0';
          const line = `candidate:${c.foundation} ${c.component} udp ${c.priority} ${c.ip} ${c.port} typ ${c.type}${rel} generation 0`;
          const name = local.names[c.m] ?? '';
          const init = c.byIndex
            ? { candidate: line, sdpMid: null, sdpMLineIndex: c.m }
            : { candidate: line, sdpMid: name, sdpMLineIndex: null };
          const out = candidateFor(init, 'initiator', local);
          const content = new Element('content', { creator: 'initiator', name: out?.content ?? '?' });
          content
            .c('transport', {
              xmlns: 'urn:xmpp:jingle:transports:ice-udp:1',
              ufrag: local.ice.get(name)?.ufrag ?? '',
            })
            .cnode(out?.candidate ?? new Element('none'));
          expect(candidatesFromJingle(new Element('jingle', { xmlns: J }).cnode(content).root())).toEqual([
            {
              candidate: line,
              sdpMid: name,
              sdpMLineIndex: null,
              usernameFragment: local.ice.get(name)?.ufrag,
            },
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
