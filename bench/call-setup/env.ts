// Where bench/call-setup/main.ts may run and what it records about the machine. It starts Prosody, a
// relay and two Chromiums that gather ICE candidates on every interface, so it refuses to run
// unless the only network is loopback (docs/reference/test-environment.md §1).
import { loadavg, networkInterfaces } from 'node:os';
import { machine, type Machine } from '../component/procs.js';

export const RUN_HINT = "unshare --net sh -c 'ip link set lo up && exec npx tsx bench/call-setup/main.ts'";

/** Exits with status 2 and says how to run it when any interface has a non-loopback address. */
export function requireLoopbackOnly(): void {
  const outside = Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? []).filter((a) => !a.internal).map((a) => `${name} ${a.address}`),
  );
  if (outside.length === 0) return;
  console.error(
    `bench/call-setup: refusing to run: non-loopback interfaces exist (${outside.join(', ')}).\n` +
      `Run it in a loopback-only network namespace: ${RUN_HINT}`,
  );
  process.exit(2);
}

export interface MachineInfo extends Machine {
  chromium: string;
  load: string;
}

export function machineInfo(chromium: string): MachineInfo {
  return { ...machine(), chromium, load: loadAverage() };
}

/** The 1/5/15-minute load averages, to judge how busy the shared machine was. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
