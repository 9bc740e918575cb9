// src/jingle/sdp: SDP <-> Jingle. rows.ts is the mapping table; toJingle.ts and toSdp.ts walk it;
// senders.ts maps directions; candidate.ts converts single trickled candidates; fast-parse.ts is
// sdp-transform's parse(), faster. It imports xml/ (the rows' homes) and the core's top-level files;
// nothing in xml/ imports it back. docs/sdp-mapping.md describes every row.
export { sdpToJingle, type SdpToJingleOptions } from './toJingle.js';
export { jingleToSdp, type JingleToSdpOptions } from './toSdp.js';
export {
  candidateToJingle,
  candidatesFromJingle,
  transportsFromJingle,
  type CandidateToJingleOptions,
  type IceCandidateInit,
  type IceTransportUpdate,
} from './candidate.js';
export { Direction, directionOf, sendersOf } from './senders.js';
export { parseSdp } from './fast-parse.js';
