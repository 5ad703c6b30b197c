/**
 * Type parsers shared by both engines, keyed by PostgreSQL type oid: what a column of that type
 * becomes in JavaScript. Dates and timestamps stay text so no time zone ever touches them.
 */
export const PG_TYPE = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamptz: 1184,
  timestamp: 1114,
  int8Array: 1016,
} as const;

/** A timestamp PostgreSQL printed in UTC (a session in UTC), up to microseconds. */
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

export function parseTimestamptz(text: string): string {
  // PostgreSQL prints "2026-11-21 04:05:06.789+00"; normalise to ISO-8601 UTC with milliseconds,
  // sub-millisecond digits dropped as Date drops them. In UTC that is a rearrangement of the text.
  const utc = UTC_TIMESTAMP.exec(text);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}

function parseInt8Array(text: string): bigint[] {
  const inner = text.slice(1, -1);
  return inner === '' ? [] : inner.split(',').map((v) => BigInt(v));
}

export const typeParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_TYPE.int8]: (text) => BigInt(text),
  [PG_TYPE.numeric]: (text) => text,
  [PG_TYPE.date]: (text) => text,
  [PG_TYPE.timestamptz]: parseTimestamptz,
  [PG_TYPE.timestamp]: (text) => text,
  [PG_TYPE.int8Array]: parseInt8Array,
};
