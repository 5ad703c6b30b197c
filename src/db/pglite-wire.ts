/**
 * One wire-protocol exchange with PGlite, framed and parsed by pg-protocol (node-postgres's protocol
 * package) rather than by PGlite's own parser.
 *
 * PGlite parses every reply as it arrives: it copies the reply, then copies each field out of it again
 * before decoding it (measured: about a fifth of the default demo's CPU, with the garbage it leaves).
 * Here the raw reply is taken through `execProtocolRawStream`, copied once out of the WebAssembly
 * memory, and parsed by pg-protocol, which decodes each field straight from that copy.
 *
 * Rows are built as PGlite's `query` builds them: an object per row keyed by column name, each value
 * null or passed through the parser registered for its type oid (PGlite's defaults and ours), else
 * left as the text PostgreSQL printed. An ErrorResponse is thrown, after the whole reply is read, as
 * pg-protocol's `DatabaseError` (SQLSTATE in `code`), as PGlite and node-postgres both do.
 */
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';
import type { BackendMessage, CommandCompleteMessage, DataRowMessage, ParameterDescriptionMessage, RowDescriptionMessage } from 'pg-protocol/dist/messages';
import { Parser } from 'pg-protocol/dist/parser';

export { serialize };

/** A type oid's parser: the printed text in, the JavaScript value out. */
export type TypeParsers = Record<number, ((text: string, typeId: number) => unknown) | undefined>;

export interface ResultSet {
  readonly rows: Record<string, unknown>[];
  /** The command tag's verb: SELECT, INSERT, COMMIT, ROLLBACK … */
  readonly command: string | undefined;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  return Buffer.concat(parts);
}

/** Sends the messages in one trip and returns the backend's replies; throws the first error reply. */
export async function exchange(pglite: PGlite, parts: readonly Uint8Array[]): Promise<BackendMessage[]> {
  const parser = new Parser();
  const messages: BackendMessage[] = [];
  let error: unknown;
  const onMessage = (message: BackendMessage): void => {
    if (message.name === 'error') error ??= message;
    else messages.push(message);
  };
  // The chunk is a view into the WebAssembly memory, reused by the next write: copy it out.
  await pglite.execProtocolRawStream(concat(parts), { syncToFs: false, onRawData: (chunk) => parser.parse(Buffer.from(chunk), onMessage) });
  if (error !== undefined) throw error;
  return messages;
}

/** The parameter types a Describe (statement) reply names. */
export function parameterTypes(messages: readonly BackendMessage[]): number[] {
  const description = messages.find((m): m is ParameterDescriptionMessage => m.name === 'parameterDescription');
  return description ? description.dataTypeIDs : [];
}

export function rowDescriptionOf(messages: readonly BackendMessage[]): RowDescriptionMessage | null {
  return messages.find((m): m is RowDescriptionMessage => m.name === 'rowDescription') ?? null;
}

/**
 * The first result of a reply: its rows, shaped by `description` (or by a RowDescription in the
 * reply itself), up to the first CommandComplete.
 */
export function firstResult(messages: readonly BackendMessage[], description: RowDescriptionMessage | null, parsers: TypeParsers): ResultSet {
  let names: string[] = [];
  let columnParsers: (((text: string, typeId: number) => unknown) | undefined)[] = [];
  let types: number[] = [];
  let plain = true;
  const describe = (d: RowDescriptionMessage): void => {
    names = d.fields.map((f) => f.name);
    // An assignment to a key named __proto__ would set the prototype instead of a property.
    plain = !names.includes('__proto__');
    types = d.fields.map((f) => f.dataTypeID);
    columnParsers = types.map((t) => parsers[t]);
  };
  if (description) describe(description);
  const rows: Record<string, unknown>[] = [];
  for (const m of messages) {
    if (m.name === 'rowDescription') describe(m as RowDescriptionMessage);
    else if (m.name === 'dataRow') {
      const fields = (m as DataRowMessage).fields as (string | null)[];
      const values = fields.map((text, i) => {
        const parse = columnParsers[i];
        return text === null ? null : parse ? parse(text, types[i] as number) : text;
      });
      if (!plain) rows.push(Object.fromEntries(values.map((v, i) => [names[i], v])));
      else {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < values.length; i++) row[names[i] as string] = values[i];
        rows.push(row);
      }
    } else if (m.name === 'commandComplete') return { rows, command: (m as CommandCompleteMessage).text.split(' ')[0] };
  }
  return { rows, command: undefined };
}
