// SASL (RFC 6120 §6) for the WebSocket client. We run the exchange ourselves instead of
// @xmpp/sasl's, because that one drops the additional data of <success/>, where SCRAM's server
// signature travels (RFC 6120 §6.3.10, RFC 5802 §5): without it the server is never authenticated.
// Our SCRAM mechanisms are also registered with @xmpp/client's SASL factory, so the stream feature
// handler sees them as supported, and they come first in its list.
// The password is SASLprepped (RFC 4013) once, before anything is sent, for every mechanism. SCRAM
// needs it (RFC 5802 §2.2); for PLAIN, RFC 4616 §2 has the server compare prepared strings, so
// preparing here changes nothing for a server that does (Prosody) and helps one that does not. A
// password SASLprep refuses fails the login as 'auth-failed' with no round trip, as any such server
// would refuse it. The username is left to the server (Prosody SASLpreps and nodepreps the authcid of
// PLAIN and SCRAM alike).
import { NS_SASL } from '../../jingle/ns.js';
import { xml } from '../xmpp.js';
import type { Authenticate, SaslFactory, SaslMechanism, XmppClient } from '../xmpp.js';
import type { Element } from 'ltx';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../bytes.js';
import { ClientError } from '../errors.js';
import { formatCodePoint, saslprep, SaslprepError } from './saslprep.js';
import {
  randomNonce,
  scramClientFinal,
  scramClientFirst,
  scramVerifyServerFinal,
  ScramError,
} from './scram.js';
import type { ScramMechanism, ScramState } from './scram.js';

/** Strongest first: SCRAM-SHA-256 > SCRAM-SHA-1 > PLAIN. */
export const SASL_PREFERENCE = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;
export type SaslMechanismName = (typeof SASL_PREFERENCE)[number];

interface Credentials {
  username: string;
  password: string;
}

/** A saslmechanisms-style object, plus `final()` for the <success/> data. */
interface Mechanism extends SaslMechanism {
  final?(data: string): void;
}

