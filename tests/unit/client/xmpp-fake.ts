// TEST DOUBLE: a real @xmpp/client instance that never connects. Its socket write is captured and
// stanzas are delivered as the stream parser would, so @xmpp/iq's caller and callee, the middleware
// and our guards (iq-replies.ts) run for real. Nothing here ships.
import { parse, type Element } from 'ltx';
import { guardIq } from '../../../src/client/connection/iq-replies.js';
import { copyTree } from '../../../src/jingle/ltx.js';
import { client, xml, type XmppClient } from '../../../src/client/xmpp.js';

/** A parsed stanza as @xmpp/xml's own element class (what the stream parser delivers). */
export function stanza(text: string): Element {
  return copyTree(parse(text) as Element, (name, attrs) => xml(name, attrs as Record<string, string>));
}

export interface OfflineXmpp {
  xmpp: XmppClient;
  /** Everything written to the socket, serialized. */
  written: string[];
  /** Delivers a stanza as if it came from the server. */
  receive(text: string): void;
  /** Called with each stanza as it is written. */
  onWrite(listener: (text: string) => void): void;
}

export function offlineXmpp(options: { guarded?: boolean } = {}): OfflineXmpp {
  const xmpp = client({ service: 'ws://127.0.0.1:9/xmpp-websocket', domain: 'localhost' });
  if (options.guarded !== false) guardIq(xmpp);
  const written: string[] = [];
  const listeners: Array<(text: string) => void> = [];
  // What connect() would do: pick the WebSocket transport, whose send() ends in write().
  const raw = xmpp as unknown as {
    Transport: unknown;
    transports: unknown[];
    write(s: string): Promise<void>;
    emit(event: string, el: Element): void;
  };
  raw.Transport = raw.transports[0];
  raw.write = async (s) => {
    written.push(s);
    for (const l of listeners) l(s);
  };
  return {
    xmpp,
    written,
    receive: (text) => raw.emit('element', stanza(text)),
    onWrite: (l) => void listeners.push(l),
  };
}
