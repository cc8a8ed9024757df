import { type JsonMember, type JsonPiece, NULL_TEXT, utf8Bytes } from './json-text.js';
import type { PreparedRow, ValueKind } from './prepare-row.js';
import { EnvelopeWriter, envelopeBytes } from './quix-envelope.js';
import { millisFromNanos } from './time.js';
import type { EncodedMessage } from './types.js';

type ColumnKind = ValueKind | 'tags';

const COLUMN_KINDS: readonly ColumnKind[] = ['numeric', 'strings', 'binary', 'tags'];
const PAYLOAD_KEYS: Record<ColumnKind, string> = {
  numeric: 'NumericValues',
  strings: 'StringValues',
  binary: 'BinaryValues',
  tags: 'TagValues',
};
/** One bit per kind, so a row's check can tell cheaply which objects have any column. */
const KIND_BITS: Record<ColumnKind, number> = { numeric: 1, strings: 2, binary: 4, tags: 8 };

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/** `{"Timestamps":[],"NumericValues":{},"StringValues":{},"BinaryValues":{},"TagValues":{}}` */
const EMPTY_PAYLOAD_BYTES = utf8Bytes(
  `{"Timestamps":[]${COLUMN_KINDS.map((k) => `,"${PAYLOAD_KEYS[k]}":{}`).join('')}}`,
);

interface Column {
  kind: ColumnKind;
  key: JsonPiece;
  /** Value texts by row; rows the column has not reached yet are padded with null when written. */
  cells: string[];
}

/**
 * Rows collected into one ParameterData payload. Its size is a formula over a few running totals,
 * so "would this row still fit?" costs O(values in the row), never a re-encode of the batch.
 * A column `"name":[c0,...]` over n rows is key + 3 bytes, n-1 commas and n cells, where a cell
 * no row filled is `null` (4 bytes).
 */
export class ParameterDataBatch {
  private readonly timestamps: string[] = [];
  private firstTimestamp = 0n;
  private timestampBytes = 0;
  private readonly params = new Map<string, Column>();
  private readonly tags = new Map<string, Column>();
  private readonly columns: Record<ColumnKind, Column[]> = { numeric: [], strings: [], binary: [], tags: [] };
  private keyBytes = 0; // sum over columns of key + 3
  private filledBytes = 0; // bytes of the cells rows filled
  private filledCells = 0;
  private payloadBytes = EMPTY_PAYLOAD_BYTES;
  /** The columns of the row measure() last saw (cells, then tags); undefined where it opens one. */
  private readonly found: (Column | undefined)[] = [];

  get rowCount(): number {
    return this.timestamps.length;
  }

  /** Envelope size with `row` added, or null if a name would change kind (Python merges them). */
  sizeWith(row: PreparedRow): number | null {
    const payload = this.measure(row);
    return payload === null ? null : envelopeBytes('ParameterData', payload);
  }

  /** Adds `row` if the envelope stays within maxBytes and no name changes kind; else leaves the batch as it was. */
  tryAdd(row: PreparedRow, maxBytes: number): boolean {
    const payload = this.measure(row);
    if (payload === null || envelopeBytes('ParameterData', payload) > maxBytes) return false;
    this.commit(row, payload);
    return true;
  }

  /** Payload size with `row` added (null on a kind change); remembers the row's columns in `found`. */
  private measure(row: PreparedRow): number | null {
    const found = this.found;
    found.length = 0;
    let keyBytes = this.keyBytes;
    let filledBytes = this.filledBytes;
    let columnCount = this.params.size + this.tags.size;
    let kinds = 0; // KIND_BITS of the objects that will have a column
    for (const kind of COLUMN_KINDS) if (this.columns[kind].length > 0) kinds |= KIND_BITS[kind];
    for (const cell of row.cells) {
      const column = this.params.get(cell.name);
      if (column === undefined) {
        columnCount++;
        keyBytes += cell.key.bytes + 3;
        kinds |= KIND_BITS[cell.kind];
      } else if (column.kind !== cell.kind) {
        return null;
      }
      found.push(column);
      filledBytes += cell.valueBytes;
    }
    for (const tag of row.tags) {
      const column = this.tags.get(tag.name);
      if (column === undefined) {
        columnCount++;
        keyBytes += tag.key.bytes + 3;
        kinds |= KIND_BITS.tags;
      }
      found.push(column);
      filledBytes += tag.valueBytes;
    }
    const rows = this.rowCount + 1;
    const separators = columnCount - bitCount(kinds); // commas between the columns of one object
    const nulls = columnCount * rows - (this.filledCells + row.cells.length + row.tags.length);
    return (
      EMPTY_PAYLOAD_BYTES +
      this.timestampBytes + row.time.bytes + (rows - 1) +
      keyBytes + columnCount * (rows - 1) + separators +
      filledBytes + NULL_TEXT.length * nulls
    );
  }

  /** Adds the row measure() just saw, whose payload size it returned. */
  private commit(row: PreparedRow, payloadBytes: number): void {
    const index = this.rowCount;
    if (index === 0) this.firstTimestamp = row.timestamp;
    this.timestamps.push(row.time.text);
    this.timestampBytes += row.time.bytes;
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      this.fill(this.found[i] ?? this.open(this.params, cells[i].kind, cells[i]), cells[i], index);
    }
    for (let i = 0; i < row.tags.length; i++) {
      this.fill(this.found[cells.length + i] ?? this.open(this.tags, 'tags', row.tags[i]), row.tags[i], index);
    }
    this.payloadBytes = payloadBytes;
  }

  private open(byName: Map<string, Column>, kind: ColumnKind, member: JsonMember): Column {
    const column: Column = { kind, key: member.key, cells: [] };
    byName.set(member.name, column);
    this.columns[kind].push(column);
    this.keyBytes += member.key.bytes + 3;
    return column;
  }

  private fill(column: Column, member: JsonMember, index: number): void {
    while (column.cells.length < index) column.cells.push(NULL_TEXT);
    column.cells.push(member.value);
    this.filledBytes += member.valueBytes;
    this.filledCells++;
  }

  /** The envelope holding every row added, columns in order of first appearance. */
  toMessage(): EncodedMessage {
    const rows = this.rowCount;
    const out = new EnvelopeWriter('ParameterData', this.payloadBytes);
    out.write(`{"Timestamps":[${this.timestamps.join(',')}]`);
    for (const kind of COLUMN_KINDS) {
      out.write(`,"${PAYLOAD_KEYS[kind]}":{`);
      this.columns[kind].forEach((column, i) => {
        while (column.cells.length < rows) column.cells.push(NULL_TEXT);
        out.write(`${i === 0 ? '' : ','}${column.key.text}:[${column.cells.join(',')}]`);
      });
      out.write('}');
    }
    out.write('}');
    return { value: out.finish(), timestampMs: millisFromNanos(this.firstTimestamp), itemCount: rows };
  }
}
