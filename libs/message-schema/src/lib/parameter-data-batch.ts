import { type JsonMember, type JsonPiece, NULL_TEXT, utf8Bytes } from './json-text.js';
import type { PreparedRow, ValueKind } from './prepare-row.js';
import { envelopeBytes, wrapEnvelope } from './quix-envelope.js';
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

type Counts = Record<ColumnKind, number>;

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

  get rowCount(): number {
    return this.timestamps.length;
  }

  /** Envelope size with `row` added, or null if a name would change kind (Python merges them). */
  sizeWith(row: PreparedRow): number | null {
    const added: Counts = { numeric: 0, strings: 0, binary: 0, tags: 0 };
    let keyBytes = this.keyBytes;
    let filledBytes = this.filledBytes;
    for (const cell of row.cells) {
      const column = this.params.get(cell.name);
      if (column !== undefined && column.kind !== cell.kind) return null;
      if (column === undefined) {
        added[cell.kind]++;
        keyBytes += cell.key.bytes + 3;
      }
      filledBytes += cell.valueBytes;
    }
    for (const tag of row.tags) {
      if (!this.tags.has(tag.name)) {
        added.tags++;
        keyBytes += tag.key.bytes + 3;
      }
      filledBytes += tag.valueBytes;
    }
    const rows = this.rowCount + 1;
    let columnCount = 0;
    let separators = 0; // commas between the columns of one object
    for (const kind of COLUMN_KINDS) {
      const count = this.columns[kind].length + added[kind];
      columnCount += count;
      separators += Math.max(count - 1, 0);
    }
    const nulls = columnCount * rows - (this.filledCells + row.cells.length + row.tags.length);
    const payload =
      EMPTY_PAYLOAD_BYTES +
      this.timestampBytes + row.time.bytes + (rows - 1) +
      keyBytes + columnCount * (rows - 1) + separators +
      filledBytes + NULL_TEXT.length * nulls;
    return envelopeBytes('ParameterData', payload);
  }

  add(row: PreparedRow): void {
    const index = this.rowCount;
    if (index === 0) this.firstTimestamp = row.timestamp;
    this.timestamps.push(row.time.text);
    this.timestampBytes += row.time.bytes;
    for (const cell of row.cells) this.fill(this.params, cell.kind, cell, index);
    for (const tag of row.tags) this.fill(this.tags, 'tags', tag, index);
  }

  private fill(byName: Map<string, Column>, kind: ColumnKind, member: JsonMember, index: number): void {
    let column = byName.get(member.name);
    if (column === undefined) {
      column = { kind, key: member.key, cells: [] };
      byName.set(member.name, column);
      this.columns[kind].push(column);
      this.keyBytes += member.key.bytes + 3;
    }
    while (column.cells.length < index) column.cells.push(NULL_TEXT);
    column.cells.push(member.value);
    this.filledBytes += member.valueBytes;
    this.filledCells++;
  }

  /** The envelope holding every row added, columns in order of first appearance. */
  toMessage(): EncodedMessage {
    const rows = this.rowCount;
    let payload = `{"Timestamps":[${this.timestamps.join(',')}]`;
    for (const kind of COLUMN_KINDS) {
      const members = this.columns[kind].map((column) => {
        while (column.cells.length < rows) column.cells.push(NULL_TEXT);
        return `${column.key.text}:[${column.cells.join(',')}]`;
      });
      payload += `,"${PAYLOAD_KEYS[kind]}":{${members.join(',')}}`;
    }
    payload += '}';
    return {
      value: wrapEnvelope('ParameterData', payload, utf8Bytes(payload)),
      timestampMs: millisFromNanos(this.firstTimestamp),
      itemCount: rows,
    };
  }
}
