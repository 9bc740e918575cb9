import { parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { CallLinkCommand } from '../../../src/component/adhoc.js';
import { capsVer } from '../../../src/component/caps.js';
import { DomainEntity } from '../../../src/component/domain.js';
import { EchoEntity } from '../../../src/component/echo.js';
import { ECHO_INFO } from '../../../src/component/entities.js';
import { XmppRouter, type EntityHandler } from '../../../src/component/router.js';
import { verifyLink } from '../../../src/component/token.js';

const KEY = Buffer.from('k'.repeat(32));
const NOW = 1_700_000_000_000;
const VER = capsVer(ECHO_INFO);
const CAPS = `<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="urn:xmpp:jingle-bridge" ver="${VER}"/>`;
const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const CMD = 'http://jabber.org/protocol/commands';

function setup(extra: Record<string, EntityHandler> = {}) {
  let n = 0;
  const command = new CallLinkCommand({
    userDomain: 'localhost',
    publicUrl: 'http://127.0.0.1:8090',
    linkKey: KEY,
    now: () => NOW,
    newSessionId: () => `s${++n}`,
  });
  const echo = new EchoEntity('bridge.localhost');
  const domain = new DomainEntity('bridge.localhost', command);
  const thrower: EntityHandler = {
    iq: () => {
      throw new Error('boom');
    },
  };
  const entities: Record<string, EntityHandler> = { '': domain, echo, 'guest-thrower': thrower, ...extra };
  const errors: unknown[] = [];
  const router = new XmppRouter(
    'bridge.localhost',
    (local) => entities[local],
    (err) => errors.push(err),
  );
  const route = async (xml: string): Promise<string[]> =>
    (await router.route(parse(xml))).map((e) => e.toString());
  return { route, errors, echo };
}
const x = (s: string): string => parse(s.replace(/\n\s*/g, '')).toString();

describe('XmppRouter: stanzas nobody handles', () => {
  it.each([
    [
      'an IQ of an unknown namespace to the domain -> service-unavailable',
      `<iq type="get" id="1" from="alice@localhost/a" to="bridge.localhost"><query xmlns="jabber:iq:version"/></iq>`,
      `<iq type="error" from="bridge.localhost" to="alice@localhost/a" id="1"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    ],
    [
      'an IQ to an unknown local part -> item-not-found',
      `<iq type="get" id="2" from="alice@localhost/a" to="nobody@bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
      `<iq type="error" from="nobody@bridge.localhost" to="alice@localhost/a" id="2"><error type="cancel"><item-not-found xmlns="${STANZAS}"/></error></iq>`,
    ],
    [
      'a message to a guest that is gone -> item-not-found',
      `<message type="chat" id="3" from="alice@localhost/a" to="guest-00ff@bridge.localhost/web"><body>hi</body></message>`,
      `<message type="error" from="guest-00ff@bridge.localhost/web" to="alice@localhost/a" id="3"><error type="cancel"><item-not-found xmlns="${STANZAS}"/></error></message>`,
    ],
    [
      'an IQ with two children -> bad-request',
      `<iq type="get" id="4" from="alice@localhost/a" to="echo@bridge.localhost"><a xmlns="x"/><b xmlns="y"/></iq>`,
      `<iq type="error" from="echo@bridge.localhost" to="alice@localhost/a" id="4"><error type="modify"><bad-request xmlns="${STANZAS}"/></error></iq>`,
    ],
    [
      'an IQ with an invalid type -> bad-request',
      `<iq type="bogus" id="5" from="alice@localhost/a" to="echo@bridge.localhost"><a xmlns="x"/></iq>`,
      `<iq type="error" from="echo@bridge.localhost" to="alice@localhost/a" id="5"><error type="modify"><bad-request xmlns="${STANZAS}"/></error></iq>`,
    ],
    [
      'a throwing handler -> internal-server-error',
      `<iq type="set" id="6" from="alice@localhost/a" to="guest-thrower@bridge.localhost"><a xmlns="x"/></iq>`,
      `<iq type="error" from="guest-thrower@bridge.localhost" to="alice@localhost/a" id="6"><error type="cancel"><internal-server-error xmlns="${STANZAS}"/></error></iq>`,
    ],
  ])('%s', async (_name, input, output) => {
    const { route } = setup();
    expect(await route(input)).toEqual([output]);
  });

  it.each([
    [
      'an error stanza (never answer an error)',
      `<iq type="error" id="1" from="alice@localhost/a" to="nobody@bridge.localhost"/>`,
    ],
    ['an unexpected IQ result', `<iq type="result" id="1" from="alice@localhost/a" to="bridge.localhost"/>`],
    [
      'presence to an unknown local part',
      `<presence from="alice@localhost/a" to="nobody@bridge.localhost"/>`,
    ],
    ['a stanza without from', `<iq type="get" id="1" to="bridge.localhost"><query xmlns="x"/></iq>`],
    [
      'a stanza claiming to come from our own domain',
      `<iq type="get" id="1" from="guest-1@bridge.localhost/web" to="echo@bridge.localhost"><query xmlns="x"/></iq>`,
    ],
    ['a non-stanza element', `<foo from="alice@localhost" to="bridge.localhost"/>`],
  ])('drops %s', async (_name, input) => {
    const { route } = setup();
    expect(await route(input)).toEqual([]);
  });
});

describe('echo@', () => {
  it('subscribe -> subscribed, subscribe back, available presence with caps', async () => {
    const { route } = setup();
    expect(
      await route(`<presence type="subscribe" from="alice@localhost" to="echo@bridge.localhost"/>`),
    ).toEqual([
      `<presence from="echo@bridge.localhost" to="alice@localhost" type="subscribed"/>`,
      `<presence from="echo@bridge.localhost" to="alice@localhost" type="subscribe"/>`,
      `<presence from="echo@bridge.localhost" to="alice@localhost">${CAPS}</presence>`,
    ]);
  });

  it.each([
    [
      'probe',
      `<presence type="probe" from="alice@localhost/a" to="echo@bridge.localhost"/>`,
      [`<presence from="echo@bridge.localhost" to="alice@localhost/a">${CAPS}</presence>`],
    ],
    [
      'available presence',
      `<presence from="alice@localhost/a" to="echo@bridge.localhost"/>`,
      [`<presence from="echo@bridge.localhost" to="alice@localhost/a">${CAPS}</presence>`],
    ],
    [
      'unsubscribe',
      `<presence type="unsubscribe" from="alice@localhost" to="echo@bridge.localhost"/>`,
      [`<presence from="echo@bridge.localhost" to="alice@localhost" type="unsubscribed"/>`],
    ],
    ['unavailable', `<presence type="unavailable" from="alice@localhost/a" to="echo@bridge.localhost"/>`, []],
  ])('%s', async (_name, input, output) => {
    const { route } = setup();
    expect(await route(input)).toEqual(output);
  });

  it('answers disco#info plain and at node#ver, item-not-found at another node', async () => {
    const { route } = setup();
    const plain = await route(
      `<iq type="get" id="d" from="alice@localhost/a" to="echo@bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const atNode = await route(
      `<iq type="get" id="d" from="alice@localhost/a" to="echo@bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#info" node="urn:xmpp:jingle-bridge#${VER}"/></iq>`,
    );
    const other = await route(
      `<iq type="get" id="d" from="alice@localhost/a" to="echo@bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#info" node="urn:xmpp:jingle-bridge#old"/></iq>`,
    );
    const features = ECHO_INFO.features.map((f) => `<feature var="${f}"/>`).join('');
    const identity = '<identity category="client" type="pc" name="jingle-bridge echo test"/>';
    expect([plain, atNode, other]).toEqual([
      [
        `<iq type="result" from="echo@bridge.localhost" to="alice@localhost/a" id="d"><query xmlns="http://jabber.org/protocol/disco#info">${identity}${features}</query></iq>`,
      ],
      [
        `<iq type="result" from="echo@bridge.localhost" to="alice@localhost/a" id="d"><query xmlns="http://jabber.org/protocol/disco#info" node="urn:xmpp:jingle-bridge#${VER}">${identity}${features}</query></iq>`,
      ],
      [
        `<iq type="error" from="echo@bridge.localhost" to="alice@localhost/a" id="d"><error type="cancel"><item-not-found xmlns="${STANZAS}"/></error></iq>`,
      ],
    ]);
  });

  it('lets the echo extension take IQs before the defaults', async () => {
    const { route, echo } = setup();
    echo.extension = { iq: (iq: Element) => (iq.getChild('jingle') ? { result: undefined } : undefined) };
    expect(
      await route(
        `<iq type="set" id="j" from="alice@localhost/a" to="echo@bridge.localhost"><jingle xmlns="urn:xmpp:jingle:1"/></iq>`,
      ),
    ).toEqual([`<iq type="result" from="echo@bridge.localhost" to="alice@localhost/a" id="j"/>`]);
  });
});

describe('the component domain', () => {
  it('disco#info: component/generic with commands; disco#items: echo@', async () => {
    const { route } = setup();
    expect(
      await route(
        `<iq type="get" id="i" from="alice@localhost/a" to="bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
      ),
    ).toEqual([
      x(`<iq type="result" from="bridge.localhost" to="alice@localhost/a" id="i"><query xmlns="http://jabber.org/protocol/disco#info">
        <identity category="component" type="generic" name="jingle-bridge"/><feature var="http://jabber.org/protocol/disco#info"/>
        <feature var="http://jabber.org/protocol/disco#items"/><feature var="${CMD}"/></query></iq>`),
    ]);
    expect(
      await route(
        `<iq type="get" id="i" from="alice@localhost/a" to="bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
      ),
    ).toEqual([
      x(`<iq type="result" from="bridge.localhost" to="alice@localhost/a" id="i"><query xmlns="http://jabber.org/protocol/disco#items">
        <item jid="echo@bridge.localhost" name="Echo test call"/></query></iq>`),
    ]);
  });

  it('lists the command to local users only (XEP-0050 §2.2)', async () => {
    const { route } = setup();
    const q = (from: string) =>
      `<iq type="get" id="c" from="${from}" to="bridge.localhost"><query xmlns="http://jabber.org/protocol/disco#items" node="${CMD}"/></iq>`;
    expect([...(await route(q('alice@localhost/a'))), ...(await route(q('eve@evil.example/a')))]).toEqual([
      x(`<iq type="result" from="bridge.localhost" to="alice@localhost/a" id="c"><query xmlns="http://jabber.org/protocol/disco#items" node="${CMD}">
        <item jid="bridge.localhost" node="urn:jingle-bridge:create-call-link" name="Create call link"/></query></iq>`),
      `<iq type="result" from="bridge.localhost" to="eve@evil.example/a" id="c"><query xmlns="http://jabber.org/protocol/disco#items" node="${CMD}"/></iq>`,
    ]);
  });
});

describe('ad-hoc "Create call link" (XEP-0050)', () => {
  const exec = (from: string, attrs: string, body = '') =>
    `<iq type="set" id="x" from="${from}" to="bridge.localhost"><command xmlns="${CMD}" node="urn:jingle-bridge:create-call-link" ${attrs}>${body}</command></iq>`;
  const submit = (expiry: string, use: string) =>
    `<x xmlns="jabber:x:data" type="submit"><field var="expiry"><value>${expiry}</value></field><field var="use"><value>${use}</value></field></x>`;

  it('execute -> form; complete -> a link that verifies for the requester', async () => {
    const { route } = setup();
    const [form] = await route(exec('alice@localhost/a', 'action="execute"'));
    expect(form).toEqual(
      x(`<iq type="result" from="bridge.localhost" to="alice@localhost/a" id="x">
      <command xmlns="${CMD}" node="urn:jingle-bridge:create-call-link" sessionid="s1" status="executing">
      <actions execute="complete"><complete/></actions>
      <x xmlns="jabber:x:data" type="form"><title>Create call link</title><instructions>Anyone with the link can call you from a web browser.</instructions>
      <field var="expiry" type="list-single" label="Link valid for"><required/><value>86400</value>
      <option label="1 hour"><value>3600</value></option><option label="1 day"><value>86400</value></option><option label="7 days"><value>604800</value></option></field>
      <field var="use" type="list-single" label="Use"><required/><value>single</value>
      <option label="One call"><value>single</value></option><option label="Any number of calls"><value>multiple</value></option></field>
      </x></command></iq>`),
    );
    const [done] = await route(
      exec('alice@localhost/a', 'sessionid="s1" action="complete"', submit('3600', 'multiple')),
    );
    const el = parse(done ?? '');
    const url = el.getChild('command')?.getChild('x')?.getChildren('field')[0]?.getChildText('value') ?? '';
    const token = url.replace('http://127.0.0.1:8090/call/', '');
    const verified = verifyLink(token, KEY, NOW);
    expect(verified.ok && { ...verified.link, id: 'ID' }).toEqual({
      owner: 'alice@localhost',
      expiresAt: NOW + 3_600_000,
      use: 'multiple',
      id: 'ID',
    });
    expect(done).toEqual(
      x(`<iq type="result" from="bridge.localhost" to="alice@localhost/a" id="x">
      <command xmlns="${CMD}" node="urn:jingle-bridge:create-call-link" sessionid="s1" status="completed">
      <note type="info">Your call link: ${url}</note>
      <x xmlns="jabber:x:data" type="result"><title>Call link</title>
      <field var="url" type="text-single" label="Call link"><value>${url}</value></field>
      <field var="expires" type="text-single" label="Valid until"><value>${new Date(NOW + 3_600_000).toISOString()}</value></field>
      <field var="use" type="text-single" label="Use"><value>multiple</value></field></x></command></iq>`),
    );
  });

  const err = (from: string, cond: string, type: string, app = '', text = '') =>
    `<iq type="error" from="bridge.localhost" to="${from}" id="x"><error type="${type}"><${cond} xmlns="${STANZAS}"/>${text === '' ? '' : `<text xmlns="${STANZAS}" xml:lang="en">${text}</text>`}${app === '' ? '' : `<${app} xmlns="${CMD}"/>`}</error></iq>`;

  it('forbids users of other domains', async () => {
    const { route } = setup();
    expect(await route(exec('eve@evil.example/a', 'action="execute"'))).toEqual([
      err('eve@evil.example/a', 'forbidden', 'cancel', '', 'Only users of localhost can create call links'),
    ]);
  });

  it("refuses someone else's session id as bad-sessionid (no hijacking)", async () => {
    const { route } = setup();
    await route(exec('alice@localhost/a', 'action="execute"'));
    expect(
      await route(exec('bob@localhost/b', 'sessionid="s1" action="complete"', submit('3600', 'single'))),
    ).toEqual([err('bob@localhost/b', 'bad-request', 'modify', 'bad-sessionid')]);
  });

  it.each([
    [
      'an unknown expiry -> bad-payload',
      'sessionid="s1" action="complete"',
      submit('5', 'single'),
      ['bad-request', 'modify', 'bad-payload', 'expiry must be one of 3600, 86400, 604800'],
    ],
    [
      'an unknown use -> bad-payload',
      'sessionid="s1" action="complete"',
      submit('3600', 'twice'),
      ['bad-request', 'modify', 'bad-payload', 'use must be single or multiple'],
    ],
    [
      'no form -> bad-payload',
      'sessionid="s1" action="complete"',
      '',
      ['bad-request', 'modify', 'bad-payload', 'Submit the form to create the link'],
    ],
    ['next -> bad-action', 'sessionid="s1" action="next"', '', ['bad-request', 'modify', 'bad-action', '']],
    [
      'an invented action -> malformed-action',
      'sessionid="s1" action="jump"',
      '',
      ['bad-request', 'modify', 'malformed-action', ''],
    ],
    [
      'an unknown session -> bad-sessionid',
      'sessionid="nope" action="complete"',
      '',
      ['bad-request', 'modify', 'bad-sessionid', ''],
    ],
  ])('%s', async (_name, attrs, body, [cond, type, app, text]) => {
    const { route } = setup();
    await route(exec('alice@localhost/a', 'action="execute"'));
    expect(await route(exec('alice@localhost/a', attrs, body))).toEqual([
      err('alice@localhost/a', cond ?? '', type ?? '', app, text),
    ]);
  });

  it('cancel -> canceled, and the session is gone', async () => {
    const { route } = setup();
    await route(exec('alice@localhost/a', 'action="execute"'));
    expect([
      ...(await route(exec('alice@localhost/a', 'sessionid="s1" action="cancel"'))),
      ...(await route(exec('alice@localhost/a', 'sessionid="s1" action="cancel"'))),
    ]).toEqual([
      `<iq type="result" from="bridge.localhost" to="alice@localhost/a" id="x"><command xmlns="${CMD}" node="urn:jingle-bridge:create-call-link" sessionid="s1" status="canceled"/></iq>`,
      err('alice@localhost/a', 'bad-request', 'modify', 'bad-sessionid'),
    ]);
  });
});
