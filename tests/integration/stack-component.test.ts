// XEP-0114 on our Prosody: a component authenticates with the secret and answers IQs routed to it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { login, logout, shape, startComponent, xml } from './stack-helpers.js';
import type { TestClient, XmppEntity } from './stack-helpers.js';

const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
let h: ProsodyHandle;
let alice: TestClient | undefined;
let component: XmppEntity | undefined;

beforeAll(async () => {
  h = await startProsody({ users: [['alice', 'a']] });
});
afterAll(async () => {
  await component?.stop().catch(() => undefined);
  await logout(alice);
  await h?.stop();
});

it('XEP-0114 §3: a wrong secret is refused', async () => {
  await expect(startComponent(h, 'not-the-secret')).rejects.toMatchObject({ condition: 'not-authorized' });
});

it('XEP-0114: the component domain answers a client disco#info through Prosody', async () => {
  component = await startComponent(h);
  const from: string[] = [];
  component.iqCallee.get(DISCO_INFO, 'query', ({ stanza }) => {
    from.push(stanza.attrs.from as string);
    return xml(
      'query',
      { xmlns: DISCO_INFO },
      xml('identity', { category: 'component', type: 'generic', name: 'stack test' }),
      xml('feature', { var: DISCO_INFO }),
    );
  });
  alice = await login(h, 'alice', 'a');
  const res = await alice.xmpp.iqCaller.request(
    xml('iq', { type: 'get', to: h.componentDomain }, xml('query', { xmlns: DISCO_INFO })),
  );
  expect(shape(res.getChild('query', DISCO_INFO) ?? xml('missing'))).toEqual({
    name: 'query',
    attrs: { xmlns: DISCO_INFO },
    children: [
      {
        name: 'identity',
        attrs: { category: 'component', type: 'generic', name: 'stack test' },
        children: [],
      },
      { name: 'feature', attrs: { var: DISCO_INFO }, children: [] },
    ],
  });
  expect(from).toEqual([alice.jid]);
});
