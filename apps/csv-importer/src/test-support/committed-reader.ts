// Every committed message of a topic (read_committed, ended by per-partition markers): the
// testing lib's reader, which these tests use after the importer has exited.
export { readCommitted } from '@quix-connectors/testing';
