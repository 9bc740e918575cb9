// The lines of one m-section while a <content> is walked, bucketed so the output keeps a
// Chrome-like order no matter in which order the Jingle children arrive (XEP-0167 §4: any order).
export interface Section {
  media: string;
  isData: boolean;
  bundled: boolean;
  port: 9 | 0;
  proto: string | undefined;
  fmts: string[];
  info: string[];
  bandwidth: string[];
  ice: string[];
  iceOptions: string[];
  dtls: string[];
  setup: string | undefined;
  ext: { id: number; uri: string; config: string | undefined }[];
  extDir: Map<number, { direction: string | undefined; encrypt: string | undefined }>;
  attrs: string[];
  /** a=msid lines from StanzaJS's <stream/>, written only when ours carried none. */
  msidFallback: string[];
  rtp: string[];
  ssrc: string[];
  /** Per ssrc, the `name:value` bodies its a=ssrc lines carry (XEP-0339 repair, xep0339.ts). */
  ssrcAttrs: Map<number, string[]>;
  /** Every a=ssrc-group line written: its index in `ssrc` and its ssrcs, primary first. */
  ssrcGroups: { at: number; ids: number[] }[];
  sctp: string[];
  extra: string[];
  candidates: string[];
  tail: string[];
  rtcpMux: boolean;
  hasFingerprint: boolean;
  hasRtcpFb: boolean;
  hasCrypto: boolean;
  ptimes: (string | undefined)[];
  maxptimes: (string | undefined)[];
  descMaxptime: string | undefined;
  legacySctp: boolean;
  sctpNumber: number | undefined;
  sctpmapLine: string | undefined;
}

export const newSection = (media: string, isData: boolean, bundled: boolean): Section => ({
  media,
  isData,
  bundled,
  port: 9,
  proto: undefined,
  fmts: [],
  info: [],
  bandwidth: [],
  ice: [],
  iceOptions: [],
  dtls: [],
  setup: undefined,
  ext: [],
  extDir: new Map(),
  attrs: [],
  msidFallback: [],
  rtp: [],
  ssrc: [],
  ssrcAttrs: new Map(),
  ssrcGroups: [],
  sctp: [],
  extra: [],
  candidates: [],
  tail: [],
  rtcpMux: false,
  hasFingerprint: false,
  hasRtcpFb: false,
  hasCrypto: false,
  ptimes: [],
  maxptimes: [],
  descMaxptime: undefined,
  legacySctp: false,
  sctpNumber: undefined,
  sctpmapLine: undefined,
});

/** Session-level lines collected from `level='session'` elements of our namespace. */
export interface SessionExtras {
  lines: string[];
  bandwidth: string[];
  attrs: string[];
}
