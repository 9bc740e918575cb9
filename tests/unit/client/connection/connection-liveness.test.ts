// The connection notices a dead stream (issue #11 defect 4) and says so through its state: a real
// Connection (and so a real @xmpp/client) on a manual clock, over a socket double that records what
// is written and never answers unless the test says so.
import { EventEmitter } from 'node:events';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../../../src/client/connection/backoff.js';
import { Connection } from '../../../../src/client/connection/connection.js';
import { DEFAULT_LIVENESS } from '../../../../src/client/connection/liveness.js';
import { ManualClock } from '../calls/fakes.js';
import { stanza } from '../xmpp-fake.js';

class SocketDouble extends EventEmitter {
  readonly socket = { close: () => this.log('socket closed') };
  constructor(readonly log: (what: string) => void) {
    super();
  }
  write(data: string, done?: (e?: Error) => void): void {
    this.log(`wrote ${data.replace(/ id="[^"]+"/, '')}`);
    done?.();
  }
  end(): void {
    this.log('end');
  }
  _detachSocket(): void {
    this.log('stopped listening');
  }
}

/** An online connection (no SM unless `sm`), and the timeline of what it did, in ms from online. */
function online(sm: boolean) {
  const clock = new ManualClock();
  const t0 = clock.now();
  const timeline: Array<[number, string]> = [];
  const log = (what: string) => timeline.push([clock.now() - t0, what]);
  const connection = new Connection(
    {
      service: 'ws://127.0.0.1:9/xmpp-websocket',
      domain: 'localhost',
      username: 'alice',
      password: 'alicepass',
      mechanisms: ['PLAIN'],
      backoff: DEFAULT_BACKOFF,
      random: () => 0,
      clock,
      connectTimeoutMs: 20_000,
      liveness: DEFAULT_LIVENESS,
    },
    {
      state: (s) => log(`state ${s}`),
      online: () => undefined,
      error: (e) => log(`error ${e.code} ${e.condition ?? ''}`.trim()),
      lost: () => undefined,
    },
  );
  // What connect() and stream negotiation would have done.
  const raw = connection.xmpp as unknown as {
    Transport: unknown;
    transports: unknown[];
    _attachSocket(s: SocketDouble): void;
    _status(status: string): void;
    _onElement(el: Element): void;
  };
  raw.Transport = raw.transports[0];
  connection.xmpp.timeout = 1; // stop()'s graceful close waits this long for a double that never answers
  raw._attachSocket(new SocketDouble(log));
  if (sm) Object.assign(connection.xmpp.streamManagement, { enabled: true, id: 'sm-1' });
  raw._status('online');
  timeline.length = 0;
  const receive = (text: string) => raw._onElement(stanza(text));
  return { connection, clock, timeline, receive, at: (ms: number) => clock.advance(ms - (clock.now() - t0)) };
}

describe('a silent stream is noticed and left', () => {
  it('with XEP-0198: <r/> after 20 s quiet, then at 30 s the socket is dropped and the client resumes', async () => {
    const c = online(true);
    c.at(30_000);
    expect(c.timeline).toEqual([
      [20_000, 'wrote <r xmlns="urn:xmpp:sm:3"/>'],
      [30_000, 'socket closed'],
      [30_000, 'stopped listening'],
      [30_000, 'state resuming'],
    ]);
    await c.connection.stop();
  });

  it('without XEP-0198: an XEP-0199 ping to the server, then reconnecting', async () => {
    const c = online(false);
    c.at(30_000);
    expect(c.timeline).toEqual([
      [
        20_000,
        'wrote <iq type="get" to="localhost" xmlns="jabber:client"><ping xmlns="urn:xmpp:ping"/></iq>',
      ],
      [30_000, 'socket closed'],
      [30_000, 'stopped listening'],
      [30_000, 'state reconnecting'],
    ]);
    await c.connection.stop();
  });

  it('an answer keeps it online', async () => {
    const c = online(true);
    c.at(20_001);
    c.receive("<a xmlns='urn:xmpp:sm:3' h='0'/>");
    c.at(39_999);
    expect(c.timeline).toEqual([[20_000, 'wrote <r xmlns="urn:xmpp:sm:3"/>']]);
    expect(c.connection.state).toBe('online');
    await c.connection.stop();
  });

  it('a stream error (Prosody: "frame buffer exceeded") leaves online at once, before the graceful close ends', async () => {
    const c = online(true);
    c.at(1_000);
    c.receive(
      "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>frame buffer exceeded</text></stream:error>",
    );
    expect(c.timeline.slice(0, 2)).toEqual([
      [1_000, 'error stream-error resource-constraint'],
      [1_000, 'state resuming'],
    ]);
    await c.connection.stop();
  });
});
