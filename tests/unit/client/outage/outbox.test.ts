// The outbox (src/client/outage/outbox.ts) holds stanzas sent between two sessions and sends them in order
// once the connection is online again; issue #11 defect 7 lost a hang-up made during a network cut.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../../src/client/outage/outbox.js';
import type { ConnectionState } from '../../../../src/client/connection/states.js';
import type { Element } from 'ltx';
import { xml, type XmppClient } from '../../../../src/client/xmpp.js';

/** xmpp.js's send: writes while a socket exists, throws like Socket.write on a null socket otherwise. */
function fakeXmpp() {
  const wire: string[] = [];
  const x = Object.assign(new EventEmitter(), {
    socketUp: true,
    async send(el: ReturnType<typeof xml>) {
      if (!x.socketUp) throw new TypeError("Cannot read properties of null (reading 'send')");
      wire.push(el.toString());
    },
  });
  return { xmpp: x as unknown as XmppClient & { socketUp: boolean }, wire };
}

const terminate = xml(
  'iq',
  { type: 'set', to: 'bob@x/desk', id: 't1' },
  xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-terminate', sid: 's1' }),
);
const finish = xml(
  'message',
  { to: 'bob@x/desk', id: 'm1' },
  xml('finish', { xmlns: 'urn:xmpp:jingle-message:0', id: 's1' }),
);
const bind = xml('iq', { type: 'set', id: 'b1' }, xml('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }));
const enable = xml('enable', { xmlns: 'urn:xmpp:sm:3', resume: 'true' });

function setup(states: ConnectionState[]) {
  const { xmpp, wire } = fakeXmpp();
  const outbox = new Outbox(xmpp);
  for (const s of states) outbox.state(s);
  /** What the connection reports for each unacknowledged stanza when the server refuses to resume (XEP-0198 §5). */
  const failResume = (...stanzas: Element[]) => stanzas.forEach((st) => outbox.lost(st));
  return { xmpp, wire, outbox, failResume };
}

describe('stanzas sent while the stream is down', () => {
  it.each<ConnectionState>(['resuming', 'reconnecting'])(
    'while %s: held, then written in order when online; the senders resolve then',
    async (down) => {
      const { xmpp, wire, outbox } = setup(['connecting', 'online', down]);
      xmpp.socketUp = false;
      const settled: string[] = [];
      const sends = [terminate, finish].map((el) =>
        xmpp.send(el).then(() => settled.push(String(el.attrs['id']))),
      );
      await Promise.resolve();
      expect({ wire: [...wire], size: outbox.size, settled: [...settled] }).toEqual({
        wire: [],
        size: 2,
        settled: [],
      });
      xmpp.socketUp = true;
      outbox.state('online');
      await Promise.all(sends);
      expect({ wire, size: outbox.size, settled }).toEqual({
        wire: [terminate.toString(), finish.toString()],
        size: 0,
        settled: ['t1', 'm1'],
      });
    },
  );

  it("xmpp.js's own negotiation (bind, SM nonzas) is never held", async () => {
    const { xmpp, wire } = setup(['connecting', 'online', 'reconnecting']);
    await xmpp.send(bind);
    await xmpp.send(enable);
    expect(wire).toEqual([bind.toString(), enable.toString()]);
  });

  it.each<[string, ConnectionState[]]>([
    ['before the first session (connecting)', ['connecting']],
    ['after stop() (offline)', ['connecting', 'online', 'offline']],
    ['after a fatal error (failed)', ['connecting', 'online', 'failed']],
  ])('%s: a send fails at once, as without the outbox', async (_name, states) => {
    const { xmpp } = setup(states);
    xmpp.socketUp = false;
    await expect(xmpp.send(terminate)).rejects.toThrow(TypeError);
  });

  it.each<ConnectionState>(['offline', 'failed'])(
    'held stanzas are rejected with unreachable when the connection goes %s',
    async (end) => {
      const { xmpp, wire, outbox } = setup(['connecting', 'online', 'resuming']);
      const sent = xmpp.send(terminate);
      outbox.state(end);
      await expect(sent).rejects.toMatchObject({ name: 'ClientError', code: 'unreachable' });
      outbox.state('online');
      expect(wire).toEqual([]);
    },
  );
});

describe('call signals the server never acknowledged when it refused to resume (it restarted)', () => {
  const initiate = xml(
    'iq',
    { type: 'set', to: 'bob@x/desk', id: 'i1' },
    xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 's1' }),
  );
  const proceed = xml(
    'message',
    { to: 'bob@x/desk', id: 'm2' },
    xml('proceed', { xmlns: 'urn:xmpp:jingle-message:0', id: 's1' }),
  );
  const chat = xml('message', { to: 'bob@x', id: 'c1' }, xml('body', {}, 'hi'));
  const disco = xml(
    'iq',
    { type: 'get', to: 'bob@x/desk', id: 'd1' },
    xml('query', { xmlns: 'jabber:iq:version' }),
  );
  const presence = xml('presence');
  const jingleResult = xml('iq', { type: 'result', to: 'bob@x/desk', id: 'r1' });

  it('go out again first on the new session, before what was held; nothing else is repeated', async () => {
    const { xmpp, wire, outbox, failResume } = setup(['connecting', 'online', 'reconnecting']);
    xmpp.socketUp = false;
    const held = xmpp.send(terminate);
    failResume(initiate, chat, disco, presence, jingleResult, proceed);
    xmpp.socketUp = true;
    outbox.state('online');
    await held;
    expect(wire).toEqual([initiate.toString(), proceed.toString(), terminate.toString()]);
  });

  it('what was pending at stop() is not sent again by the next start', async () => {
    const { wire, outbox, failResume } = setup(['connecting', 'online']);
    failResume(initiate, proceed); // xmpp.js on 'offline'
    outbox.state('offline');
    outbox.state('connecting');
    outbox.state('online');
    await Promise.resolve();
    expect(wire).toEqual([]);
  });

  it('dropped if the connection gives up before a new session', async () => {
    const { wire, outbox, failResume } = setup(['connecting', 'online', 'reconnecting']);
    failResume(initiate);
    outbox.state('failed');
    outbox.state('online');
    await Promise.resolve();
    expect(wire).toEqual([]);
  });
});
