// Lua literals for Prosody's config file and its internal storage files (util.serialization reads
// any Lua table constructor, so we only need strings, numbers, booleans and tables).

export type LuaValue = string | number | boolean | null | LuaTable;
export interface LuaTable {
  readonly entries: ReadonlyArray<readonly [key: string | false, value: LuaValue]>;
}

/** A quoted Lua string; every byte outside printable ASCII becomes a decimal escape. */
export function luaString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return out + '"';
}

export function luaTable(entries: LuaTable['entries']): LuaTable {
  return { entries };
}

export function luaValue(v: LuaValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return luaString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`luaValue: ${v} has no Lua literal`);
    return String(v);
  }
  const parts = v.entries.map(([k, val]) => `[${k === false ? 'false' : luaString(k)}] = ${luaValue(val)};`);
  return `{ ${parts.join(' ')} }`;
}
