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
