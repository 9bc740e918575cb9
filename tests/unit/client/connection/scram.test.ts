import { describe, expect, it } from 'vitest';
import {
  ScramError,
  escapeSaslName,
  scramClientFinal,
  scramClientFirst,
  scramVerifyServerFinal,
} from '../../../../src/client/connection/scram.js';
import type { ScramMechanism } from '../../../../src/client/connection/scram.js';
import { SaslprepError } from '../../../../src/client/connection/saslprep.js';

// The example exchanges of RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256), user "user", password "pencil".
const VECTORS: Array<{
  mechanism: ScramMechanism;
  nonce: string;
  clientFirst: string;
  serverFirst: string;
  clientFinal: string;
  serverFinal: string;
}> = [
  {
    mechanism: 'SCRAM-SHA-1',
    nonce: 'fyko+d2lbbFgONRv9qkxdawL',
    clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    mechanism: 'SCRAM-SHA-256',
    nonce: 'rOprNGfwEbeRWgbNEkqO',
    clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinal:
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

describe.each(VECTORS)('$mechanism against the RFC example exchange', (v) => {
  it('produces the RFC client-first and client-final messages and accepts the RFC server-final', async () => {
    const first = scramClientFirst(v.mechanism, 'user', v.nonce);
    expect(first.message).toBe(v.clientFirst);
    const final = await scramClientFinal(first.state, 'pencil', v.serverFirst);
    expect(final.message).toBe(v.clientFinal);
    expect(() => scramVerifyServerFinal(final.state, v.serverFinal)).not.toThrow();
  });

  it('rejects a server-final whose signature does not verify', async () => {
    const first = scramClientFirst(v.mechanism, 'user', v.nonce);
    const final = await scramClientFinal(first.state, 'pencil', v.serverFirst);
    const forged = `v=${btoa('x'.repeat(v.mechanism === 'SCRAM-SHA-1' ? 20 : 32))}`;
    expect(() => scramVerifyServerFinal(final.state, forged)).toThrow(
      new ScramError('SCRAM server signature mismatch'),
    );
  });

  it('rejects a server-final carrying e=', async () => {
    const first = scramClientFirst(v.mechanism, 'user', v.nonce);
    const final = await scramClientFinal(first.state, 'pencil', v.serverFirst);
    expect(() => scramVerifyServerFinal(final.state, 'e=invalid-proof')).toThrow(
      new ScramError('SCRAM server error: invalid-proof'),
    );
  });

  it('with a wrong password, the proof differs from the RFC one', async () => {
    const first = scramClientFirst(v.mechanism, 'user', v.nonce);
    const final = await scramClientFinal(first.state, 'pencil2', v.serverFirst);
    expect(final.message).not.toBe(v.clientFinal);
  });
});

describe('the password is SASLprepped before PBKDF2 (RFC 5802 §2.2 Normalize())', () => {
  const v = VECTORS[0];
  if (!v) throw new Error('no SHA-1 vector');
  const finalFor = async (password: string) =>
    (await scramClientFinal(scramClientFirst(v.mechanism, 'user', v.nonce).state, password, v.serverFirst))
      .message;

  it('SCRAM-SHA-1 with I<U+00AD>X and with <U+2168> gives the same client-final as with IX', async () => {
    const ix = await finalFor('IX');
    expect(await finalFor('I\u00ADX')).toBe(ix);
    expect(await finalFor('\u2168')).toBe(ix);
  });

  it('pencil with a soft hyphen and a no-break space around it still gives the RFC proof', async () => {
    expect(await finalFor('pen\u00ADcil')).toBe(v.clientFinal);
    expect(await finalFor('\u00A0pencil')).not.toBe(v.clientFinal);
  });

  it('a password SASLprep refuses throws SaslprepError, before any key derivation', async () => {
    await expect(finalFor('pencil\u0007')).rejects.toThrow(new SaslprepError(0x07, 'C.2.1'));
  });
});

describe('server-first-message validation', () => {
  const state = scramClientFirst('SCRAM-SHA-1', 'user', 'abc').state;
  it.each([
    ['r=xyz123,s=QSXCR+Q6sek8bf92,i=4096', 'SCRAM server nonce does not extend the client nonce'],
    ['r=abc,s=QSXCR+Q6sek8bf92,i=4096', 'SCRAM server nonce does not extend the client nonce'],
    ['r=abcdef,i=4096', 'SCRAM server-first-message has no salt'],
    ['r=abcdef,s=QSXCR+Q6sek8bf92,i=0', 'SCRAM iteration count invalid'],
    ['r=abcdef,s=QSXCR+Q6sek8bf92,i=many', 'SCRAM iteration count invalid'],
    ['r=abcdef,s=%%%,i=4096', 'SCRAM salt is not base64'],
    ['m=ext,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096', 'SCRAM extension (m=) not supported'],
    ['garbage', 'malformed SCRAM attribute "garbage"'],
  ])('%s -> %s', async (serverFirst, message) => {
    await expect(scramClientFinal(state, 'pencil', serverFirst)).rejects.toThrow(new ScramError(message));
  });

  it('a server-final before the server-first is rejected', () => {
    expect(() => scramVerifyServerFinal(state, 'v=AAAA')).toThrow(
      new ScramError('SCRAM server-final before server-first'),
    );
  });
});

describe('saslname escaping (RFC 5802 §5.1)', () => {
  it.each([
    ['user', 'user'],
    ['a=b', 'a=3Db'],
    ['a,b', 'a=2Cb'],
    ['=,=', '=3D=2C=3D'],
  ])('%s -> %s', (input, output) => {
    expect(escapeSaslName(input)).toBe(output);
  });

  it('the client-first message carries the escaped name', () => {
    expect(scramClientFirst('SCRAM-SHA-256', 'a,b=c', 'n0nce').message).toBe('n,,n=a=2Cb=3Dc,r=n0nce');
  });

  it('a nonce containing "," is API misuse', () => {
    expect(() => scramClientFirst('SCRAM-SHA-1', 'u', 'a,b')).toThrow(TypeError);
  });
});

describe('PBKDF2 cost', () => {
  it('derives a 4096-iteration key in one WebCrypto call, well under 100 ms', async () => {
    const v = VECTORS[1];
    if (!v) throw new Error('no SHA-256 vector');
    const started = performance.now();
    await scramClientFinal(scramClientFirst(v.mechanism, 'user', v.nonce).state, 'pencil', v.serverFirst);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
