import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { basename } from 'node:path/posix';
import { PassThrough, type Readable } from 'node:stream';
import type { ByteSource } from './byte-source.js';
import type { Folder, FolderEntry } from './folder.js';
import { s3Url, type S3Location } from './s3-location.js';

/**
 * One object as a ByteSource: its size and ETag from HeadObject, its bytes from GetObject bodies
 * streamed as they arrive. Every read asks for that ETag (If-Match), so an object overwritten
 * during its import is an error, never a mix of two versions.
 */
export async function s3Object(client: S3Client, location: S3Location): Promise<ByteSource & { etag: string }> {
  const head = await client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
  const etag = head.ETag ?? '';
  return {
    location: s3Url(location),
    name: basename(location.key),
    size: head.ContentLength ?? 0,
    etag,
    read(range) {
      const out = new PassThrough({ highWaterMark: 256 * 1024 });
      const abort = new AbortController();
      out.once('close', () => abort.abort());
      client
        .send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, IfMatch: etag || undefined, Range: range ? `bytes=${range.start}-${range.end}` : undefined }), { abortSignal: abort.signal })
        .then((response) => {
          const body = response.Body as Readable;
          body.once('error', (err) => out.destroy(err));
          out.once('close', () => body.destroy());
          body.pipe(out);
        })
        .catch((err: unknown) => out.destroy(err as Error));
      return out;
    },
  };
}

/**
 * A prefix as folder mode's folder: the objects directly under it (not those under `done/`,
 * `error/` or any deeper prefix), fingerprinted by size and ETag. Moving to done/ or error/ is a
 * server-side copy to `<prefix>done/<name>` then a delete of the original; a reason goes beside
 * it as `<name>.error.txt`.
 */
export function s3Folder(client: S3Client, prefix: S3Location): Folder {
  const { bucket } = prefix;
  const keyOf = (name: string) => `${prefix.key}${name}`;
  return {
    location: s3Url(prefix),
    async prepare() {
      return undefined;
    },
    async list() {
      const entries: FolderEntry[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix.key, Delimiter: '/', ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          const name = (object.Key ?? '').slice(prefix.key.length);
          if (name) entries.push({ name, location: s3Url({ bucket, key: keyOf(name) }), fingerprint: `${object.Size}:${object.ETag}` });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async moveTo(target, name, reason) {
      let moved = `${prefix.key}${target}/${name}`;
      if (await exists(client, bucket, moved)) moved = `${prefix.key}${target}/${Date.now()}-${name}`;
      const source = `${bucket}/${keyOf(name).split('/').map(encodeURIComponent).join('/')}`;
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: moved, CopySource: source }));
      if (reason) await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${moved}.error.txt`, Body: `${reason}\n`, ContentType: 'text/plain; charset=utf-8' }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(name) }));
      return s3Url({ bucket, key: moved });
    },
  };
}

async function exists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}
