// `npm start` (via scripts/start.mjs): prerequisites, one-instance lock, Prosody + coturn, demo
// accounts, the bridge component if built, and the web app; Ctrl-C stops all of it.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { buildWebApp } from './web-build.js';
import { acquireLock, StackLockedError } from './lock.js';
import { DEFAULTS, helpText, isLoopback, OptionError, parseOptions } from './options.js';
import { chooseRuntimeDir } from './runtime-dir.js';
import type { StartOptions } from './options.js';
import { claimPorts, PortInUseError } from './ports.js';
import { ensurePackages, STACK_PACKAGES } from './prereq.js';
import { PACKAGE_ROOT } from './prosody-config.js';
import { ServiceStartError } from './service.js';
import { componentLinkKey, startComponentProcess } from './component-process.js';
import type { ComponentExtras } from './component-process.js';
import { supervise } from './supervisor.js';
import { startWebServer } from './web.js';
import { startXmppStack } from './xmpp-stack.js';
import type { XmppStack } from './xmpp-stack.js';
import { demoAccounts } from './demo.js';
import { CLUSTER_PACKAGES, startClusterStack, type ClusterStack } from './cluster-stack.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string) => process.stderr.write(`npm start: ${line}\n`);

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let o: StartOptions;
  try {
    o = parseOptions(argv, env);
  } catch (e) {
    if (e instanceof OptionError) {
      fail(e.message);
      return 2;
    }
    throw e;
  }
  if (o.help) {
    say(helpText());
    return 0;
  }
  const t0 = performance.now();
  const external = o.xmppService !== undefined;
  if (!external) {
    const extra = (env.JB_EXTRA_PACKAGES ?? '').split(/\s+/).filter(Boolean); // lets tests simulate a missing package
    const cluster = o.cluster > 0 ? CLUSTER_PACKAGES : [];
    const pre = ensurePackages([...STACK_PACKAGES, ...cluster, ...extra], o.install, say);
    if (!pre.ok) {
      fail(pre.message);
      return 1;
    }
  }
  if (!isLoopback(o.host))
    say(`WARNING: --host ${o.host} is not loopback; this stack is insecure by design (docs/running.md).`);

  const choice = chooseRuntimeDir(
    o.runtimeDir === DEFAULTS.runtimeDir ? undefined : o.runtimeDir,
    PACKAGE_ROOT,
  );
  if ('error' in choice) {
    fail(choice.error);
    return 1;
  }
  if (choice.note) say(choice.note);
  const runtime = choice.dir;
  mkdirSync(runtime, { recursive: true });
  let unlock: () => void;
  try {
    unlock = acquireLock(`${runtime}/stack.lock`);
  } catch (e) {
    if (e instanceof StackLockedError) {
      fail(e.message);
      return 1;
    }
    throw e;
  }

  const cleanups: Array<() => Promise<void> | void> = [unlock];
  const stopAll = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  let signalled: ((s: string) => void) | undefined;
  const signal = new Promise<string>((r) => (signalled = r));
  const onSignal = (s: NodeJS.Signals) => signalled?.(s);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const [webPort, c2sPort, httpPort, componentPort, turnPort] = await claimPorts(o.host, [
      { what: 'web app HTTP', option: '--web-port / JB_WEB_PORT', port: o.webPort },
      ...(external || o.cluster > 0
        ? []
        : [
            { what: 'XMPP client-to-server', option: '--c2s-port / JB_C2S_PORT', port: o.c2sPort },
            { what: 'Prosody HTTP/WebSocket', option: '--http-port / JB_HTTP_PORT', port: o.httpPort },
            {
              what: 'XEP-0114 component',
              option: '--component-port / JB_COMPONENT_PORT',
              port: o.componentPort,
            },
            ...(o.turn
              ? [
                  {
                    what: 'TURN (UDP+TCP)',
                    option: '--turn-port / JB_TURN_PORT (or --no-turn)',
                    port: o.turnPort,
                    udp: true,
                  },
                ]
              : []),
          ]),
    ]);
    let stack: XmppStack | undefined;
    let cluster: ClusterStack | undefined;
    let componentNote = '';
    const accounts = demoAccounts(o.host);
    if (o.cluster > 0) {
      const key = componentLinkKey(`${runtime}/component-link-key`, env.JB_COMPONENT_LINK_KEY);
      if ('error' in key) throw new Error(key.error);
      cluster = await Promise.race([
        startClusterStack({
          dir: `${runtime}/cluster`,
          host: o.host,
          domain: o.domain,
          componentDomain: o.componentDomain,
          nodes: o.cluster,
          ports: {
            c2s: o.c2sPort,
            http: o.httpPort,
            component: o.componentPort,
            ...(o.turn ? { turn: o.turnPort } : {}),
          },
          linkKey: key.key,
          accounts,
          say,
        }),
        signal.then(() => undefined),
      ]);
      if (!cluster) throw new Interrupted();
      const c = cluster;
      cleanups.push(() => c.stop());
    } else if (!external) {
      stack = await Promise.race([
        startXmppStack({
          dir: runtime,
          host: o.host,
          domain: o.domain,
          componentDomain: o.componentDomain,
          ports: {
            c2s: c2sPort,
            http: httpPort,
            component: componentPort,
            ...(turnPort ? { turn: turnPort } : {}),
          },
          turn: o.turn,
        }),
        signal.then(() => undefined),
      ]);
      if (!stack) throw new Interrupted();
      const s = stack;
      // A server that dies is started again (same config, data and ports) instead of taking the web
      // app and the component down with it; the component reconnects with its own backoff.
      const { prosody: p0, coturn: c0 } = s.services();
      const prosodyWatch = supervise(p0, {
        name: 'Prosody',
        restart: async () => ({ service: await s.respawn('Prosody') }),
        report: say,
      });
      const coturnWatch =
        c0 &&
        supervise(c0, {
          name: 'coturn',
          restart: async () => ({ service: await s.respawn('coturn') }),
          report: say,
        });
      cleanups.push(async () => {
        await prosodyWatch.stop();
        await coturnWatch?.stop();
        await s.stop();
      });
      for (const a of accounts) s.register(a.user, a.password);
      for (const [i, a] of accounts.entries())
        for (const b of accounts.slice(i + 1)) s.makeContacts(a.user, b.user);
      // The bridge's echo service, so a newcomer can test microphone, camera and TURN at once.
      for (const a of accounts) s.addServiceContact(a.user, `echo@${s.prosody.componentDomain}`, 'Echo test');

      const key = componentLinkKey(`${runtime}/component-link-key`, env.JB_COMPONENT_LINK_KEY);
      if ('error' in key) throw new Error(key.error);
      const extras: ComponentExtras = { linkKey: key.key };
      const log = `${runtime}/component.log`;
      const started = await startComponentProcess(s.prosody, log, extras);
      const c = started.service;
      if (c) {
        const componentWatch = supervise(c, {
          name: 'component',
          restart: async () => {
            const again = await startComponentProcess(s.prosody, log, extras);
            if (!again.service) throw new Error(again.note);
            const state = again.connected ? 'connected' : 'not connected yet';
            return { service: again.service, note: `pid ${again.service.pid}, ${state}` };
          },
          report: say,
        });
        cleanups.push(() => componentWatch.stop());
      }
      componentNote = started.note;
    }

    const service = o.xmppService ?? stack?.wsUrl ?? cluster?.wsUrls[0] ?? '';
    const web = buildWebApp(PACKAGE_ROOT, `${runtime}/web-build.log`, say);
    const server: Server = await startWebServer({
      host: o.host,
      port: webPort ?? o.webPort,
      root: web.root,
      config: {
        service,
        ...(cluster ? { services: cluster.wsUrls } : {}),
        domain: o.domain,
        componentDomain: o.componentDomain,
      },
    });
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://${o.host}:${webPort}/`;

    say(`\njingle-bridge is running (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    say(`  web app     ${web.root ? url : `${url}config.json only: ${web.note}`}`);
    if (!cluster) say(`  XMPP        ${service}  (domain ${o.domain})`);
    if (cluster) {
      say(
        `  XMPP        ejabberd cluster of ${cluster.nodes.length} nodes (domain ${o.domain}), one line per node:`,
      );
      for (const line of cluster.lines()) say(line);
      say(
        `  TURN        ${cluster.turn ? `${o.host}:${cluster.turn.port} (coturn; credentials via XEP-0215)` : 'off (--no-turn)'}`,
      );
      say(
        `  link store  redis://${cluster.redis.host}:${cluster.redis.port} (single-use links, shared by the instances)`,
      );
      say(
        `  accounts    ${accounts.map((a) => `${a.user}@${o.domain} / ${a.password}`).join(', ')} (all mutual contacts, plus echo@${o.componentDomain} for test calls)`,
      );
      say(`  runtime     ${runtime}/cluster (logs: ejabberd/node-N/logs/ejabberd.log, component-N.log)`);
    } else if (stack) {
      const p = stack.prosody;
      say(`  c2s         ${o.host}:${p.c2sPort} (STARTTLS, self-signed certificate)`);
      say(`  component   ${p.componentDomain} on ${o.host}:${p.componentPort}: ${componentNote}`);
      say(
        `  TURN        ${stack.coturn ? `${o.host}:${stack.coturn.port} (coturn; credentials via XEP-0215)` : 'off (--no-turn)'}`,
      );
      say(
        `  accounts    ${accounts.map((a) => `${a.user}@${o.domain} / ${a.password}`).join(', ')} (all mutual contacts, plus echo@${stack.prosody.componentDomain} for test calls)`,
      );
      say(`  runtime     ${runtime} (logs: prosody/prosody.log, coturn/turnserver.log)`);
    } else say('  Prosody and coturn not started: the web app points at the --xmpp-service server.');
    say('Press Ctrl-C to stop.');

    const received = await signal;
    say(`\n${received}: stopping…`);
    await stopAll();
    say('stopped.');
    return 0;
  } catch (e) {
    await stopAll();
    if (e instanceof Interrupted) return 130;
    if (e instanceof PortInUseError || e instanceof ServiceStartError) {
      fail(e.message);
      return 1;
    }
    fail(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

class Interrupted extends Error {
  override readonly name = 'Interrupted';
}
