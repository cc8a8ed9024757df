import { blobStorageConnection } from './blob-storage-connection.js';
import { parseS3Url, s3UrlProblem } from './s3-location.js';

const parse = (text: string) => blobStorageConnection().safeParse(text);

describe('Quix__BlobStorage__Connection__Json', () => {
  it.each([
    ['the Quix docs\' shape', { provider: 'S3Compatible', s3Compatible: { bucketName: 'b', accessKeyId: 'k', secretAccessKey: 's', region: 'eu-west-1', serviceUrl: 'https://gw' } }, { region: 'eu-west-1', endpoint: 'https://gw' }],
    ['PascalCase keys (MinIO)', { provider: 'Minio', S3Compatible: { BucketName: 'b', AccessKeyId: 'k', SecretAccessKey: 's', ServiceUrl: 'http://minio:9000' } }, { endpoint: 'http://minio:9000' }],
    ['AWS S3 without an endpoint', { provider: 'S3', S3Compatible: { BucketName: 'b', AccessKeyId: 'k', SecretAccessKey: 's' } }, {}],
  ])('reads %s', (_, value, extra) => {
    const result = parse(JSON.stringify(value));
    expect(result.success && result.data).toEqual({ provider: value.provider, bucket: 'b', accessKeyId: 'k', secretAccessKey: 's', region: undefined, endpoint: undefined, ...extra });
  });

  it.each([
    ['not JSON', '{"provider": "S3", secret-key-here', /^is not valid JSON$/],
    ['another provider', JSON.stringify({ provider: 'AzureBlob', azureBlob: { connectionString: 'x' } }), /is a AzureBlob connection; only S3-compatible ones/],
    ['missing keys', JSON.stringify({ provider: 'S3Compatible', s3Compatible: { bucketName: 'b' } }), /lacks accesskeyid, secretaccesskey/],
  ])('refuses %s without quoting the value', (_, text, message) => {
    const result = parse(text);
    expect(result.success).toBe(false);
    const said = result.error?.issues.map((i) => i.message).join('; ') ?? '';
    expect(said).toMatch(message);
    expect(said).not.toContain('secret-key-here');
  });
});

describe('s3:// locations', () => {
  it.each([
    ['s3://bucket/a/b.csv', { bucket: 'bucket', key: 'a/b.csv' }],
    ['s3://bucket/in/', { bucket: 'bucket', key: 'in/' }],
    ['s3://bucket', { bucket: 'bucket', key: '' }],
    ['s3:///key.csv', { bucket: '', key: 'key.csv' }],
  ])('%s', (url, expected) => expect(parseS3Url(url)).toEqual(expected));

  it.each([
    ['s3://b/k.csv', 'object', undefined, undefined],
    ['s3://b/in/', 'object', undefined, /must name one object/],
    ['s3://b', 'object', undefined, /must name one object/],
    ['s3://b/in/', 'prefix', undefined, undefined],
    ['s3:///in/', 'prefix', undefined, /names no bucket/],
    ['s3:///in/', 'prefix', 'bound', undefined],
  ] as const)('%s as %s (bound bucket %s)', (url, as, bound, problem) => {
    const said = s3UrlProblem(url, as, bound);
    if (problem) expect(said).toMatch(problem);
    else expect(said).toBeUndefined();
  });
});
