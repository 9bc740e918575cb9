import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../../src/jingle/emitter.js';
import {
  CLIENT_ERROR_CODES,
  ClientError,
  NODE_TLS_ERROR_CODES,
  toClientError,
} from '../../../src/client/errors.js';

const named = (name: string, message: string, condition?: string) =>
  Object.assign(new Error(message), { name, ...(condition ? { condition } : {}) });

describe('toClientError: what xmpp.js throws, as our codes', () => {
  it.each([
    [named('SASLError', 'not-authorized', 'not-authorized'), ['not-authorized', 'not-authorized']],
    [
      named('SASLError', 'temporary-auth-failure', 'temporary-auth-failure'),
      ['auth-failed', 'temporary-auth-failure'],
    ],
    [new Error('SASL: No compatible mechanism available.'), ['no-mechanism', undefined]],
    [named('StreamError', 'conflict - Replaced by new connection', 'conflict'), ['stream-error', 'conflict']],
    [named('StanzaError', 'conflict', 'conflict'), ['bind', 'conflict']],
    [new Error('self-signed certificate in certificate chain'), ['tls', undefined]],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      ['unreachable', undefined],
    ],
    ['a string', ['unreachable', undefined]],
  ] as const)('%s', (input, [code, condition]) => {
    const e = toClientError(input);
    expect([e.code, e.condition]).toEqual([code, condition]);
  });

  it('passes a ClientError through unchanged', () => {
    const e = new ClientError('host-meta', 'x');
    expect(toClientError(e)).toBe(e);
  });
});

/** What the `ws` package hands xmpp.js for a failed handshake: Node's error, plus the URL xmpp.js adds. */
const nodeError = (message: string, code: string | undefined, url = 'wss://h/x') =>
  Object.assign(new Error(message), { ...(code === undefined ? {} : { code }), url });
/** What @xmpp/websocket makes of a DOM `error` event, which has no detail (its Socket.js). */
const domError = (url: string) =>
  Object.assign(new Error(`WebSocket ECONNERROR ${url}`), { code: 'ECONNERROR', errno: 'ECONNERROR', url });
const whole = (e: ClientError) => ({
  name: e.name,
  code: e.code,
  condition: e.condition,
  message: e.message,
});

describe('toClientError: TLS failures by Node error code', () => {
  it.each(NODE_TLS_ERROR_CODES.map((code) => [code]))('%s is tls', (code) => {
    expect(whole(toClientError(nodeError('some detail', code)))).toEqual({
      name: 'ClientError',
      code: 'tls',
      condition: undefined,
      message: `TLS connection to wss://h/x failed: some detail (${code})`,
    });
  });

  it.each([
    // Seen in tests/integration/client-tls.test.ts against real endpoints.
    [
      nodeError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      ['tls', 'TLS connection to wss://h/x failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ],
    [
      nodeError(
        "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: 127.0.0.2",
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ),
      [
        'tls',
        "TLS connection to wss://h/x failed: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: 127.0.0.2 (ERR_TLS_CERT_ALTNAME_INVALID)",
      ],
    ],
    [
      nodeError(
        'write EPROTO 80FC285D677F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
        'EPROTO',
      ),
      ['tls', 'TLS connection to wss://h/x failed: wrong version number (EPROTO)'],
    ],
    // Prefixes: OpenSSL reasons and Node's own TLS errors.
    [
      nodeError('tlsv1 alert unknown ca', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'),
      ['tls', 'TLS connection to wss://h/x failed: tlsv1 alert unknown ca (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA)'],
    ],
    [
      nodeError('TLS handshake timeout', 'ERR_TLS_HANDSHAKE_TIMEOUT'),
      ['tls', 'TLS connection to wss://h/x failed: TLS handshake timeout (ERR_TLS_HANDSHAKE_TIMEOUT)'],
    ],
    // The code may sit on a cause (a wrapping error, as undici's WebSocket does).
    [
      new Error('fetch failed', {
        cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
      }),
      ['tls', 'TLS connection failed: fetch failed (CERT_HAS_EXPIRED)'],
    ],
    // A code that is not TLS wins over a message that merely names a host like "ssl.example.org".
    [
      nodeError('getaddrinfo ENOTFOUND ssl.example.org', 'ENOTFOUND'),
      ['unreachable', 'getaddrinfo ENOTFOUND ssl.example.org'],
    ],
    [nodeError('read ECONNRESET', 'ECONNRESET'), ['unreachable', 'read ECONNRESET']],
    // No code at all: the message is all there is.
    [
      new Error('unable to verify the first certificate'),
      ['tls', 'TLS connection failed: unable to verify the first certificate'],
    ],
  ] as const)('%s', (input, [code, message]) => {
    expect(whole(toClientError(input))).toEqual({ name: 'ClientError', code, condition: undefined, message });
  });
});

describe('toClientError: a browser cannot tell a refused port from an untrusted certificate', () => {
  const both =
    'could not open wss://xmpp.example.org/ws: the server is unreachable or its TLS certificate is not trusted (browsers do not say which)';
  it.each([
    [domError('wss://xmpp.example.org/ws'), {}, both],
    [domError('wss://xmpp.example.org/ws'), { socketOpened: false }, both],
    // Once the socket was open, TLS is settled: the error is a network one.
    [
      domError('wss://xmpp.example.org/ws'),
      { socketOpened: true },
      'WebSocket ECONNERROR wss://xmpp.example.org/ws',
    ],
    // Without TLS there is only one possibility; a host named "tls" does not make it a TLS error.
    [domError('ws://tls.example.org/ws'), {}, 'WebSocket ECONNERROR ws://tls.example.org/ws'],
  ] as const)('%s %j', (input, context, message) => {
    expect(whole(toClientError(input, context))).toEqual({
      name: 'ClientError',
      code: 'unreachable',
      condition: undefined,
      message,
    });
  });

  it('any input at all becomes a ClientError with a known code', () => {
    const codes: readonly string[] = Object.values(CLIENT_ERROR_CODES);
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true }), fc.boolean(), (input, socketOpened) => {
        const e = toClientError(input, { socketOpened });
        expect([e instanceof ClientError, codes.includes(e.code)]).toEqual([true, true]);
      }),
    );
  });
});

describe('TypedEmitter', () => {
  it('a throwing listener is reported and does not stop the others', () => {
    const reported: Array<[unknown, string]> = [];
    const emitter = new TypedEmitter<{ tick: [number] }>((error, event) =>
      reported.push([(error as Error).message, event]),
    );
    const got: number[] = [];
    emitter.on('tick', () => {
      throw new Error('broken listener');
    });
    const off = emitter.on('tick', (n) => got.push(n));
    emitter.emit('tick', 1);
    off();
    emitter.emit('tick', 2);
    expect({ got, reported }).toEqual({
      got: [1],
      reported: [
        ['broken listener', 'tick'],
        ['broken listener', 'tick'],
      ],
    });
  });
});
