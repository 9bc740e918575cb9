// The outbox (src/client/outage/outbox.ts) holds stanzas sent between two sessions and sends them in order
// once the connection is online again; issue #11 defect 7 lost a hang-up made during a network cut.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../../src/client/outage/outbox.js';
import type { ConnectionState } from '../../../../src/client/connection/states.js';
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
  return { xmpp, wire, outbox };
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
