// The call layer plugged into the component's seams (docs/component.md "Seams"): echo@'s calls and
// the guest <-> Jingle bridge, over one CallIo that holds stanzas while the XMPP link is down.
import type { BridgeComponent, Logger } from '../bridge.js';
import { EchoCalls, type EchoLimits } from './echo-calls.js';
import type { EchoMediaFactory } from './echo-media.js';
import { GuestBridge } from './guest-bridge.js';
import { componentIo, type CallIo } from './io.js';

export { EchoCalls, ECHO_RESOURCE, echoBusy, echoTimeUp, type EchoLimits } from './echo-calls.js';
export {
  weriftEchoFactory,
  type EchoMedia,
  type EchoMediaFactory,
  type WeriftEchoOptions,
} from './echo-media.js';
export { GuestBridge, GUEST_CALL_END } from './guest-bridge.js';
export type { CallIo } from './io.js';

export interface CallLayerOptions {
  echo: EchoLimits;
  media: EchoMediaFactory;
  ringTimeoutMs: number;
  /** Defaults to the component connection (componentIo). */
  io?: CallIo;
}

export interface CallLayer {
  readonly echo: EchoCalls;
  readonly guests: GuestBridge;
}

export function attachCallLayer(bridge: BridgeComponent, log: Logger, options: CallLayerOptions): CallLayer {
  const io = options.io ?? componentIo(bridge.xmpp, log);
  const echo = new EchoCalls(bridge.router.domain, io, options.media, options.echo);
  const guests = new GuestBridge(io, options.ringTimeoutMs);
  bridge.echo.extension = echo;
  bridge.guestStanzas = (session) => guests.stanzas(session);
  guests.attach(bridge.guests);
  // Guest sessions end on 'offline' already (bridge.ts), and their terminates wait in CallIo.
  bridge.xmpp.on('offline', () => echo.connectionLost());
  return { echo, guests };
}
