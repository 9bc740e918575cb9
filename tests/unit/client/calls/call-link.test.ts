// client.createCallLink() (calls/call-link.ts) on the offline @xmpp/client fake (xmpp-fake.ts): the
// XEP-0050 command written to the socket is executed by the component's real handler
// (src/component/adhoc.ts) and its reply delivered back, so @xmpp/iq's caller runs for real.
import fc from 'fast-check';
import type { Element } from 'ltx';
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { requestCallLink } from '../../../../src/client/calls/call-link.js';
import { CallLinkCommand } from '../../../../src/component/adhoc.js';
import { verifyLink } from '../../../../src/component/token.js';
import { offlineXmpp } from '../xmpp-fake.js';

const KEY = Buffer.from('client-unit-test-key-of-32-bytes');
const NOW = 1_800_000_000_000;

/** An offline client whose IQs to the component domain are answered by the component's handler. */
function withComponent(from = 'alice@localhost/web') {
  const fake = offlineXmpp();
  const command = new CallLinkCommand({
    userDomain: 'localhost',
    publicUrl: 'https://call.test',
    linkKey: KEY,
    now: () => NOW,
  });
  fake.onWrite((text) => {
    const iq = parse(text) as Element;
    if (iq.name !== 'iq') return;
    iq.attrs['from'] = from;
    const outcome = command.execute(iq, iq.getChild('command') as Element);
    const reply =
      'result' in outcome && outcome.result !== undefined
        ? `<iq type="result" id="${iq.attrs['id']}" from="${iq.attrs['to']}">${outcome.result.toString()}</iq>`
        : `<iq type="error" id="${iq.attrs['id']}" from="${iq.attrs['to']}"><error type="cancel">` +
          `<${'error' in outcome ? outcome.error : 'bad-request'} xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`;
    queueMicrotask(() => fake.receive(reply));
  });
  return fake;
}

describe('createCallLink (XEP-0050 one-step execute)', () => {
  it('sends one command and returns the link the component signed for us', async () => {
    const fake = withComponent();
    const link = await requestCallLink(fake.xmpp.iqCaller, 'bridge.localhost', {
      expiry: '3600',
      use: 'single',
    });
    const sent = parse(fake.written[0] as string) as Element;
    expect(sent.getChild('command')?.toString()).toBe(
      '<command xmlns="http://jabber.org/protocol/commands" node="urn:jingle-bridge:create-call-link" action="execute">' +
        '<x xmlns="jabber:x:data" type="submit"><field var="expiry"><value>3600</value></field>' +
        '<field var="use"><value>single</value></field></x></command>',
    );
    expect({ to: sent.attrs['to'], type: sent.attrs['type'], count: fake.written.length }).toEqual({
      to: 'bridge.localhost',
      type: 'set',
      count: 1,
    });
    const token = link.url.replace('https://call.test/call/', '');
    expect({ expires: link.expires, verified: verifyLink(token, KEY, NOW) }).toEqual({
      expires: new Date(NOW + 3_600_000).toISOString(),
      verified: {
        ok: true,
        link: { owner: 'alice@localhost', expiresAt: NOW + 3_600_000, use: 'single', id: expect.any(String) },
      },
    });
  });

  it("rejects with the component's stanza error condition (a user of another domain: forbidden)", async () => {
    const fake = withComponent('mallory@evil.example/x');
    const failed = requestCallLink(fake.xmpp.iqCaller, 'bridge.localhost', { expiry: '3600', use: 'single' });
    await expect(failed).rejects.toMatchObject({ name: 'StanzaError', condition: 'forbidden' });
  });

  it('rejects when a completed answer carries no url', async () => {
    const fake = offlineXmpp();
    fake.onWrite((text) => {
      const iq = parse(text) as Element;
      queueMicrotask(() =>
        fake.receive(
          `<iq type="result" id="${iq.attrs['id']}" from="bridge.localhost"><command xmlns="http://jabber.org/protocol/commands" status="completed"/></iq>`,
        ),
      );
    });
    await expect(
      requestCallLink(fake.xmpp.iqCaller, 'bridge.localhost', { expiry: '3600', use: 'multiple' }),
    ).rejects.toThrow('The call link service gave no link.');
  });

  it('writes any field value so that it parses back unchanged (XML 1.0 §2.4, §3.1 escaping)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (expiry) => {
        // XML 1.0 §2.2: control characters cannot appear at all.
        fc.pre([...expiry].every((c) => (c.codePointAt(0) ?? 0) >= 0x20 && c !== '\ufffe' && c !== '\uffff'));
        const sent: Element[] = [];
        const iqCaller = {
          set: async (child: Element) => (sent.push(parse(child.toString()) as Element), undefined),
        };
        await requestCallLink(iqCaller as never, 'bridge.localhost', { expiry, use: 'single' }).catch(
          () => undefined,
        );
        const field = sent[0]?.getChild('x')?.getChildren('field')[0];
        expect(field?.getChildText('value')).toBe(expiry);
      }),
      { numRuns: 200 },
    );
  });
});
