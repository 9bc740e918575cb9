// Contacts' presence per resource (RFC 6121 §4) fed with the exact stanzas Prosody sends, and what the
// call engine's presence input then sees: a bounced presence from the bare JID (a hibernating XEP-0198
// session of the contact expiring, issue #11 defect 3) must not end a live call with another resource.
import { EventEmitter } from 'node:events';
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { Contacts, goneResources } from '../../../../src/client/contacts/contacts.js';
import type { ResourcePresence } from '../../../../src/client/contacts/presence.js';
import type { XmppClient } from '../../../../src/client/xmpp.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import type { Call } from '../../../../src/client/calls/call.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { FakeNetwork } from '../calls/fakes.js';

const EXPIRED_SESSION_BOUNCE = `<presence type='error' from='alice@localhost' to='bob@localhost/desk'>
  <error type='cancel'><recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
</presence>`;

/** Just enough of @xmpp/client for Contacts: the roster push handler and the stanza event. */
function fakeXmpp(): XmppClient & { receive(xmlText: string): void } {
  const em = new EventEmitter();
  return Object.assign(em, {
    iqCallee: { set: () => undefined },
    jid: undefined,
    receive: (xmlText: string) => void em.emit('stanza', parse(xmlText)),
  }) as unknown as XmppClient & { receive(xmlText: string): void };
}

function contactsWithLog() {
  const xmpp = fakeXmpp();
  const presence: Array<[string, string[]]> = [];
  const resources: Array<[string, boolean]> = [];
  const contacts = new Contacts(xmpp, {
    roster: () => undefined,
    presence: (bare: string, r: ResourcePresence[]) => presence.push([bare, r.map((x) => x.jid)]),
    subscription: () => undefined,
    resource: (jid: string, p: ResourcePresence | undefined) => resources.push([jid, p !== undefined]),
  });
  return { xmpp, contacts, presence, resources };
}

describe('unavailable and error presence (RFC 6121 §4.5, RFC 6120 §8)', () => {
  it.each<[string, string[], string, string[]]>([
    [
      'an error from the bare JID (expired hibernating session) ends no resource',
      ['alice@localhost/web-new', 'alice@localhost/phone'],
      EXPIRED_SESSION_BOUNCE,
      ['alice@localhost/web-new', 'alice@localhost/phone'],
    ],
    [
      'an error from a full JID ends that resource only',
      ['alice@localhost/web-new', 'alice@localhost/web-old'],
      `<presence type='error' from='alice@localhost/web-old'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`,
      ['alice@localhost/web-new'],
    ],
    [
      'an error from an unknown full JID ends nothing',
      ['alice@localhost/web-new'],
      `<presence type='error' from='alice@localhost/gone'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`,
      ['alice@localhost/web-new'],
    ],
    [
      'unavailable from a full JID ends that resource (domain case ignored)',
      ['alice@localhost/web-new', 'alice@localhost/phone'],
      `<presence type='unavailable' from='alice@LOCALHOST/phone'/>`,
      ['alice@localhost/web-new'],
    ],
    [
      'unavailable from the bare JID ends every resource',
      ['alice@localhost/web-new', 'alice@localhost/phone'],
      `<presence type='unavailable' from='alice@localhost'/>`,
      [],
    ],
  ])('%s', (_name, online, stanza, left) => {
    const { xmpp, contacts } = contactsWithLog();
    for (const jid of online) xmpp.receive(`<presence from='${jid}'/>`);
    xmpp.receive(stanza);
    expect(contacts.resources('alice@localhost').map((r) => r.jid)).toEqual(left);
  });

  it('the bounce from the bare JID reports nothing, so nothing downstream sees a change', () => {
    const { xmpp, presence, resources } = contactsWithLog();
    xmpp.receive(`<presence from='alice@localhost/web-new'/>`);
    xmpp.receive(EXPIRED_SESSION_BOUNCE);
    expect({ presence, resources }).toEqual({
      presence: [['alice@localhost', ['alice@localhost/web-new']]],
      resources: [['alice@localhost/web-new', true]],
    });
  });

  it.each<[string, 'unavailable' | 'error', string, string[], string[]]>([
    ['error, bare', 'error', 'a@x', ['a@x/1', 'a@x/2'], []],
    ['error, full', 'error', 'a@x/2', ['a@x/1', 'a@x/2'], ['a@x/2']],
    ['unavailable, bare', 'unavailable', 'a@x', ['a@x/1', 'a@x/2'], ['a@x/1', 'a@x/2']],
    ['unavailable, full', 'unavailable', 'a@x/1', ['a@x/1', 'a@x/2'], ['a@x/1']],
    ['unavailable, full, unknown', 'unavailable', 'a@x/3', ['a@x/1'], []],
  ])('goneResources: %s', (_name, kind, jid, known, gone) => {
    expect(goneResources(kind, jid, known)).toEqual(gone);
  });
});

describe('a live call across a bounced presence (issue #11 defect 3)', () => {
  const A = 'alice@localhost/web-new';
  const B = 'bob@localhost/desk';

  async function liveCall(): Promise<{ net: FakeNetwork; bob: CallManager; call: Call }> {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    const bob = net.add(B, [...ADVERTISED_FEATURES]);
    net.befriend('alice@localhost', 'bob@localhost');
    const incoming = new Promise<Call>((resolve) => {
      const off = alice.events.on('incoming-call', (c) => (off(), resolve(c)));
    });
    const call = bob.call('alice@localhost');
    await net.settle();
    await (await incoming).accept();
    await net.settle();
    return { net, bob, call };
  }

  it("bob's contacts feed his call manager; the bounce after alice's reload leaves the call up", async () => {
    const { net, bob, call } = await liveCall();
    const { xmpp } = contactsWithLog();
    const contacts = new Contacts(xmpp, {
      roster: () => undefined,
      presence: (bare, r) =>
        bob.presence(
          bare,
          r.map((x) => x.jid),
        ),
      subscription: () => undefined,
      resource: () => undefined,
    });
    xmpp.receive(`<presence from='${A}'/>`);
    xmpp.receive(EXPIRED_SESSION_BOUNCE);
    net.clock.advance(60_000); // far past the engine's peer-gone grace period (XEP-0166 §6.7)
    await net.settle();
    expect({ state: call.state, end: call.end, online: contacts.resources('alice@localhost') }).toEqual({
      state: 'connecting',
      end: undefined,
      online: [{ jid: A, show: 'available', priority: 0 }],
    });
  });

  it('the call still ends when its own peer resource goes unavailable', async () => {
    const { net, bob, call } = await liveCall();
    const { xmpp } = contactsWithLog();
    new Contacts(xmpp, {
      roster: () => undefined,
      presence: (bare, r) =>
        bob.presence(
          bare,
          r.map((x) => x.jid),
        ),
      subscription: () => undefined,
      resource: () => undefined,
    });
    xmpp.receive(`<presence from='${A}'/>`);
    xmpp.receive(`<presence from='${A}' type='unavailable'/>`);
    net.clock.advance(8000);
    await net.settle();
    expect(call.end).toEqual({
      reason: { condition: 'gone', text: 'The other party went offline.' },
      by: 'error',
    });
  });
});
