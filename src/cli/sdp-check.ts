// The little SDP structure the CLI insists on before translating. sdp-transform accepts anything
// (a text file, an empty session) and sdpToJingle then prints an empty <jingle/>, which hides the
// mistake from the person debugging. RFC 8866 §5: every line is `<type>=<value>`, the first is v=0;
// a session without m= lines has nothing to become a Jingle <content> (XEP-0166 §7.3).

export class SdpSyntaxError extends Error {
  override readonly name = 'SdpSyntaxError';
}

const SDP_LINE = /^[a-z]=/;

export function checkSdp(sdp: string): void {
  const lines = sdp.replace(/^\uFEFF/, '').split('\n');
  let first = true;
  let media = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const shown = JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}…` : line);
    if (!SDP_LINE.test(line))
      throw new SdpSyntaxError(`SDP syntax error at line ${i + 1}: ${shown} is not a <type>=<value> line`);
    if (first && line !== 'v=0')
      throw new SdpSyntaxError(`SDP syntax error at line ${i + 1}: SDP starts with "v=0", not ${shown}`);
    first = false;
    if (line.startsWith('m=')) media = true;
  }
  if (!media)
    throw new SdpSyntaxError('SDP has no m= line, so there is no media to put in a Jingle <content>');
}
