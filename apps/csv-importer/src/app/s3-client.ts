import { S3Client } from '@aws-sdk/client-s3';
import type { CsvImporterConfig } from './csv-variables.js';

/**
 * The S3 client of `s3://` files: S3_* and AWS_* variables first, then the bound Quix blob storage
 * (its endpoint, region and keys; path-style, as its gateway needs), and without keys the AWS
 * SDK's own chain (profile, web identity, container or instance role).
 */
export function createS3Client(config: CsvImporterConfig): S3Client {
  const bound = config.blobStorage;
  const accessKeyId = config.awsAccessKeyId ?? bound?.accessKeyId;
  const secretAccessKey = config.awsSecretAccessKey ?? bound?.secretAccessKey;
  return new S3Client({
    endpoint: config.s3Endpoint ?? bound?.endpoint,
    region: config.s3Region ?? bound?.region ?? 'us-east-1',
    forcePathStyle: config.s3ForcePathStyle ?? bound !== undefined,
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken: config.awsSessionToken } } : {}),
  });
}
