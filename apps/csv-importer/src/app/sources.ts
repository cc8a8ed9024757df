import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@quix-connectors/service';
import { localFile, type ByteSource } from './byte-source.js';
import type { CsvImporterConfig } from './csv-variables.js';
import { localFolder, type Folder } from './folder.js';
import { createS3Client } from './s3-client.js';
import { isS3Url, parseS3Url, type S3Location } from './s3-location.js';
import { s3Folder, s3Object } from './s3-source.js';

export interface Sources {
  /** A file by its location, with what changes when its content may have: size and mtime, or the ETag. */
  open(location: string): Promise<{ source: ByteSource; version: string }>;
  folder(location: string, logger: Logger): Folder;
}

/** Local paths and `s3://` URLs, the S3 client made once, on first use. */
export function createSources(config: CsvImporterConfig): Sources {
  let client: S3Client | undefined;
  const s3 = () => (client ??= createS3Client(config));
  // `s3:///key` (no bucket) is the bound Quix blob storage's bucket; config checks made sure there is one.
  const resolve = (url: string): S3Location => {
    const location = parseS3Url(url);
    return { ...location, bucket: location.bucket || (config.blobStorage?.bucket ?? '') };
  };
  return {
    async open(location) {
      if (isS3Url(location)) {
        const source = await s3Object(s3(), resolve(location));
        return { source, version: source.etag };
      }
      const source = await localFile(location);
      return { source, version: `${source.size}:${source.mtimeMs}` };
    },
    folder(location, logger) {
      if (!isS3Url(location)) return localFolder(location, logger);
      const prefix = resolve(location);
      return s3Folder(s3(), { ...prefix, key: prefix.key === '' || prefix.key.endsWith('/') ? prefix.key : `${prefix.key}/` });
    },
  };
}
