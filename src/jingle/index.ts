// The public surface of the pure core. Keep it small (docs/reference/house-style.md §11.2.10).
export * from './constants.js';
export * from './ns.js';
export * from './reason.js';
export { InvalidStateError, JingleParseError } from './errors.js';
export * from './sdp/index.js';
