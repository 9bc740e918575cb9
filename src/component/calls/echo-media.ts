// The echo service's media side on werift: a pure-TypeScript WebRTC stack, so the component needs no
// native binary, and it can hand RTP packets from a receiver straight to the same transceiver's sender
// (no decoding or encoding: the caller's own packets come back, re-stamped with our SSRC).
import { RTCPeerConnection, type MediaStreamTrack, type RTCRtpTransceiver } from 'werift';
import type { IceCandidateInit } from '../../jingle/sdp/index.js';

/** One echo call's media. The call layer owns signalling; this only speaks SDP and candidates. */
export interface EchoMedia {
  /** Applies the caller's offer and resolves with our answer (every offered m-line sendrecv). */
  answer(offer: string): Promise<string>;
  addCandidate(candidate: IceCandidateInit): Promise<void>;
  close(): void;
}

export interface EchoMediaEvents {
  /** A trickled local candidate; the call layer sends it in a transport-info. */
  candidate(candidate: IceCandidateInit): void;
  /** ICE or DTLS failed for good: the call cannot carry media. */
  failed(): void;
}

export type EchoMediaFactory = (events: EchoMediaEvents) => EchoMedia;

export interface WeriftEchoOptions {
  /**
   * The only address werift binds and advertises (its interface filter); `undefined` gathers on every
   * IPv4 interface, which is what a public deployment wants. Tests pass 127.0.0.1.
   */
  bindAddress?: string;
  /** UDP port range for ICE sockets, e.g. to match a firewall rule. */
  portRange?: [number, number];
  /** STUN/TURN servers for the echo's own candidates; none by default (werift's default is Google STUN). */
  iceServers?: { urls: string; username?: string; credential?: string }[];
  /** How often to ask the caller for a keyframe, so a late or lossy start still shows video. */
  keyframeIntervalMs?: number;
}

export function weriftEchoFactory(options: WeriftEchoOptions = {}): EchoMediaFactory {
  return (events) => new WeriftEcho(options, events);
}

class WeriftEcho implements EchoMedia {
  readonly #pc: RTCPeerConnection;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #wired = new WeakSet<RTCRtpTransceiver>();
  readonly #tracks = new WeakSet<MediaStreamTrack>();
  #closed = false;

  constructor(
    private readonly options: WeriftEchoOptions,
    private readonly events: EchoMediaEvents,
  ) {
    const bind = options.bindAddress;
    this.#pc = new RTCPeerConnection({
      iceServers: options.iceServers ?? [],
      iceUseIpv6: false,
      iceUseTcp: false,
      // werift skips loopback unless it is listed here; with the interface filter below it is then
      // the only host candidate, and the sockets bind to it rather than to 0.0.0.0.
      ...(bind === undefined
        ? {}
        : { iceAdditionalHostAddresses: [bind], iceInterfaceAddresses: { udp4: bind } }),
      ...(options.portRange === undefined ? {} : { icePortRange: options.portRange }),
    });
    // Tracks are announced while the offer is applied, so the wiring must exist before it.
    this.#pc.onRemoteTransceiverAdded.subscribe((t) => this.#wire(t));
    this.#pc.onDataChannel.subscribe((dc) => {
      dc.onMessage.subscribe((data) => {
        if (dc.readyState === 'open') dc.send(data);
      });
    });
    this.#pc.onIceCandidate.subscribe((c) => {
      if (c === undefined || this.#closed) return;
      const json = c.toJSON();
      if (json.candidate === undefined || json.candidate === '') return;
      events.candidate({
        candidate: json.candidate,
        sdpMid: json.sdpMid ?? null,
        sdpMLineIndex: json.sdpMLineIndex ?? null,
      });
    });
    this.#pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed' && !this.#closed) events.failed();
    });
  }

  async answer(offer: string): Promise<string> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: offer });
    for (const t of this.#pc.getTransceivers()) this.#wire(t);
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    const sdp = this.#pc.localDescription?.sdp;
    if (sdp === undefined) throw new Error('werift produced no local description');
    return sdp;
  }

  async addCandidate(c: IceCandidateInit): Promise<void> {
    if (this.#closed) return;
    await this.#pc.addIceCandidate({
      candidate: c.candidate,
      sdpMid: c.sdpMid ?? undefined,
      sdpMLineIndex: c.sdpMLineIndex ?? undefined,
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    void this.#pc.close().catch(() => {});
  }

  /** Received RTP goes back out on the same m-line; keyframe requests travel the other way. */
  #wire(t: RTCRtpTransceiver): void {
    if (this.#wired.has(t)) return;
    this.#wired.add(t);
    t.setDirection('sendrecv');
    for (const track of t.receiver.tracks) this.#echoTrack(t, track);
    t.onTrack.subscribe((track) => this.#echoTrack(t, track));
  }

  #echoTrack(t: RTCRtpTransceiver, track: MediaStreamTrack): void {
    if (this.#tracks.has(track)) return;
    this.#tracks.add(track);
    {
      track.onReceiveRtp.subscribe((rtp) => {
        if (!this.#closed) t.sender.sendRtp(rtp).catch(() => {});
      });
      if (track.kind !== 'video') return;
      const pli = (): void => {
        const ssrc = track.ssrc;
        if (!this.#closed && ssrc !== undefined) t.receiver.sendRtcpPLI(ssrc).catch(() => {});
      };
      // The caller's PLI asks *us* for a keyframe; only the caller's encoder can make one.
      t.sender.onPictureLossIndication.subscribe(pli);
      this.#timers.push(setInterval(pli, this.options.keyframeIntervalMs ?? 3000));
    }
  }
}
