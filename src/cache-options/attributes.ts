/**
 * The attributes BuildKit reads for each cache type (as of v0.32.2; those added after v0.24.0 are
 * marked with the release that introduced them, and older tools ignore them), where it reads them,
 * and what values it accepts. Used to check `extra-attrs` and the typed inputs before a build starts, so that a
 * typo fails the step with a message instead of being silently ignored by BuildKit, or failing
 * the build when the exporter is configured. What BuildKit v0.24.0 reads:
 * - the generic exporter attributes `mode` and `ignore-error`, both parsed with fallbacks, and
 *   dropped for `inline`;
 * - gha: the importer and the exporter read the same configuration; `ghtoken`/`repository` are
 *   only used by the exporter;
 * - registry: its own attributes plus the compression ones;
 * - local: the backend's attributes plus what the client resolves (`tag`, and `digest` from
 *   `index.json`);
 * - inline: no attributes; it is imported as `registry`;
 * - s3 and azblob: each backend's configuration;
 * - later: s3 `disable_accept_encoding`, `retry_mode`, `retry_max_attempts` (v0.30.0); local
 *   `reset` (v0.31.0, read by the client: buildctl v0.31, buildx v0.35).
 * gha, s3 and azblob exporters hard-code their compression, so compression attributes are not
 * listed for them. The test oracle (__tests__/cache-options/buildkit-oracle.ts) holds the same
 * facts as a table of its own.
 */
import { Input, type InputName } from '../constants.js'
import type { CacheType, Direction } from './model.js'

/** How a value is checked, mirroring the Go parser BuildKit applies to it. */
export type ValueKind =
  | 'text'
  | 'bool' // strconv.ParseBool
  | 'bool-or-empty' // force-compression: "" means true
  | 'int' // strconv.ParseInt
  | 'positive-int' // strconv.Atoi, > 0
  | 'duration' // time.ParseDuration
  | 'compression' // util/compression parse()
  | 'mode' // min or max
  | 'retry-mode' // standard or adaptive

export interface AttributeInfo {
  readonly directions: readonly Direction[]
  readonly value: ValueKind
  /** A credential: masked in logs, never logged in full. */
  readonly secret?: boolean
  /** The typed input that sets this attribute; `extra-attrs` may not set it too. */
  readonly input?: InputName
  /** The release that introduced it, for attributes newer than BuildKit v0.24 (older ones ignore them). */
  readonly since?: string
}

const BOTH: readonly Direction[] = ['import', 'export']
const IMPORT: readonly Direction[] = ['import']
const EXPORT: readonly Direction[] = ['export']

const attr = (
  directions: readonly Direction[],
  value: ValueKind = 'text',
  extra: Pick<AttributeInfo, 'secret' | 'input' | 'since'> = {},
): AttributeInfo => ({ directions, value, ...extra })

const exporterGeneric = {
  mode: attr(EXPORT, 'mode', { input: Input.Mode }),
  'ignore-error': attr(EXPORT, 'bool', { input: Input.IgnoreError }),
}

const layerFormat = {
  'oci-mediatypes': attr(EXPORT, 'bool', { input: Input.OciMediatypes }),
  'image-manifest': attr(EXPORT, 'bool', { input: Input.ImageManifest }),
  compression: attr(EXPORT, 'compression', { input: Input.Compression }),
  'compression-level': attr(EXPORT, 'int', { input: Input.CompressionLevel }),
  'force-compression': attr(EXPORT, 'bool-or-empty', { input: Input.ForceCompression }),
}

const bucketLayout = {
  prefix: attr(BOTH, 'text', { input: Input.Prefix }),
  manifests_prefix: attr(BOTH),
  blobs_prefix: attr(BOTH),
  // `name` is the s3/azblob counterpart of gha's scope; ';' separates several names.
  name: attr(BOTH, 'text', { input: Input.Scope }),
}

