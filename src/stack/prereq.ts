// Debian packages the stack needs. As root we install them ourselves, with packaged services kept
// from starting (their default configs listen on every interface: docs/reference/test-environment.md §8).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { isRoot } from './users.js';

export const STACK_PACKAGES = ['prosody', 'lua-unbound', 'lua-dbi-sqlite3', 'coturn', 'openssl'] as const;

export function missingPackages(packages: readonly string[]): string[] {
  return packages.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !(r.status === 0 && r.stdout.includes('install ok installed'));
  });
}

export function installCommand(packages: readonly string[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export type PrereqResult = { ok: true; installed: string[] } | { ok: false; message: string };

export function ensurePackages(
  packages: readonly string[],
  allowInstall: boolean,
  log: (line: string) => void,
): PrereqResult {
  const missing = missingPackages(packages);
  if (missing.length === 0) return { ok: true, installed: [] };
  if (!isRoot() || !allowInstall) {
    return {
      ok: false,
      message: `missing Debian packages: ${missing.join(', ')}\ninstall them with:\n  ${installCommand(missing)}`,
    };
  }
  log(`installing Debian packages: ${missing.join(' ')} (services blocked from starting during install)`);
  const policy = '/usr/sbin/policy-rc.d';
  writeFileSync(
    policy,
    '#!/bin/sh\n# jingle-bridge: keep packaged services from starting during install\nexit 101\n',
    { mode: 0o755 },
  );
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
            stdio: 'inherit',
            env,
          })
        : update;
    if (install.status !== 0) {
      return {
        ok: false,
        message: `apt-get could not install ${missing.join(' ')} (exit ${install.status ?? 'signal'})`,
      };
    }
  } finally {
    rmSync(policy, { force: true });
  }
  return { ok: true, installed: missing };
}
