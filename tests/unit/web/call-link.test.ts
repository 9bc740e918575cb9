// The web app's call-link request against the component's real XEP-0050 handler (no network): the
// command the client builds for the app (client.createCallLink()) is serialised, parsed as the
// component would receive it, executed, and the reply read back. Also the nickname tracker that names guests.
import { Element, parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../src/client/index.js';
import { requestCallLink } from '../../../src/client/calls/call-link.js';
import type { IqCaller } from '../../../src/client/xmpp.js';
import { CallLinkCommand } from '../../../src/component/adhoc.js';
import { verifyLink } from '../../../src/component/token.js';
import { callLinkError, createCallLink } from '../../../web/src/call-link.js';
import { trackNicks } from '../../../web/src/nicks.js';

const KEY = Buffer.from('web-unit-test-key-of-32-bytes!!!!');
const NOW = 1_800_000_000_000;

/** A Client whose createCallLink() runs the client's request against the component's command handler. */
function clientWithComponent(sent: string[]): Client {
  const command = new CallLinkCommand({
    userDomain: 'localhost',
    publicUrl: 'https://call.test',
    linkKey: KEY,
    now: () => NOW,
  });
  const iqCaller = {
    async set(child: { toString(): string }, to: string) {
      sent.push(`${to} ${child.toString()}`);
      const iq = new Element('iq', { type: 'set', from: 'alice@localhost/web', to, id: '1' });
      const parsed = parse(child.toString());
      iq.cnode(parsed);
      const outcome = command.execute(iq, parsed);
      if ('error' in outcome)
        throw Object.assign(new Error(outcome.error), { name: 'StanzaError', condition: outcome.error });
      return 'result' in outcome ? outcome.result : undefined;
    },
  };
  return {
    createCallLink: (domain: string, choice: Parameters<Client['createCallLink']>[1]) =>
      requestCallLink(iqCaller as unknown as IqCaller, domain, choice),
  } as unknown as Client;
}

describe('createCallLink', () => {
  it('gets a link the component signed for us, in one request', async () => {
    const sent: string[] = [];
    const link = await createCallLink(clientWithComponent(sent), 'bridge.localhost', {
      expiry: '3600',
      use: 'multiple',
    });
    expect(sent).toEqual([
      'bridge.localhost <command xmlns="http://jabber.org/protocol/commands" node="urn:jingle-bridge:create-call-link" action="execute">' +
        '<x xmlns="jabber:x:data" type="submit"><field var="expiry"><value>3600</value></field>' +
        '<field var="use"><value>multiple</value></field></x></command>',
    ]);
    const token = link.url.replace('https://call.test/call/', '');
    expect({ expires: link.expires, verified: verifyLink(token, KEY, NOW) }).toEqual({
      expires: new Date(NOW + 3_600_000).toISOString(),
      verified: {
        ok: true,
        link: {
          owner: 'alice@localhost',
          expiresAt: NOW + 3_600_000,
          use: 'multiple',
          id: expect.any(String),
        },
      },
    });
  });

  it.each([
    [
      { name: 'StanzaError', condition: 'service-unavailable' },
      'No call link service is running at bridge.localhost.',
    ],
    [
      { name: 'StanzaError', condition: 'forbidden', text: 'Only users of localhost can create call links' },
      'Only users of localhost can create call links',
    ],
    [{ name: 'TimeoutError' }, 'The call link service at bridge.localhost did not answer.'],
    [new Error('odd'), 'Could not create a call link: odd'],
  ])('says what went wrong: %j', (error, text) =>
    expect(callLinkError(error, 'bridge.localhost')).toBe(text),
  );
});

describe('trackNicks (XEP-0172 in presence and messages)', () => {
  it('remembers the last nick per bare JID, case-insensitively, and forgets nothing else', () => {
    const handlers: Array<(el: Element) => void> = [];
    const client = {
      internals: { onStanza: (_: string, h: (el: Element) => void) => (handlers.push(h), () => undefined) },
    };
    const nicks = trackNicks(client as unknown as Client);
    const feed = (xml: string) => handlers.forEach((h) => h(parse(xml)));
    feed(
      "<presence from='guest-1@bridge.localhost/web'><nick xmlns='http://jabber.org/protocol/nick'>Dana</nick></presence>",
    );
    feed(
      "<message from='guest-2@bridge.localhost/web'><nick xmlns='http://jabber.org/protocol/nick'> Eve </nick></message>",
    );
    feed("<presence from='guest-3@bridge.localhost/web'><nick xmlns='urn:other'>Mallory</nick></presence>");
    feed("<presence><nick xmlns='http://jabber.org/protocol/nick'>NoFrom</nick></presence>");
    expect(
      ['GUEST-1@bridge.localhost', 'guest-2@bridge.localhost', 'guest-3@bridge.localhost'].map((j) =>
        nicks.of(j),
      ),
    ).toEqual(['Dana', 'Eve', undefined]);
  });
});