export const ATTRIBUTES: Readonly<Record<CacheType, Readonly<Record<string, AttributeInfo>>>> = {
  gha: {
    scope: attr(BOTH, 'text', { input: Input.Scope }),
    timeout: attr(BOTH, 'duration', { input: Input.Timeout }),
    token: attr(BOTH, 'text', { secret: true }),
    url: attr(BOTH),
    url_v2: attr(BOTH),
    version: attr(BOTH, 'int'),
    ghtoken: attr(EXPORT, 'text', { secret: true }),
    repository: attr(EXPORT),
    ...exporterGeneric,
  },
  registry: {
    ref: attr(BOTH, 'text', { input: Input.Ref }),
    'registry.insecure': attr(BOTH, 'bool'),
    ...layerFormat,
    ...exporterGeneric,
  },
  inline: {
    // Imported as type=registry from the image itself.
    ref: attr(IMPORT, 'text', { input: Input.Ref }),
    'registry.insecure': attr(IMPORT, 'bool'),
    mode: attr(EXPORT, 'mode', { input: Input.Mode }),
  },
  local: {
    src: attr(IMPORT, 'text', { input: Input.Path }),
    dest: attr(EXPORT, 'text', { input: Input.Path }),
    digest: attr(IMPORT),
    tag: attr(BOTH),
    // Blobs the new index.json does not reference are removed (the client does it).
    reset: attr(EXPORT, 'bool', { since: 'buildctl v0.31, buildx v0.35' }),
    ...layerFormat,
    ...exporterGeneric,
  },
  s3: {
    bucket: attr(BOTH, 'text', { input: Input.Bucket }),
    region: attr(BOTH, 'text', { input: Input.Region }),
    endpoint_url: attr(BOTH, 'text', { input: Input.EndpointUrl }),
    ...bucketLayout,
    touch_refresh: attr(BOTH, 'duration'),
    access_key_id: attr(BOTH, 'text', { secret: true }),
    secret_access_key: attr(BOTH, 'text', { secret: true }),
    session_token: attr(BOTH, 'text', { secret: true }),
    use_path_style: attr(BOTH, 'bool'),
    upload_parallelism: attr(BOTH, 'positive-int'),
    disable_accept_encoding: attr(BOTH, 'bool', { since: 'BuildKit v0.30' }),
    retry_mode: attr(BOTH, 'retry-mode', { since: 'BuildKit v0.30' }),
    retry_max_attempts: attr(BOTH, 'positive-int', { since: 'BuildKit v0.30' }),
    ...exporterGeneric,
  },
  azblob: {
    account_url: attr(BOTH, 'text', { input: Input.AccountUrl }),
    account_name: attr(BOTH),
    container: attr(BOTH, 'text', { input: Input.Container }),
    ...bucketLayout,
    secret_access_key: attr(BOTH, 'text', { secret: true }),
    ...exporterGeneric,
  },
}

/** The attribute a typed input sets, for inputs that map one-to-one onto an attribute. */
export const TYPED_ATTRIBUTE_INPUTS: ReadonlyArray<readonly [InputName, string]> = [
  [Input.Compression, 'compression'],
  [Input.CompressionLevel, 'compression-level'],
  [Input.ForceCompression, 'force-compression'],
  [Input.OciMediatypes, 'oci-mediatypes'],
  [Input.ImageManifest, 'image-manifest'],
  [Input.Timeout, 'timeout'],
  [Input.Bucket, 'bucket'],
  [Input.Region, 'region'],
  [Input.EndpointUrl, 'endpoint_url'],
  [Input.AccountUrl, 'account_url'],
  [Input.Container, 'container'],
  [Input.Prefix, 'prefix'],
]

/** The cache types whose table has this attribute, for "applies to" messages. */
export function typesWithAttribute(key: string): CacheType[] {
  return (Object.keys(ATTRIBUTES) as CacheType[]).filter((type) => key in ATTRIBUTES[type])
}

const GO_BOOL = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/
const COMPRESSIONS = ['uncompressed', 'gzip', 'estargz', 'zstd']

/** What each kind accepts, worded for error messages. */
export const VALUE_ACCEPTED: Readonly<Record<ValueKind, string>> = {
  text: 'any text',
  bool: 'true or false',
  'bool-or-empty': 'true or false',
  int: 'a whole number',
  'positive-int': 'a whole number above 0',
  duration: 'a Go duration such as 30s, 10m or 1h30m',
  compression: COMPRESSIONS.join(', '),
  mode: 'min or max',
  'retry-mode': 'standard or adaptive',
}

/** Whether BuildKit's parser for this kind accepts the value. */
export function isAcceptedValue(kind: ValueKind, value: string): boolean {
  switch (kind) {
    case 'text':
      return true
    case 'bool':
      return GO_BOOL.includes(value)
    case 'bool-or-empty':
      return value === '' || GO_BOOL.includes(value)
    case 'int':
      return /^[-+]?\d+$/.test(value)
    case 'positive-int':
      return /^\+?\d+$/.test(value) && Number(value) > 0
    case 'duration':
      return GO_DURATION.test(value)
    case 'compression':
      return COMPRESSIONS.includes(value)
    case 'mode':
      return value === 'min' || value === 'max'
    case 'retry-mode':
      return value === 'standard' || value === 'adaptive'
  }
}
