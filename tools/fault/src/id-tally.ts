/** What a case counted: the figures every row of the report has, whatever the app. */
export interface Tally {
  /** Records the source was told were taken (2xx, a committed position, posts read...). */
  accepted: number;
  /** Records of this case in the topic, copies included. */
  inTopic: number;
  /** Accepted records that are not in the topic. */
  lost: number;
  /** Extra copies in the topic: a record there twice counts 1. */
  duplicated: number;
  /** Records in the topic that were never accepted (e.g. answered 503, or read after the count). */
  unaccepted: number;
  /** A few lost ids, to look up in the app's log. */
  lostSample: string[];
}

/** Counts `seen` (ids in the topic, in order, copies included) against the `accepted` ids. */
export function tallyIds(accepted: Iterable<string>, seen: Iterable<string>): Tally {
  const copies = new Map<string, number>();
  let inTopic = 0;
  for (const id of seen) {
    inTopic += 1;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  const acceptedSet = new Set(accepted);
  const lostIds = [...acceptedSet].filter((id) => !copies.has(id));
  let unaccepted = 0;
  for (const id of copies.keys()) if (!acceptedSet.has(id)) unaccepted += 1;
  return {
    accepted: acceptedSet.size,
    inTopic,
    lost: lostIds.length,
    duplicated: inTopic - copies.size,
    unaccepted,
    lostSample: lostIds.slice(0, 5),
  };
}

/** "1".."n" as strings: the ids of a source that numbers its records. */
export function sequence(from: number, to: number): string[] {
  const ids: string[] = [];
  for (let n = from; n <= to; n += 1) ids.push(String(n));
  return ids;
}
