// A call whose browser gathers no ICE candidate at all cannot connect (RFC 8445 §5.1.1: without a
// local candidate there is no pair to check), and nothing else will say so: no candidate pair ever
// fails, so `connectionState` never leaves `new` (Chromium with a relay-only policy and no usable
// TURN server, or no usable network interface, completes gathering in ~120 ms with nothing). The
// call ends at once with a reason a person can act on, instead of ringing into certain failure.
import { CallFailure } from './failure.js';

export const noCandidatesText = (direction: 'incoming' | 'outgoing'): string =>
  `No network path for the call: the ${direction === 'outgoing' ? "caller's" : "callee's"} browser ` +
  'found no usable network address (check the network connection or firewall).';

/**
 * Calls `failed` when a gathering round (each ICE restart starts one) completes without a single
 * candidate. The end-of-candidates marker (an empty candidate) does not count as one.
 */
export function watchGathering(
  pc: RTCPeerConnection,
  direction: 'incoming' | 'outgoing',
  failed: (failure: CallFailure) => void,
): void {
  let gathered = 0;
  pc.addEventListener('icecandidate', (e) => {
    const c = (e as RTCPeerConnectionIceEvent).candidate;
    if (c !== null && c.candidate !== '') gathered += 1;
  });
  pc.addEventListener('icegatheringstatechange', () => {
    if (pc.iceGatheringState === 'gathering') gathered = 0;
    else if (pc.iceGatheringState === 'complete' && gathered === 0)
      failed(new CallFailure('connectivity-error', noCandidatesText(direction)));
  });
}
