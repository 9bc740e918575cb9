// The guest page and the refusal pages. Nothing here is built from request data: the page's script
// reads the token from its own URL and writes only with textContent (guest/browser.ts).
import { guestScript } from './browser.js';
import type { LinkProblem } from '../token.js';

export const GUEST_CSS = `
:root { color-scheme: light dark; --accent: #2563eb; --bad: #b91c1c; font-family: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { width: min(100%, 40rem); padding: 1.25rem; display: grid; gap: 1rem; }
h1 { font-size: 1.4rem; margin: 0; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
label { display: grid; gap: .25rem; flex: 1 1 12rem; font-weight: 600; }
input { font: inherit; padding: .6rem .7rem; border: 1px solid GrayText; border-radius: .5rem; }
button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: .5rem; color: white; background: var(--accent); cursor: pointer; }
button[disabled] { opacity: .45; cursor: default; }
#hangup { background: var(--bad); }
.videos { position: relative; background: #111; border-radius: .75rem; overflow: hidden; aspect-ratio: 4 / 3; }
.videos video { display: block; width: 100%; height: 100%; object-fit: cover; }
#local { position: absolute; right: .5rem; bottom: .5rem; width: 28%; height: auto; aspect-ratio: 4 / 3; border: 2px solid white; border-radius: .4rem; }
#status { margin: 0; min-height: 1.5em; }
#status.error { color: var(--bad); font-weight: 600; }
`;

const head = (title: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<meta name="referrer" content="no-referrer"><title>${title}</title><link rel="stylesheet" href="/guest.css"></head>`;

export function callPage(): string {
  return `${head('Call')}<body><main>
<h1>Call</h1>
<form id="form">
<label for="name">Your name<input id="name" name="name" autocomplete="name" maxlength="64" required></label>
<button id="call" type="submit">Call</button>
<button id="hangup" type="button" disabled>Hang up</button>
</form>
<div class="videos"><video id="remote" aria-label="Remote video" autoplay playsinline></video>
<video id="local" aria-label="Your camera" autoplay playsinline muted></video></div>
<p id="status" role="status" aria-live="polite">Enter your name and press Call.</p>
</main><script type="module" src="/guest.js"></script></body></html>`;
}

/** Plain words for each refusal (issue #6: say which of the three). */
export const REFUSALS: Record<LinkProblem, { title: string; text: string }> = {
  expired: { title: 'This call link has expired', text: 'Ask the person who sent it for a new link.' },
  forged: {
    title: 'This call link is not valid',
    text: 'It was not made by this server, or it was changed or cut off when copied. Check that you have the whole link.',
  },
  used: {
    title: 'This call link has already been used',
    text: 'It was made for one call only. Ask the person who sent it for a new link.',
  },
};

export function refusalPage(problem: LinkProblem): string {
  const r = REFUSALS[problem];
  return `${head(r.title)}<body><main><h1>${r.title}</h1><p>${r.text}</p></main></body></html>`;
}

export function simplePage(title: string, text: string): string {
  return `${head(title)}<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
}

export { guestScript };
