import { EventEmitter } from 'node:events';
import { parse } from 'ltx';
import type { Element } from 'ltx';
import type { SaslFactory, XmppClient } from '../../../../src/client/xmpp.js';
// @ts-expect-error: saslmechanisms ships no types; we only construct its factory here.
import Factory from 'saslmechanisms';
// @ts-expect-error: sasl-plain ships no types.
import PlainMechanism from 'sasl-plain';
import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../../src/client/errors.js';
import {
  chooseMechanism,
  createAuthenticate,
  registerScram,
} from '../../../../src/client/connection/sasl.js';
import { SaslprepError } from '../../../../src/client/connection/saslprep.js';

const NS = 'urn:ietf:params:xml:ns:xmpp-sasl';
const b64 = (s: string) => btoa(s);

// RFC 5802 §5 exchange, user "user", password "pencil".
const SERVER_FIRST = 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096';
const CLIENT_FINAL = 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=';
const SERVER_FINAL = 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=';

/** A scripted server: maps each nonza we send to the nonza it answers with. */
function fakeEntity(service: string, script: (sent: Element) => string | undefined) {
  const factory = new Factory() as SaslFactory;
  factory.use('PLAIN', PlainMechanism);
  registerScram(factory, () => 'fyko+d2lbbFgONRv9qkxdawL');
  const sent: string[] = [];
  const entity = Object.assign(new EventEmitter(), {
    options: { service },
    timeout: 2000,
    saslFactory: factory,
    isSecure: () => service.startsWith('wss:'),
    async send(el: Element) {
      sent.push(el.toString());
      const answer = script(el);
      if (answer !== undefined) queueMicrotask(() => entity.emit('nonza', parse(answer)));
    },
  });
  return { entity: entity as unknown as XmppClient, sent };
}

const scramServer = (serverFinal: string) => (el: Element) => {
  const payload = atob(el.text());
  if (el.name === 'auth') return `<challenge xmlns='${NS}'>${b64(SERVER_FIRST)}</challenge>`;
  if (el.name === 'response' && payload === CLIENT_FINAL)
    return `<success xmlns='${NS}'>${b64(serverFinal)}</success>`;
  return `<failure xmlns='${NS}'><not-authorized/></failure>`;
};

async function run(
  entity: XmppClient,
  offered: string[],
  allowed = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const,
  password = 'pencil',
) {
  const chosen: string[] = [];
  const auth = createAuthenticate({ username: 'user', password }, allowed, (m) => chosen.push(m));
  await auth(async () => undefined, offered, null, entity);
  return chosen;
}

describe('the SASL exchange over a scripted server', () => {
  it('SCRAM-SHA-1: RFC 5802 messages on the wire, server signature verified', async () => {
    const { entity, sent } = fakeEntity('wss://example.com/ws', scramServer(SERVER_FINAL));
    expect(await run(entity, ['SCRAM-SHA-1', 'PLAIN'])).toEqual(['SCRAM-SHA-1']);
    expect(sent).toEqual([
      `<auth xmlns="${NS}" mechanism="SCRAM-SHA-1">${b64('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL')}</auth>`,
      `<response xmlns="${NS}">${b64(CLIENT_FINAL)}</response>`,
    ]);
  });

  it('a server that cannot prove the password fails with auth-failed', async () => {
    const { entity } = fakeEntity('wss://example.com/ws', scramServer('v=AAAAAAAAAAAAAAAAAAAAAAAAAAA='));
    await expect(run(entity, ['SCRAM-SHA-1'])).rejects.toEqual(
      new ClientError('auth-failed', 'SCRAM server signature mismatch'),
    );
  });

  it('<failure><not-authorized/> fails with not-authorized, carrying the text', async () => {
    const { entity } = fakeEntity(
      'wss://example.com/ws',
      () => `<failure xmlns='${NS}'><not-authorized/><text>Unable to authorize you</text></failure>`,
    );
    await expect(run(entity, ['PLAIN'])).rejects.toEqual(
      new ClientError('not-authorized', 'SASL failure: not-authorized (Unable to authorize you)', {
        condition: 'not-authorized',
      }),
    );
  });

  it('other failures are auth-failed with their condition', async () => {
    const { entity } = fakeEntity(
      'wss://example.com/ws',
      () => `<failure xmlns='${NS}'><account-disabled/></failure>`,
    );
    const error = (await run(entity, ['PLAIN']).catch((e: unknown) => e)) as ClientError;
    expect([error.code, error.condition, error.message]).toEqual([
      'auth-failed',
      'account-disabled',
      'SASL failure: account-disabled',
    ]);
  });

  it('PLAIN sends authzid NUL user NUL password', async () => {
    const { entity, sent } = fakeEntity('wss://example.com/ws', () => `<success xmlns='${NS}'/>`);
    await run(entity, ['PLAIN']);
    expect(sent).toEqual([`<auth xmlns="${NS}" mechanism="PLAIN">${b64('\0user\0pencil')}</auth>`]);
  });

  it('refuses PLAIN over ws:// to a non-loopback host', async () => {
    const { entity, sent } = fakeEntity('ws://example.com/ws', () => undefined);
    await expect(run(entity, ['PLAIN'])).rejects.toEqual(
      new ClientError('no-mechanism', 'no acceptable SASL mechanism among offered PLAIN'),
    );
    expect(sent).toEqual([]);
  });
});

