export { sdpToJingle, type SdpToJingleOptions } from './toJingle.js';
export { jingleToSdp, type JingleToSdpOptions } from './toSdp.js';
export {
  candidateToJingle,
  candidatesFromJingle,
  type CandidateToJingleOptions,
  type IceCandidateInit,
} from './candidate.js';
export { Direction, directionOf, sendersOf } from './senders.js';