function scramClass(mechanism: ScramMechanism, nonce: () => string) {
  return class ScramMechanismImpl implements Mechanism {
    readonly name: string = mechanism;
    readonly clientFirst = true;
    #state: ScramState | undefined;
    #serverFirst: string | undefined;

    async response(credentials: Record<string, unknown>): Promise<string> {
      const username = String(credentials['username']);
      const password = String(credentials['password']);
      if (this.#state === undefined) {
        const first = scramClientFirst(mechanism, username, nonce());
        this.#state = first.state;
        return first.message;
      }
      if (this.#serverFirst === undefined) throw new ScramError('SCRAM response before challenge');
      const final = await scramClientFinal(this.#state, password, this.#serverFirst);
      this.#state = final.state;
      return final.message;
    }

    challenge(data: string): void {
      this.#serverFirst = data;
    }

    final(data: string): void {
      if (this.#state === undefined) throw new ScramError('SCRAM success before start');
      scramVerifyServerFinal(this.#state, data);
    }
  };
}

/** Puts our SCRAM classes first in the factory (replacing xmpp.js's Node-only SCRAM-SHA-1). */
export function registerScram(factory: SaslFactory, nonce: () => string = randomNonce): void {
  const ours = (['SCRAM-SHA-256', 'SCRAM-SHA-1'] as const).map((name) => ({
    name,
    mech: scramClass(name, nonce),
  }));
  const rest = factory._mechs.filter((m) => !ours.some((o) => o.name === m.name));
  factory._mechs.splice(0, factory._mechs.length, ...ours, ...rest);
}

function isLoopbackService(service: string): boolean {
  return /^wss?:\/\/(127\.[\d.]+|\[::1\]|localhost)(:\d+)?\//i.test(service);
}

/** PLAIN sends the password in the clear: only over TLS, or to loopback (dev servers, tests). */
export function chooseMechanism(
  offered: readonly string[],
  allowed: readonly SaslMechanismName[],
  plainOk: boolean,
): SaslMechanismName | undefined {
  return SASL_PREFERENCE.find(
    (m) => offered.includes(m) && allowed.includes(m) && (m !== 'PLAIN' || plainOk),
  );
}

/** The `credentials` callback for @xmpp/client: picks a mechanism and runs the exchange. */
export function createAuthenticate(
  credentials: Credentials,
  allowed: readonly SaslMechanismName[],
  onMechanism: (name: SaslMechanismName) => void,
): Authenticate {
  return async (_done, offered, _fast, entity) => {
    const plainOk = entity.isSecure() || isLoopbackService(entity.options.service ?? '');
    const name = chooseMechanism(offered, allowed, plainOk);
    if (!name) {
      throw new ClientError(
        'no-mechanism',
        `no acceptable SASL mechanism among offered ${offered.join(', ') || '(none)'}`,
      );
    }
    let password: string;
    try {
      password = saslprep(credentials.password);
    } catch (e) {
      throw e instanceof SaslprepError ? saslprepFailure(e) : e;
    }
    const mech = entity.saslFactory.create([name]) as Mechanism | null;
    if (!mech) throw new ClientError('no-mechanism', `SASL mechanism ${name} is not registered`);
    onMechanism(name);
    await exchange(entity, mech, { username: credentials.username, password });
  };
}

const BIDI_HINTS = {
  'bidi-mixed': ' together with right-to-left text',
  'bidi-ends': ' here: right-to-left text must start and end with a right-to-left character',
} as const;

/** The user's wording of a SaslprepError: which character, and that SASLprep is why. */
export function saslprepFailure(error: SaslprepError): ClientError {
  const hint = error.rule === 'bidi-mixed' || error.rule === 'bidi-ends' ? BIDI_HINTS[error.rule] : '';
  return new ClientError(
    'auth-failed',
    `The password contains ${formatCodePoint(error.codePoint)}, which SASLprep (RFC 4013) does not allow${hint}`,
    { cause: error },
  );
}

async function exchange(entity: XmppClient, mech: Mechanism, credentials: Credentials): Promise<void> {
  const creds: Record<string, unknown> = { ...credentials, authzid: '' };
  const encode = (s: string) => (s === '' ? '=' : toBase64(utf8(s)));
  const decode = (el: Element) => {
    const text = el.text().trim();
    return text === '' || text === '=' ? '' : fromUtf8(fromBase64(text));
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new ClientError('unreachable', 'SASL exchange timed out')),
      entity.timeout,
    );
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      entity.removeListener('nonza', onNonza);
      entity.removeListener('disconnect', onDisconnect);
      if (error === undefined) resolve();
      else if (error instanceof ScramError)
        reject(new ClientError('auth-failed', error.message, { cause: error }));
      else reject(error instanceof SaslprepError ? saslprepFailure(error) : error);
    };
    const onDisconnect = () =>
      finish(new ClientError('unreachable', 'connection closed during authentication'));
    const onNonza = (el: Element) => {
      if (el.getNS() !== NS_SASL) return;
      void (async () => {
        if (el.name === 'challenge') {
          mech.challenge(decode(el));
          const response = await mech.response(creds);
          await entity.send(xml('response', { xmlns: NS_SASL }, encode(response)));
        } else if (el.name === 'success') {
          mech.final?.(decode(el));
          finish();
        } else if (el.name === 'failure') {
          const condition = el.children.find(
            (c): c is Element => typeof c !== 'string' && c.name !== 'text',
          )?.name;
          const text = el.getChildText('text') ?? '';
          const code = condition === 'not-authorized' ? 'not-authorized' : 'auth-failed';
          finish(
            new ClientError(
              code,
              `SASL failure: ${condition ?? 'unknown'}${text ? ` (${text})` : ''}`,
              condition ? { condition } : {},
            ),
          );
        }
      })().catch(finish);
    };
    entity.on('nonza', onNonza);
    entity.on('disconnect', onDisconnect);
    void (async () => {
      const first = mech.clientFirst ? await mech.response(creds) : undefined;
      await entity.send(
        xml(
          'auth',
          { xmlns: NS_SASL, mechanism: mech.name },
          first === undefined ? undefined : encode(first),
        ),
      );
    })().catch(finish);
  });
}
