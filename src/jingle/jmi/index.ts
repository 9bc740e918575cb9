// src/jingle/jmi: XEP-0353 Jingle Message Initiation: parse, build, one pure machine per call, and a
// per-device registry. Imports only the core's top-level files and ltx; like session/, it returns
// messages to send as data for the adapters.
export {
  acceptTo,
  finishTo,
  jmiToXml,
  payloadToXml,
  proceedTo,
  proposeTo,
  rejectTo,
  retractTo,
  ringingTo,
} from './build.js';
export type { JmiStanzaOptions } from './build.js';
export { createJmiDevice, EARLY_LIMIT, forgetJmiCall, stepJmiDevice } from './device.js';
export { JMI_DEDUP_WINDOW_MS, JMI_ENDED_LIMIT } from './retention.js';
export type { JmiDevice, JmiDeviceInput, JmiDeviceOptions, JmiDeviceStep } from './device.js';
export { chooseInitiation, offersDataChannel, requiredFeatures } from './fallback.js';
export type { InitiationChoice, KnownResource } from './fallback.js';
export { DEFAULT_RING_TIMEOUT_MS, startCallee, startCaller, stepJmi } from './machine.js';
export type { CalleeContext, CallerStart } from './machine.js';
export * from './model.js';
export { JMI_IGNORED, parseJmi } from './parse.js';
export type { JmiIgnored, JmiParseOptions, JmiParseResult } from './parse.js';
export { formatStamp, originTime, parseStamp } from './stamp.js';
export * from './state.js';
export { compareOctets, mediaWithin, winsTieBreak } from './tiebreak.js';
export type { Proposal } from './tiebreak.js';
