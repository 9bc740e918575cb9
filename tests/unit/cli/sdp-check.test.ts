import { describe, expect, it } from 'vitest';
import { SdpSyntaxError, checkSdp } from '../../../src/cli/sdp-check.js';

const errorOf = (sdp: string): string | undefined => {
  try {
    checkSdp(sdp);
    return undefined;
  } catch (err) {
    if (err instanceof SdpSyntaxError) return err.message;
    throw err;
  }
};

describe('checkSdp', () => {
  it.each([
    ['v=0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n', undefined],
    ['\uFEFFv=0\nm=audio 9 RTP/AVP 0', undefined],
    ['\r\n\r\nv=0\r\n\r\nm=audio 9 RTP/AVP 0\r\n\r\n', undefined],
    ['v=0\r\ns=-\r\n', 'SDP has no m= line, so there is no media to put in a Jingle <content>'],
    ['', 'SDP has no m= line, so there is no media to put in a Jingle <content>'],
    ['<jingle/>', 'SDP syntax error at line 1: "<jingle/>" is not a <type>=<value> line'],
    ['v=1\r\nm=audio 9 RTP/AVP 0', 'SDP syntax error at line 1: SDP starts with "v=0", not "v=1"'],
    [
      '\nv=0\nM=audio 9 RTP/AVP 0',
      'SDP syntax error at line 3: "M=audio 9 RTP/AVP 0" is not a <type>=<value> line',
    ],
    [
      `v=0\na=${'x'.repeat(60)}\n m=audio`,
      'SDP syntax error at line 3: " m=audio" is not a <type>=<value> line',
    ],
    [`${'y'.repeat(50)}=`, `SDP syntax error at line 1: "${'y'.repeat(40)}…" is not a <type>=<value> line`],
  ])('%j', (sdp, message) => {
    expect(errorOf(sdp)).toEqual(message);
  });
});
