// componentIo: what the call layer sends while the XMPP link is down waits for the reconnect, in order
// (XEP-0114 has no stream management; peers must still learn why their calls ended).
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { componentIo, type CallConnection } from '../../../src/component/calls/io.js';

function fakeConnection() {
  const log: string[] = [];
  let onOnline = (): void => {};
  const conn: CallConnection & { up(): void } = {
    online: false,
    send: async (el) => void log.push(`send ${el.attrs['id']}`),
    request: async (iq, timeoutMs) => {
      log.push(`request ${iq.attrs['id']} ${String(timeoutMs)}`);
      return new Element('iq', { type: 'result', id: iq.attrs['id'] });
    },
    on: (_event, fn) => (onOnline = fn),
    up() {
      (this as { online: boolean }).online = true;
      onOnline();
    },
  };
  return { conn, log };
}

describe('componentIo', () => {
  it('holds sends and requests while offline and releases them in order on reconnect; IQs wait 30 s', async () => {
    const { conn, log } = fakeConnection();
    const io = componentIo(conn, { info: () => {}, warn: () => {}, error: () => {} });
    io.send(new Element('message', { id: 'm1' }));
    const answered = io.request(new Element('iq', { id: 'q1', type: 'set' }));
    io.send(new Element('presence', { id: 'p1' }));
    expect(log).toEqual([]);
    conn.up();
    expect((await answered).attrs).toEqual({ type: 'result', id: 'q1' });
    io.send(new Element('message', { id: 'm2' }));
    expect(log).toEqual(['send m1', 'request q1 30000', 'send p1', 'send m2']);
  });
});
