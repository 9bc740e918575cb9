import { PROGRAM } from './errors.js';

export const USAGE = `Usage:
  ${PROGRAM} sdp-to-jingle --role initiator|responder [--keep-tcp] [FILE|-]
  ${PROGRAM} jingle-to-sdp --role initiator|responder [--json] [FILE|-]
  ${PROGRAM} --help

Translates between SDP and Jingle (XEP-0166/0167/0176/0320/0338) the way jingle-bridge does on the
wire. Reads FILE, or standard input when FILE is "-" or absent; writes the result to standard output.

Commands:
  sdp-to-jingle   SDP in, indented <jingle xmlns='urn:xmpp:jingle:1'> out (contents and group;
                  no action or sid)
  jingle-to-sdp   a <jingle> element or a whole <iq> in, SDP out. A transport-info (or a Jingle
                  with no content that has an m-line) prints, per content, a=mid, a=ice-ufrag and
                  a=ice-pwd when present, and its a=candidate lines

Options:
  --role ROLE     the Jingle role of the party whose SDP this is (sdp-to-jingle) or that sent
                  the Jingle (jingle-to-sdp): initiator or responder
  --keep-tcp      sdp-to-jingle: keep TCP ICE candidates (dropped by default)
  --json          jingle-to-sdp: print the candidates as a JSON array of RTCIceCandidateInit
                  ({candidate, sdpMid, sdpMLineIndex, usernameFragment}) instead
  -h, --help      print this help

Exit codes: 0 success, 1 the input could not be read or translated, 2 bad command line.
`;
