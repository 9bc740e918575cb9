// XEP-0215 parsing and the STUN/TURN -> RTCIceServer mapping live in the pure core, shared with the
// component that hands the same entries to call-link guests (src/jingle/extdisco.ts).
export {
  NS_EXTDISCO_1,
  NS_EXTDISCO_2,
  needsCredentials,
  parseServices,
  refreshDelay,
  sameService,
  toIceServers,
} from '../jingle/extdisco.js';
export type { ExtService, IceServer } from '../jingle/extdisco.js';
