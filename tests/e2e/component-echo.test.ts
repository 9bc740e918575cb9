// Alice in Chromium (the bundled client library) calls echo@ on our component over Prosody and gets
// her own camera, microphone and chat message back (the suite is tests/support/echo-call.ts, shared
// with tests/e2e/ejabberd-echo.test.ts).
import { echoCallSuite } from '../support/echo-call.js';
import { startProsody } from '../support/prosody.js';

echoCallSuite('echo@ in Chromium', () => startProsody({ users: [['alice', 'pw']] }));
