-- jingle-bridge: merge mutual 'both' contacts into one user's roster file in Prosody's internal
-- storage, keeping whatever Prosody already stored there (other contacts, groups, pending requests).
-- Usage: lua5.4 roster-merge.lua <roster .dat file> <contact bare JID> <name> [<JID> <name> ...]
-- Prints the new file on stdout; src/stack/accounts.ts writes it atomically.
-- Layout (core/rostermanager.lua, 0.12): [false] = { version, pending }, then one item per JID.
package.path = "/usr/lib/prosody/?.lua;" .. package.path
package.cpath = "/usr/lib/prosody/?.so;" .. package.cpath
local serialize = require "util.serialization".serialize

local roster = {}
local loaded = loadfile(arg[1], "t", {})
if loaded then roster = loaded() or {} end

local meta = roster[false] or {}
meta.pending = meta.pending or {}
-- A new version makes clients with roster versioning (RFC 6121 §2.6) fetch the change.
meta.version = (tonumber(meta.version) or 0) + 1
roster[false] = meta

for i = 2, #arg, 2 do
	local jid = arg[i]
	local item = roster[jid] or { groups = {} }
	item.subscription = "both"
	item.ask = nil
	item.name = item.name or arg[i + 1]
	meta.pending[jid] = nil
	roster[jid] = item
end

io.write("return ", serialize(roster), ";\n")