describe('SASLprep (RFC 4013) of the password', () => {
  const all = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;

  it('SCRAM-SHA-1 with "pen<U+00AD>cil" sends the RFC 5802 proof for "pencil"', async () => {
    const { entity, sent } = fakeEntity('wss://example.com/ws', scramServer(SERVER_FINAL));
    expect(await run(entity, ['SCRAM-SHA-1'], all, 'pen\u00ADcil')).toEqual(['SCRAM-SHA-1']);
    expect(sent).toEqual([
      `<auth xmlns="${NS}" mechanism="SCRAM-SHA-1">${b64('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL')}</auth>`,
      `<response xmlns="${NS}">${b64(CLIENT_FINAL)}</response>`,
    ]);
  });

  it('PLAIN sends the prepared password: <U+2168> and a no-break space become "IX" and a space', async () => {
    const { entity, sent } = fakeEntity('wss://example.com/ws', () => `<success xmlns='${NS}'/>`);
    await run(entity, ['PLAIN'], all, '\u2168\u00A0x');
    expect(sent).toEqual([`<auth xmlns="${NS}" mechanism="PLAIN">${b64('\0user\0IX x')}</auth>`]);
  });

  it.each([
    ['pencil\u0007', 'The password contains U+0007, which SASLprep (RFC 4013) does not allow', 0x07, 'C.2.1'],
    ['a\uE000', 'The password contains U+E000, which SASLprep (RFC 4013) does not allow', 0xe000, 'C.3'],
    [
      '\u0627\u0031',
      'The password contains U+0031, which SASLprep (RFC 4013) does not allow here: right-to-left text ' +
        'must start and end with a right-to-left character',
      0x31,
      'bidi-ends',
    ],
    [
      '\u05D0x\u05D0',
      'The password contains U+0078, which SASLprep (RFC 4013) does not allow together with right-to-left text',
      0x78,
      'bidi-mixed',
    ],
  ] as const)('%j fails with auth-failed before anything is sent', async (password, message, cp, rule) => {
    for (const offered of [['SCRAM-SHA-1'], ['PLAIN']]) {
      const { entity, sent } = fakeEntity('wss://example.com/ws', () => `<success xmlns='${NS}'/>`);
      const error = (await run(entity, offered, all, password).catch((e: unknown) => e)) as ClientError;
      expect([error, error.code, error.cause, sent]).toEqual([
        new ClientError('auth-failed', message),
        'auth-failed',
        new SaslprepError(cp, rule),
        [],
      ]);
    }
  });
});

describe('mechanism choice: SCRAM-SHA-256 > SCRAM-SHA-1 > PLAIN', () => {
  const all = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;
  it.each([
    [['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256'], all, true, 'SCRAM-SHA-256'],
    [['PLAIN', 'SCRAM-SHA-1'], all, true, 'SCRAM-SHA-1'],
    [['PLAIN'], all, true, 'PLAIN'],
    [['PLAIN'], all, false, undefined],
    [['SCRAM-SHA-1', 'PLAIN'], ['PLAIN'] as const, true, 'PLAIN'],
    [['SCRAM-SHA-1-PLUS', 'X-OAUTH2'], all, true, undefined],
  ] as const)('offered %j, allowed %j, plain ok %s -> %s', (offered, allowed, plainOk, expected) => {
    expect(chooseMechanism(offered, allowed, plainOk)).toBe(expected);
  });

  it('registerScram puts our SCRAM classes first in the factory, replacing any other SCRAM-SHA-1', () => {
    const factory = new Factory() as SaslFactory;
    factory.use('SCRAM-SHA-1', PlainMechanism);
    factory.use('PLAIN', PlainMechanism);
    registerScram(factory);
    expect(factory._mechs.map((m) => [m.name, m.mech === PlainMechanism])).toEqual([
      ['SCRAM-SHA-256', false],
      ['SCRAM-SHA-1', false],
      ['PLAIN', true],
    ]);
  });
});
