// The echo@ call of tests/e2e/component-echo.test.ts over ejabberd 23.01 configured with the README
// snippet: JMI to echo@ through mod_carboncopy/mod_mam, Jingle IQs through the ejabberd_service
// (XEP-0114) listener, media and chat back from the component's werift echo.
import { describe } from 'vitest';
import { echoCallSuite } from '../support/echo-call.js';
import { EJABBERD_SKIP_REASON, hasEjabberd, startEjabberd } from '../support/ejabberd.js';

if (hasEjabberd()) {
  echoCallSuite('echo@ in Chromium over ejabberd', () => startEjabberd({ users: [['alice', 'pw']] }));
} else {
  console.warn(`skipping: ${EJABBERD_SKIP_REASON}`);
  describe.skip('echo@ in Chromium over ejabberd', () => undefined);
}
