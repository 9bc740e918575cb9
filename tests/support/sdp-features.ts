// Feature tags of an SDP, derived from its text, for fixture manifests (tests/fixtures/sdp/*.json, the
// captures' manifests and the published fixtures' manifest.json, share one vocabulary). Each tag is one line pattern.
const FEATURES: readonly (readonly [string, RegExp])[] = [
  ['bundle', /^a=group:BUNDLE /m],
  ['extmap-allow-mixed', /^a=extmap-allow-mixed/m],
  ['audio', /^m=audio /m],
  ['video', /^m=video /m],
  ['datachannel', /^m=application .* webrtc-datachannel/m],
  ['sctp-port', /^a=sctp-port:/m],
  ['max-message-size', /^a=max-message-size:/m],
  ['rtx', /^a=rtpmap:\d+ rtx\//m],
  ['red', /^a=rtpmap:\d+ red\//m],
  ['ulpfec', /^a=rtpmap:\d+ ulpfec\//m],
  ['flexfec', /^a=rtpmap:\d+ flexfec-03\//m],
  ['ssrc-group-FID', /^a=ssrc-group:FID /m],
  ['simulcast-rid', /^a=simulcast:/m],
  ['media-level-msid', /^a=msid:/m],
  ['sendrecv', /^a=sendrecv/m],
  ['sendonly', /^a=sendonly/m],
  ['recvonly', /^a=recvonly/m],
  ['inactive', /^a=inactive/m],
  ['setup-actpass', /^a=setup:actpass/m],
  ['setup-active', /^a=setup:active/m],
  ['setup-passive', /^a=setup:passive/m],
  ['inline-candidates', /^a=candidate:/m],
  ['ipv6-candidates', /^a=candidate:.* ::1 /m],
  ['tcp-candidates', /^a=candidate:\S+ \d+ tcp /m],
  ['end-of-candidates', /^a=end-of-candidates/m],
  ['ice-options-trickle', /^a=ice-options:trickle/m],
  ['CRLF', /\r\n/],
];

export function sdpFeatures(sdp: string): string[] {
  return FEATURES.filter(([, pattern]) => pattern.test(sdp)).map(([name]) => name);
}
