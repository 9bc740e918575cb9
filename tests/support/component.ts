// A bridge component configured for one test's private Prosody (tests/support/prosody.ts).
import type { Logger } from '../../src/component/bridge.js';
import type { ComponentConfig } from '../../src/component/config.js';
import type { ProsodyHandle } from './prosody.js';

/** For tests that assert on behaviour, not on log lines. */
export const QUIET: Logger = { info: () => {}, warn: () => {}, error: () => {} };

type Server = Pick<ProsodyHandle, 'componentPort' | 'componentDomain' | 'componentSecret' | 'domain'>;

/** Loopback everywhere, a fixed link key, generous rate limits; override what the test is about. */
export function componentConfig(h: Server, overrides: Partial<ComponentConfig> = {}): ComponentConfig {
  return {
    xmppHost: '127.0.0.1',
    xmppPort: h.componentPort,
    domain: h.componentDomain,
    secret: h.componentSecret,
    userDomain: h.domain,
    http: { host: '127.0.0.1', port: 0 },
    publicUrl: 'http://guest.test',
    linkKey: Buffer.from('test-link-key-of-32-bytes-long!!'),
    connLimit: { capacity: 50, periodMs: 600_000 },
    callLimit: { capacity: 50, periodMs: 600_000 },
    ringTimeoutMs: 60_000,
    ...overrides,
  };
}
