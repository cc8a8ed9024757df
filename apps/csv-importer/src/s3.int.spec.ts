import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { createTestTopic, readBack, readCommitted, testBrokers } from '@quix-connectors/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { runImporter } from './test-support/run-importer.js';
import { startS3Server, type S3Server } from './test-support/s3-server.js';
import { numberedCsv } from './test-support/torture.js';
import { zipOf } from './test-support/zip-writer.js';

// The built app reading s3:// objects from a real S3-compatible server (moto), with the AWS SDK
// on both sides: exactly once across a kill -9, and folder mode's done/ and error/ as prefixes.

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
}, 600_000); // the first run installs moto into the interop venv
afterAll(async () => {
  await s3?.stop();
});

const brokers = () => testBrokers().join(',');
const sequence = (n: number, start = 0) => [...Array(n).keys()].map((i) => i + start);
const idsIn = async (topic: string) => (await readCommitted(testBrokers(), topic)).map((m) => (JSON.parse(m.value.toString()) as { id: number }).id).sort((a, b) => a - b);
const put = (bucket: string, key: string, body: string | Buffer) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const keysIn = async (bucket: string) => ((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key as string).sort();
const textOf = async (bucket: string, key: string) => (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
let buckets = 0;
const newBucket = async () => {
  const name = `csv-${Date.now()}-${buckets++}`;
  await s3.createBucket(name);
  return name;
};

describe('csv-importer on s3:// files', () => {
  it('imports one object once; a second run finds it imported', async () => {
    const bucket = await newBucket();
    await put(bucket, 'in/rows.csv', numberedCsv(3000));
    const topic = await createTestTopic(testBrokers());
    const env = { ...s3.env, KAFKA_BROKERS: brokers(), output: topic, COMMIT_EVERY_ROWS: '500' };
    const first = runImporter([`s3://${bucket}/in/rows.csv`], env);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.logs().find((l) => l['msg'] === 'summary')).toMatchObject({ file: `s3://${bucket}/in/rows.csv`, outcome: 'imported', rows: 3000 });
    const second = runImporter([], { ...env, CSV_FILE: `s3://${bucket}/in/rows.csv` });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs().some((l) => l['outcome'] === 'already-imported')).toBe(true);
    expect(await idsIn(topic)).toEqual(sequence(3000));
  });

  it('after kill -9 mid-object and a restart, has every row exactly once', async () => {
    const bucket = await newBucket();
    await put(bucket, 'big.csv.gz', gzipSync(numberedCsv(40_000)));
    const topic = await createTestTopic(testBrokers());
    const env = { ...s3.env, KAFKA_BROKERS: brokers(), output: topic, COMMIT_EVERY_ROWS: '700', COMMIT_EVERY_MS: '100000' };
    const killed = runImporter([`s3://${bucket}/big.csv.gz`], env);
    await readBack(testBrokers(), topic, { count: 5000, timeoutMs: 120_000 });
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toMatchObject({ signal: 'SIGKILL' });
    const restarted = runImporter([`s3://${bucket}/big.csv.gz`], env);
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(restarted.logs().some((l) => l['msg'] === 'resuming after the committed position')).toBe(true);
    expect(restarted.logs().find((l) => l['msg'] === 'summary')).toMatchObject({ outcome: 'imported', rows: 40_000 });
    expect(await idsIn(topic)).toEqual(sequence(40_000));
  });

  it('in folder mode on a prefix (Quix blob storage connection): several objects, compressed too, to done/; a corrupt one to error/ with the reason; the same content again is not imported twice', async () => {
    const bucket = await newBucket();
    await put(bucket, 'drop/a.csv', numberedCsv(100));
    await put(bucket, 'drop/b.csv.zst', zstdCompressSync(numberedCsv(100, 100)));
    await put(bucket, 'drop/c.csv.gz', gzipSync(numberedCsv(5000, 200)).subarray(0, 5000));
    await put(bucket, 'drop/d.csv.part', numberedCsv(5, 900)); // still being written
    await put(bucket, 'drop/f.zip', zipOf([{ name: 'f.csv', content: numberedCsv(100, 300) }])); // read by ranged GETs
    await put(bucket, 'other/e.csv', numberedCsv(5, 950)); // not under the prefix
    const topic = await createTestTopic(testBrokers());
    // As Quix injects it when blob storage is bound; `s3:///` means its bucket.
    const connection = JSON.stringify({ provider: 'S3Compatible', s3Compatible: { bucketName: bucket, accessKeyId: 'k', secretAccessKey: 'secret-from-quix', region: 'us-east-1', serviceUrl: s3.endpoint } });
    const app = runImporter([], { KAFKA_BROKERS: brokers(), output: topic, CSV_FOLDER: 's3:///drop', FOLDER_POLL_MS: '100', Quix__BlobStorage__Connection__Json: connection });
    const until = async (want: string[]) => {
      while ((await keysIn(bucket)).join() !== want.join()) {
        if (app.child.exitCode !== null) throw new Error(`the importer exited: ${app.output().stderr}`);
        await sleep(100); // waits for a state; jest's timeout bounds it
      }
    };
    const settled = ['drop/d.csv.part', 'drop/done/a.csv', 'drop/done/b.csv.zst', 'drop/done/f.zip', 'drop/error/c.csv.gz', 'drop/error/c.csv.gz.error.txt', 'other/e.csv'];
    await until(settled);
    // The same bytes under another name (or left behind by a crash between copy and delete).
    await put(bucket, 'drop/a-again.csv', numberedCsv(100));
    await until(['drop/d.csv.part', 'drop/done/a-again.csv', ...settled.slice(1)]);
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(await textOf(bucket, 'drop/error/c.csv.gz.error.txt')).toMatch(new RegExp(`s3://${bucket}/drop/c\\.csv\\.gz: cannot be read as gzip: unexpected end of file \\(truncated or corrupt\\)`));
    expect(await idsIn(topic)).toEqual([...sequence(200), ...sequence(100, 300)]);
    expect(app.logs().find((l) => String(l['file']).endsWith('a-again.csv') && l['outcome'])).toMatchObject({ outcome: 'already-imported' });
    expect(app.output().stderr).not.toContain('secret-from-quix');
  });

  it('stops at start naming what is wrong with an s3:// location or its credentials', async () => {
    const app = runImporter(['s3://bucket/prefix/'], { KAFKA_BROKERS: brokers(), AWS_ACCESS_KEY_ID: 'k' });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(app.output().stderr).toMatch(/CSV_FILE: the argument must name one object, s3:\/\/bucket\/key \(got s3:\/\/bucket\/prefix\/\)/);
    expect(app.output().stderr).toMatch(/AWS_SECRET_ACCESS_KEY: is required with AWS_ACCESS_KEY_ID/);
    const bound = runImporter([], { KAFKA_BROKERS: brokers(), CSV_FOLDER: 's3:///in/', Quix__BlobStorage__Connection__Json: '{"provider": "AzureBlob", "azureBlob": {"secret": "not-to-be-logged"}}' });
    expect(await bound.exited).toEqual({ code: 1, signal: null });
    expect(bound.output().stderr).toMatch(/Quix__BlobStorage__Connection__Json: is a AzureBlob connection; only S3-compatible ones/);
    expect(bound.output().stderr).not.toContain('not-to-be-logged');
    const noBucket = runImporter([], { KAFKA_BROKERS: brokers(), CSV_FOLDER: 's3:///in/' });
    expect(await noBucket.exited).toEqual({ code: 1, signal: null });
    expect(noBucket.output().stderr).toMatch(/CSV_FOLDER: names no bucket \(s3:\/\/\/in\/\)/);
  });
});
