// WebRTC tests must only ever touch loopback (docs/reference/test-environment.md §1): Chromium gathers candidates on
// every interface and prefers a real card over `lo`. `npm test` (scripts/test.mjs) re-runs itself
// inside `unshare --net` when root; anywhere else these tests skip themselves and say why.
import { networkInterfaces } from 'node:os';
import { describe } from 'vitest';

/** True when every address of every interface is internal, i.e. we are in a namespace with only `lo`. */
export function loopbackOnly(): boolean {
  return Object.values(networkInterfaces())
    .flat()
    .every((address) => address === undefined || address.internal);
}

export const WEBRTC_SKIP_REASON =
  'WebRTC tests need a loopback-only network namespace; run them with ' +
  "`npm test` as root, or `unshare --net sh -c 'ip link set lo up && exec npx vitest run --project e2e'`";

/**
 * `describe` when in a loopback-only namespace, else `describe.skip` (plus one console note, so a
 * skipped e2e run is never mistaken for a green one).
 */
export const describeWebRTC: typeof describe.skip = loopbackOnly()
  ? describe
  : (() => {
      console.warn(`skipping: ${WEBRTC_SKIP_REASON}`);
      return describe.skip;
    })();
