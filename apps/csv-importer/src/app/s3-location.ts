/** An object or a prefix in S3-compatible storage, as `s3://bucket/key` names it. */
export interface S3Location {
  /** Empty when the URL leaves it out (`s3:///key`): the bound Quix blob storage's bucket. */
  bucket: string;
  key: string;
}

export const isS3Url = (value: string): boolean => /^s3:\/\//i.test(value);

/** `s3://bucket/key` as bucket and key (the key as written: S3 keys are not URL-encoded here). */
export function parseS3Url(value: string): S3Location {
  const rest = value.replace(/^s3:\/\//i, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

export const s3Url = (location: S3Location): string => `s3://${location.bucket}/${location.key}`;

/** What is wrong with an `s3://` URL used as CSV_FILE (an object) or CSV_FOLDER (a prefix), if anything. */
export function s3UrlProblem(value: string, as: 'object' | 'prefix', boundBucket: string | undefined): string | undefined {
  const { bucket, key } = parseS3Url(value);
  if (!bucket && !boundBucket) return `names no bucket (${value}): write s3://bucket/${as === 'object' ? 'key' : 'prefix/'}, or bind a Quix blob storage whose bucket an s3:/// URL then means`;
  if (as === 'object' && (key === '' || key.endsWith('/'))) return `must name one object, s3://bucket/key (got ${value}); a prefix goes in CSV_FOLDER`;
  return undefined;
}
