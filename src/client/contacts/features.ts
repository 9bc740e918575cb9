// What we advertise in disco#info / caps, and what we require of a contact before offering a call.
// Lists: docs/reference/deployed-clients.md §6 and docs/reference/xep-rules.md §13 (Conversations'
// RtpCapability check).
import { CALL_FEATURES } from '../../jingle/features.js';
import { requiredFeatures } from '../../jingle/jmi/index.js';
import { NS_CAPS, NS_DISCO_INFO, NS_JINGLE_MESSAGE_0, NS_PING } from '../../jingle/ns.js';
import type { DiscoInfo, Identity } from './caps.js';

export const CLIENT_IDENTITY: Identity = { category: 'client', type: 'web', name: 'jingle-bridge' };

export const ADVERTISED_FEATURES: readonly string[] = [
  NS_CAPS,
  NS_DISCO_INFO,
  NS_PING, // answered by @xmpp/client itself
  ...CALL_FEATURES,
];

export function ourDiscoInfo(extraFeatures: readonly string[] = []): DiscoInfo {
  return {
    identities: [CLIENT_IDENTITY],
    features: [...new Set([...ADVERTISED_FEATURES, ...extraFeatures])],
    forms: [],
  };
}

export interface CallCapability {
  jid: string;
  /** The resource speaks XEP-0353, so a call can be proposed to the bare JID first. */
  jmi: boolean;
}

/** The same set Conversations checks before it shows a call button (docs/reference/xep-rules.md §13). */
export function canTakeCall(features: ReadonlySet<string>, video: boolean): boolean {
  return requiredFeatures(video ? ['audio', 'video'] : ['audio']).every((f) => features.has(f));
}

/** Which of these resources can take the call, in the order given. */
export function callableResources(
  resources: ReadonlyArray<[fullJid: string, features: ReadonlySet<string> | undefined]>,
  video: boolean,
): CallCapability[] {
  return resources.flatMap(([jid, features]) =>
    features && canTakeCall(features, video) ? [{ jid, jmi: features.has(NS_JINGLE_MESSAGE_0) }] : [],
  );
}
