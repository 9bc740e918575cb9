import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/component/config.js';

const ENV = { JB_COMPONENT_DOMAIN: 'bridge.localhost', JB_COMPONENT_SECRET: 's3cret' };

describe('parseConfig', () => {
  it('fills defaults from the environment and warns about a missing link key', () => {
    expect(parseConfig([], ENV)).toEqual({
      kind: 'config',
      warnings: [
        'no JB_COMPONENT_LINK_KEY set: using a random link key, so call links stop working when the component restarts',
      ],
      config: {
        xmppHost: '127.0.0.1',
        xmppPort: 5347,
        domain: 'bridge.localhost',
        secret: 's3cret',
        userDomain: 'localhost',
        http: { host: '127.0.0.1', port: 8090 },
        publicUrl: 'http://127.0.0.1:8090',
        linkKey: undefined,
        connLimit: { capacity: 30, periodMs: 60_000 },
        callLimit: { capacity: 5, periodMs: 60_000 },
        ringTimeoutMs: 60_000,
        echoMaxCalls: 4,
        echoMaxCallMs: 300_000,
      },
    });
  });

  it('flags win over the environment, in both --flag value and --flag=value forms', () => {
    const r = parseConfig(
      [
        '--xmpp-port',
        '15347',
        '--http=[::1]:9000',
        '--public-url',
        'https://call.example.com/',
        '--link-key',
        'k'.repeat(32),
        '--call-limit=2/10',
      ],
      { ...ENV, JB_COMPONENT_XMPP_PORT: '5348', JB_COMPONENT_HTTP: '127.0.0.1:1' },
    );
    expect(r.kind === 'config' && { ...r.config, linkKey: r.config.linkKey?.toString() }).toEqual({
      xmppHost: '127.0.0.1',
      xmppPort: 15347,
      domain: 'bridge.localhost',
      secret: 's3cret',
      userDomain: 'localhost',
      http: { host: '::1', port: 9000 },
      publicUrl: 'https://call.example.com',
      linkKey: 'k'.repeat(32),
      connLimit: { capacity: 30, periodMs: 60_000 },
      callLimit: { capacity: 2, periodMs: 10_000 },
      ringTimeoutMs: 60_000,
      echoMaxCalls: 4,
      echoMaxCallMs: 300_000,
    });
  });

  it('lists every problem with the flag and variable to fix', () => {
    expect(
      parseConfig(
        [
          '--xmpp-port',
          '70000',
          '--http',
          'nowhere',
          '--link-key',
          'short',
          '--conn-limit',
          'lots',
          '--ring-timeout',
          '0',
          '--bogus',
        ],
        {},
      ),
    ).toEqual({
      kind: 'error',
      errors: [
        'unknown argument "--bogus" (see --help)',
        '--xmpp-port / JB_COMPONENT_XMPP_PORT must be a port number 1-65535, got "70000"',
        '--domain / JB_COMPONENT_DOMAIN is required (the component domain, e.g. bridge.localhost)',
        "--secret / JB_COMPONENT_SECRET is required (the server's component_secret)",
        '--http / JB_COMPONENT_HTTP must be host:port (e.g. 127.0.0.1:8090), got "nowhere"',
        '--link-key / JB_COMPONENT_LINK_KEY must be at least 32 characters (try: openssl rand -base64 32)',
        '--conn-limit / JB_COMPONENT_CONN_LIMIT must be N/seconds (e.g. 30/60), got "lots"',
        '--ring-timeout / JB_COMPONENT_RING_TIMEOUT must be whole seconds 1-3600, got "0"',
      ],
    });
  });

  it('--help wins over everything else', () => {
    const r = parseConfig(['--bogus', '--help'], {});
    expect(r.kind).toEqual('help');
    expect(r.kind === 'help' && r.text.includes('--domain <value>   (JB_COMPONENT_DOMAIN)')).toEqual(true);
  });
});
