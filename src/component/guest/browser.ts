/// <reference lib="dom" />
// The guest page's script. It runs in the browser, so `guestMain` must not use anything from
// outside its own body: it is served as `(${guestMain})()` (guestScript below). Order of the guest
// protocol: hello -> ready -> offer -> ringing -> answer, candidates both ways, ended or error.

function guestMain(): void {
  const el = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
  const form = el<HTMLFormElement>('form');
  const nameInput = el<HTMLInputElement>('name');
  const callButton = el<HTMLButtonElement>('call');
  const hangupButton = el<HTMLButtonElement>('hangup');
  const remote = el<HTMLVideoElement>('remote');
  const local = el<HTMLVideoElement>('local');
  const status = el<HTMLParagraphElement>('status');
  const SIGNALING_LOST = 'Signaling lost, reconnecting…';
  const SIGNALING_GONE =
    'Signaling lost: the call server restarted. The call goes on, and your hang-up will reach the other side';
  const wsUrl = `${location.origin.replace(/^http/, 'ws')}${location.pathname.replace(/\/$/, '')}/ws`;

  let ws: WebSocket | undefined;
  let pc: RTCPeerConnection | undefined;
  let stream: MediaStream | undefined;
  let pending: RTCIceCandidateInit[] = [];
  let active = false;
  /** The answer is applied: media flows browser to browser, so the call outlives the socket. */
  let answered = false;
  /** From `answer`: lets a new socket hang this call up if this one breaks (docs/component.md). */
  let ticket: string | undefined;
  let queue: Promise<void> = Promise.resolve();

  const say = (text: string, isError = false): void => {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  };
  const send = (m: object): void => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
  };

  const finish = (text: string, isError: boolean): void => {
    if (!active) return;
    active = false;
    answered = false;
    pc?.close();
    pc = undefined;
    stream?.getTracks().forEach((t) => t.stop());
    stream = undefined;
    local.srcObject = null;
    remote.srcObject = null;
    ws?.close();
    ws = undefined;
    pending = [];
    callButton.disabled = false;
    nameInput.disabled = false;
    hangupButton.disabled = true;
    say(text, isError);
  };

  // `ready.iceServers` (docs/component.md): only well-formed stun:/turn:/turns: entries are kept, so a
  // bad entry costs that server, not the call (the constructor throws on any malformed one).
  const iceServersOf = (value: unknown): RTCIceServer[] =>
    (Array.isArray(value) ? (value as unknown[]) : []).flatMap((v): RTCIceServer[] => {
      const e = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
      const { urls, username, credential } = e;
      if (typeof urls !== 'string' || !/^(stun|turns?):\S+$/.test(urls)) return [];
      if (urls.startsWith('stun:')) return [{ urls }];
      return typeof username === 'string' && typeof credential === 'string'
        ? [{ urls, username, credential }]
        : [];
    });

  const placeCall = async (iceServers: RTCIceServer[]): Promise<void> => {
    const conn = new RTCPeerConnection({ bundlePolicy: 'balanced', iceServers });
    pc = conn;
    stream?.getTracks().forEach((t) => conn.addTrack(t, stream as MediaStream));
    conn.onicecandidate = (e) => {
      if (e.candidate === null) return;
      const c = e.candidate.toJSON();
      send({
        type: 'candidate',
        candidate: c.candidate ?? '',
        sdpMid: c.sdpMid ?? null,
        sdpMLineIndex: c.sdpMLineIndex ?? null,
        usernameFragment: c.usernameFragment ?? null,
      });
    };
    conn.ontrack = (e) => {
      remote.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    };
    conn.onconnectionstatechange = () => {
      if (conn.connectionState === 'failed') finish('The call lost its connection', true);
    };
    await conn.setLocalDescription(await conn.createOffer());
    send({ type: 'offer', sdp: conn.localDescription?.sdp ?? '' });
    say('Calling…');
  };

  const handle = async (m: { type?: unknown; [k: string]: unknown }): Promise<void> => {
    if (!active) return;
    switch (m.type) {
      case 'ready':
        return placeCall(iceServersOf(m['iceServers']));
      case 'ringing':
        return say('Ringing…');
      case 'answer':
        await pc?.setRemoteDescription({ type: 'answer', sdp: String(m['sdp']) });
        for (const c of pending) await pc?.addIceCandidate(c);
        pending = [];
        answered = true;
        ticket = typeof m['ticket'] === 'string' ? m['ticket'] : undefined;
        return say('In call');
      case 'candidate': {
        const c: RTCIceCandidateInit = {
          candidate: String(m['candidate']),
          sdpMid: m['sdpMid'] as string | null,
          sdpMLineIndex: m['sdpMLineIndex'] as number | null,
          usernameFragment: m['usernameFragment'] as string | null,
        };
        if (pc?.remoteDescription) await pc.addIceCandidate(c);
        else pending.push(c);
        return;
      }
      case 'ended':
        return finish(`Call ended: ${String(m['text'])}`, m['reason'] !== 'success');
      case 'error':
        return finish(`Error: ${String(m['message'])}`, true);
    }
  };

  const start = async (): Promise<void> => {
    const name = nameInput.value.trim();
    if (name === '') return say('Please enter your name.', true);
    active = true;
    callButton.disabled = true;
    nameInput.disabled = true;
    hangupButton.disabled = false;
    say('Starting camera and microphone…');
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    } catch {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch (err) {
        return finish(
          `Could not use your microphone: ${err instanceof Error ? err.message : String(err)}`,
          true,
        );
      }
    }
    if (!active) return;
    local.srcObject = stream;
    say('Connecting…');
    const socket = new WebSocket(wsUrl);
    socket.onopen = () => send({ type: 'hello', name });
    wire(socket);
  };

  const parse = (data: unknown): { type?: unknown; [k: string]: unknown } => {
    try {
      const v: unknown = JSON.parse(String(data));
      return typeof v === 'object' && v !== null ? (v as { type?: unknown }) : {};
    } catch {
      return {};
    }
  };

  /** Makes `socket` the call's signalling socket. */
  const wire = (socket: WebSocket): void => {
    ws = socket;
    socket.onmessage = (e) => {
      const m = parse(e.data);
      queue = queue
        .then(() => handle(m))
        .catch((err: unknown) =>
          finish(`Call failed: ${err instanceof Error ? err.message : String(err)}`, true),
        );
    };
    // Through the queue, so an 'ended' or 'error' received just before the close is shown instead.
    // In a call the media does not pass through the call server, so losing it (a crash, a restart,
    // a network cut) only loses signalling: the call goes on until a hang-up or ICE failure, and
    // the page tries to resume it on a new socket (docs/component.md).
    socket.onclose = () => {
      queue = queue.then(() => {
        if (ws !== socket) return;
        const state = pc?.connectionState;
        if (answered && state !== undefined && state !== 'failed' && state !== 'closed') {
          ws = undefined;
          say(SIGNALING_LOST, true);
          resume(0);
        } else finish('The connection to the call server was lost', true);
      });
    };
  };

  // A new socket per try, 1 s doubling up to 30 s, while the call lasts. `unknown-call` means the
  // call server restarted and lost the call: no more tries; a hang-up then goes out with the ticket.
  const resume = (attempt: number): void => {
    const t = ticket;
    if (!active || ws !== undefined || t === undefined) return;
    const s = new WebSocket(wsUrl);
    let done = false;
    s.onopen = () => s.send(JSON.stringify({ type: 'resume', ticket: t }));
    s.onmessage = (e) => {
      done = true;
      if (parse(e.data).type === 'resumed' && active && ws === undefined) {
        wire(s);
        return say('In call');
      }
      s.close();
      if (active) say(SIGNALING_GONE, true);
    };
    s.onclose = () => {
      if (!done && active && ws === undefined)
        setTimeout(() => resume(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
    };
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void start();
  });
  // After the signalling socket broke: a new socket per try, 1 s doubling, for about a minute, until
  // the (restarted) call server confirms with `ended`. A refusal (`error`) stops the tries.
  const hangupLater = (t: string, attempt = 0): void => {
    if (attempt > 6)
      return say('You hung up; the call server could not be reached to tell the other side', true);
    let settled = false;
    const s = new WebSocket(wsUrl);
    s.onopen = () => s.send(JSON.stringify({ type: 'hangup-call', ticket: t }));
    s.onmessage = (e) => {
      settled = true;
      let reply: { type?: unknown } = {};
      try {
        reply = JSON.parse(String(e.data)) as { type?: unknown };
      } catch {
        // Not ours: counts as not accepted.
      }
      const ok = reply.type === 'ended';
      say(ok ? 'You hung up' : 'You hung up; the call server did not accept the hang-up', !ok);
      s.close();
    };
    s.onclose = () => {
      if (!settled && !active) setTimeout(() => hangupLater(t, attempt + 1), 1000 * 2 ** attempt);
    };
  };

  hangupButton.addEventListener('click', () => {
    const lost = answered && ws === undefined ? ticket : undefined;
    send({ type: 'hangup' });
    finish(lost === undefined ? 'You hung up' : 'You hung up; telling the other side…', false);
    if (lost !== undefined) hangupLater(lost);
  });
}

/** The script as served at /guest.js. */
export function guestScript(): string {
  return `(${guestMain.toString()})();\n`;
}
