-- jingle-bridge: the Prosody 0.12 configuration that `npm start` and the test harness run.
--
-- INSECURE BY DESIGN: THESE DEFAULTS ARE ONLY SAFE ON LOOPBACK.
-- Passwords travel as PLAIN over ws:// (consider_websocket_secure), the certificate is self-signed,
-- the component secret and the TURN secret are generated per runtime folder, and every listener is
-- bound to the loopback address below. Do not expose this server; prosody/README.md says what a real deployment needs.
--
-- This file is a template: src/stack/prosody-config.ts replaces each double-braced placeholder with a Lua literal
-- and refuses to render if one is missing. Nothing else is changed.

---------- Process and files: everything lives inside the runtime folder ----------
pidfile = {{PIDFILE}}
data_path = {{DATA_PATH}}
log = { [{{LOG_LEVEL}}] = {{LOG_FILE}} }
certificates = {{CERTS_DIR}}
ssl = { certificate = {{CERT_FILE}}; key = {{KEY_FILE}} }

---------- Network: loopback only, our ports, no federation ----------
interfaces = { {{HOST}} }
local_interfaces = { {{HOST}} }
c2s_interfaces = { {{HOST}} }
http_interfaces = { {{HOST}} }
https_interfaces = { {{HOST}} }
component_interfaces = { {{HOST}} }
c2s_ports = { {{C2S_PORT}} }
c2s_direct_tls_ports = { }
http_ports = { {{HTTP_PORT}} }
https_ports = { }
component_ports = { {{COMPONENT_PORT}} }
s2s_ports = { }
s2s_direct_tls_ports = { }
-- TCP_NODELAY on every socket (server_epoll, Prosody 0.12+): Jingle signaling is latency-bound and a
-- 12 kB session-initiate otherwise waits 20-35 ms per hop for Nagle's algorithm (docs/benchmarks.md,
-- "Call setup"). Costs no extra bytes worth counting: stanzas are written whole anyway.
network_settings = { nagle = false }
-- s2s is auto-loaded by Prosody; a demo/test server never federates.
modules_disabled = { "s2s" }
-- Requests for http://127.0.0.1:<port>/ carry no virtual host name.
http_default_host = {{DOMAIN}}

---------- Authentication ----------
authentication = "internal_hashed"
-- The browser build of @xmpp/client only does PLAIN; Prosody offers no mechanism over ws:// unless
-- the WebSocket counts as secure. True here because it is loopback (or behind a TLS proxy).
consider_websocket_secure = true
-- In-band registration (XEP-0077) stays off: accounts are written by src/stack/accounts.ts.
allow_registration = false

---------- Modules (all built into Prosody 0.12, no prosody-modules needed) ----------
modules_enabled = {
	-- The basics
	"roster"; -- RFC 6121 rosters and subscriptions (demo accounts are mutual contacts)
	"saslauth"; -- authentication
	"tls"; -- STARTTLS on c2s for native clients
	"disco"; -- XEP-0030; clients discover the component and the TURN service this way
	"ping"; -- XEP-0199
	"time"; "version"; "uptime";
	"private"; "pep"; "blocklist"; "vcard_legacy";
	-- What WebRTC calling over XMPP needs
	"websocket"; -- RFC 7395 at http://127.0.0.1:<http port>/xmpp-websocket
	"smacks"; -- XEP-0198: a call survives a short network loss (resume, no lost transport-info)
	"carbons"; -- XEP-0280: JMI (XEP-0353) propose/accept/reject reach every device of the user
	"mam"; -- XEP-0313: missed-call detection from archived JMI proposes
	"csi_simple"; -- XEP-0352
	"external_services"; -- XEP-0215: STUN/TURN discovery
	{{TURN_MODULE}}
}

-- XEP-0198: how long a dropped session waits to be resumed.
smacks_hibernation_time = {{SMACKS_HIBERNATION}}

-- XEP-0313: archive one-to-one messages (including JMI) by default.
default_archive_policy = true
archive_expires_after = "1w"

---------- Storage ----------
-- Accounts, rosters and everything small stay in internal storage (src/stack/accounts.ts writes
-- those files); message archives go to SQLite (Debian's lua-dbi-sqlite3). The internal store
-- caps an archive at 10,000 items and, past the cap, loads and rewrites the whole file before
-- each new message: one account sending ~12,000 large messages stalled the server for everyone
-- (docs/reliability.md, "Archive storage"). In SQL, appending and trimming are indexed statements.
default_storage = "internal"
storage = { archive = "sql" }
sql = { driver = "SQLite3"; database = "archive.sqlite" }
-- Per-account cap, trimmed oldest first (mod_mam truncates to 99 %). Missed-call detection only
-- reads recent proposes, and the cap bounds what one account can make the server keep.
storage_archive_item_limit = 10000

-- XEP-0215 via mod_turn_external: time-limited TURN REST credentials (user = expiry:jid,
-- password = base64(HMAC-SHA1(secret, user))), the scheme coturn's use-auth-secret checks.
turn_external_secret = {{TURN_SECRET}}
turn_external_host = {{TURN_HOST}}
turn_external_port = {{TURN_PORT}}
turn_external_ttl = 86400

VirtualHost {{DOMAIN}}

-- XEP-0114: the jingle-bridge component connects here with this secret.
Component {{COMPONENT_DOMAIN}}
	component_secret = {{COMPONENT_SECRET}}
