// createClient()'s options: checked up front (API misuse is a TypeError at once, not a later failure)
// and turned into the connection's settings with their defaults (docs/client.md, "Options").
import { bareJid, jidDomain, jidResource } from '../jingle/jid.js';
import type { ClientOptions } from './api.js';
import {
  DEFAULT_BACKOFF,
  DEFAULT_LIVENESS,
  SASL_PREFERENCE,
  type ConnectionOptions,
} from './connection/index.js';
import type { Clock } from './clock.js';

export function checkClientOptions(options: ClientOptions): void {
  if (typeof options?.jid !== 'string' || !/^[^@/\s]+@[^@/\s]+(\/.+)?$/.test(options.jid)) {
    throw new TypeError(`createClient: jid must be user@domain, got ${JSON.stringify(options?.jid)}`);
  }
  if (typeof options.password !== 'string') throw new TypeError('createClient: password must be a string');
}

export function connectionOptions(options: ClientOptions, clock: Clock): ConnectionOptions {
  const bare = bareJid(options.jid);
  return {
    service: options.service ?? '',
    ...(options.services && options.services.length > 0 ? { services: [...options.services] } : {}),
    domain: jidDomain(bare),
    username: bare.slice(0, bare.indexOf('@')),
    password: options.password,
    ...((options.resource ?? jidResource(options.jid))
      ? { resource: options.resource ?? jidResource(options.jid) }
      : {}),
    mechanisms: options.mechanisms ?? [...SASL_PREFERENCE],
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    random: options.random ?? Math.random,
    clock,
    connectTimeoutMs: options.connectTimeoutMs ?? 20_000,
    liveness: { ...DEFAULT_LIVENESS, ...options.liveness },
  };
}
