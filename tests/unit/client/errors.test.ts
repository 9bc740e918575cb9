import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../../src/client/emitter.js';
import { ClientError, toClientError } from '../../../src/client/errors.js';

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
