import type { DecodedPackage, EventRecord, TimeseriesColumns } from '@quix-connectors/message-schema';

/** The SDK type names the Reader API put in `PackageReceived.type`. */
export const TIMESERIES_TYPE = 'QuixStreams.Telemetry.Models.TimeseriesDataRaw';
export const EVENTS_TYPE = 'QuixStreams.Telemetry.Models.EventDataRaw[]';

/** Nanoseconds as a JSON number: exact below 2^53, nearest double above (as the Reader API sent them). */
const nanos = (t: bigint) => Number(t);

/**
 * A package's `value`: its JSON text in the quix format's PascalCase, so pages written for the
 * Reader API (`JSON.parse(data.value)[0].Value` for events) work unchanged.
 */
export function packageValue(decoded: Extract<DecodedPackage, { kind: 'timeseries' | 'events' }>): { type: string; value: string } {
  if (decoded.kind === 'events') {
    return { type: EVENTS_TYPE, value: JSON.stringify(decoded.events.map((e) => ({ Timestamp: nanos(e.timestamp), Tags: e.tags ?? {}, Id: e.id, Value: e.value }))) };
  }
  const d = decoded.data;
  return {
    type: TIMESERIES_TYPE,
    value: JSON.stringify({ Epoch: 0, Timestamps: d.timestamps.map(nanos), NumericValues: d.numericValues, StringValues: d.stringValues, BinaryValues: d.binaryValues, TagValues: d.tagValues }),
  };
}

/** `ParameterDataReceived`'s payload for one parameter: the rows that carry it. */
export function parameterData(topicName: string, streamId: string, data: TimeseriesColumns, parameterId: string | undefined) {
  const pick = <T>(columns: Record<string, T[]>) => {
    if (parameterId === undefined) return columns;
    const out: Record<string, T[]> = {};
    if (parameterId in columns) out[parameterId] = columns[parameterId] as T[];
    return out;
  };
  return {
    topicName,
    streamId,
    timestamps: data.timestamps.map(nanos),
    numericValues: pick(data.numericValues),
    stringValues: pick(data.stringValues),
    binaryValues: pick(data.binaryValues),
    tagValues: data.tagValues,
  };
}

export const hasParameter = (data: TimeseriesColumns, id: string) => id in data.numericValues || id in data.stringValues || id in data.binaryValues;

/** `EventDataReceived`'s payload for one event. */
export function eventData(topicName: string, streamId: string, event: EventRecord) {
  return { topicName, streamId, id: event.id, timestamp: nanos(event.timestamp), value: event.value, tags: event.tags ?? {} };
}
