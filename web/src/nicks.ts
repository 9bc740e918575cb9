// XEP-0172 nicknames that arrive in presence or messages (a guest from a call link sends its name
// in directed presence before the JMI propose: src/component/calls/guest-bridge.ts). The Call
// object does not carry the nick, so the app remembers the last one per bare JID.
import type { Client } from '../../src/client/index.js';

const NS_NICK = 'http://jabber.org/protocol/nick';
const MAX_NICK = 64;
const MAX_ENTRIES = 500;

export interface Nicks {
  of(bare: string): string | undefined;
  stop(): void;
}

export function trackNicks(client: Client): Nicks {
  const nicks = new Map<string, string>();
  const record = (stanza: Parameters<Parameters<Client['internals']['onStanza']>[1]>[0]) => {
    const from = stanza.attrs['from'];
    const nick = stanza.getChildText('nick', NS_NICK)?.trim();
    if (typeof from !== 'string' || !nick) return;
    const bare = (from.split('/')[0] ?? from).toLowerCase();
    nicks.delete(bare);
    nicks.set(bare, nick.slice(0, MAX_NICK));
    // Bounded: a flood of strangers' presences cannot grow this without end.
    if (nicks.size > MAX_ENTRIES) nicks.delete(nicks.keys().next().value ?? '');
  };
  const offs = [client.internals.onStanza('presence', record), client.internals.onStanza('message', record)];
  return {
    of: (bare) => nicks.get(bare.toLowerCase()),
    stop: () => offs.forEach((off) => off()),
  };
}
