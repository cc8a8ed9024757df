import { z } from 'zod';

/** What an S3 client needs from the connection Quix injects when blob storage is bound. */
export interface BlobStorageConnection {
  provider: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  endpoint?: string;
}

/** Providers whose connection is S3's API (the Quix storage gateway, AWS S3, MinIO). */
const S3_PROVIDERS = ['s3compatible', 's3', 'minio', 'amazons3', 'aws'];

/**
 * `Quix__BlobStorage__Connection__Json`, as the Quix docs show it:
 * `{"provider": "S3Compatible", "s3Compatible": {"bucketName", "accessKeyId", "secretAccessKey",
 * "region", "serviceUrl"}}`; examples elsewhere spell the keys in PascalCase (`S3Compatible`,
 * `BucketName`, `ServiceUrl`), so keys are matched whatever their case. Messages never quote the
 * value: it holds a secret.
 */
export const blobStorageConnection = () =>
  z.string().transform((text, ctx): BlobStorageConnection => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
    const top = lowerKeys(parsed);
    const provider = typeof top['provider'] === 'string' ? top['provider'] : '';
    const block = Object.values(top).map(lowerKeys).find((value) => typeof value['bucketname'] === 'string');
    if (!S3_PROVIDERS.includes(provider.toLowerCase()) || !block) {
      ctx.addIssue({ code: 'custom', message: `is a ${provider || 'unnamed'} connection; only S3-compatible ones (S3Compatible, S3, MinIO) can be read, with bucketName, accessKeyId and secretAccessKey` });
      return z.NEVER;
    }
    const field = (name: string) => (typeof block[name] === 'string' && block[name] !== '' ? (block[name] as string) : undefined);
    const missing = ['bucketname', 'accesskeyid', 'secretaccesskey'].filter((name) => !field(name));
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', message: `lacks ${missing.join(', ')}` });
      return z.NEVER;
    }
    return {
      provider,
      bucket: field('bucketname') as string,
      accessKeyId: field('accesskeyid') as string,
      secretAccessKey: field('secretaccesskey') as string,
      region: field('region'),
      endpoint: field('serviceurl'),
    };
  });

function lowerKeys(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}
