/**
 * An independent record of how real tools read a cache spec, written down from their source, to
 * check what the action renders. Nothing here is imported from src/.
 *
 * Splitting (moby/buildkit v0.24.0 cmd/buildctl/build/importcache.go + exportcache.go; docker/buildx
 * v0.28.0, which vendors BuildKit v0.24.0, util/buildflags/cache.go `UnmarshalText`): one line is
 * split by go-csvvalue `Fields` (vendor/github.com/tonistiigi/go-csvvalue/csvvalue.go, Go
 * encoding/csv rules for one record); each field is cut at its first `=`; the key is lower-cased;
 * `type` is required; a field without `=` is an error. buildctl adds `mode=min` to an export
 * without one.
 *
 * The tool layers in front of buildx:
 * - docker/build-push-action v7.3.0 src/context.ts: `Util.getInputList('cache-from', {ignoreComma:
 *   true})`; docker/actions-toolkit v0.95.0 src/util.ts `getList`: csv-parse with `relaxQuotes`,
 *   `relaxColumnCount`, `skipEmptyLines`; a record of several fields is re-joined with `,`; each
 *   entry trimmed.
 * - docker/bake-action src/context.ts: `Util.getInputList('set', {ignoreComma: true, quote: false})`;
 *   buildx v0.28.0 bake/bake.go `parseOverrides`: `SplitN(v, "=", 2)`, key `<target>.cache-from`.
 */
import { parse } from 'csv-parse/sync'

export type Check = (value: string) => boolean

/** strconv.ParseBool */
const goBool: Check = (value) =>
  ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)
/** strconv.ParseInt(v, 10, 64) */
const goInt: Check = (value) => /^[+-]?[0-9]+$/.test(value)
/** strconv.Atoi, then > 0 (s3.go upload_parallelism) */
const positiveInt: Check = (value) => goInt(value) && Number(value) > 0
/** time.ParseDuration */
const goDuration: Check = (value) =>
  value === '0' || /^[+-]?((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(value)
/** util/compression/compression.go parse() */
const compression: Check = (value) => ['uncompressed', 'gzip', 'estargz', 'zstd'].includes(value)
/** control/control.go parseCacheExportMode: anything else silently falls back to min */
const mode: Check = (value) => value === 'min' || value === 'max'
const any: Check = () => true
/** util/compression/attrs.go: "" means true, else ParseBool */
const forceCompression: Check = (value) => value === '' || goBool(value)

interface TypeReads {
  /** Attributes the importer (or the client, for local) reads, with what it accepts. */
  readonly import: Readonly<Record<string, Check>>
  readonly export: Readonly<Record<string, Check>>
  /** Attributes without which the tool or the daemon fails, and no environment fills in. */
  readonly requiredImport: readonly string[]
  readonly requiredExport: readonly string[]
}

/** control/control.go: read for every exporter type except inline (solver.go splitCacheExporters). */
const generic = { mode, 'ignore-error': goBool }
/** registry.go and local.go exporters; util/compression/attrs.go ParseAttributes. */
const layerFormat = {
  'oci-mediatypes': goBool,
  'image-manifest': goBool,
  compression,
  'compression-level': goInt,
  'force-compression': forceCompression,
}
/** cache/remotecache/gha/gha.go getConfig, used by importer and exporter. */
const ghaConfig = {
  scope: any,
  token: any,
  url: any,
  url_v2: any,
  version: goInt,
  timeout: goDuration,
}
/** cache/remotecache/s3/s3.go getConfig, used by importer and exporter. */
const s3Config = {
  bucket: any,
  region: any,
  prefix: any,
  manifests_prefix: any,
  blobs_prefix: any,
  name: any,
  touch_refresh: goDuration,
  endpoint_url: any,
  access_key_id: any,
  secret_access_key: any,
  session_token: any,
  use_path_style: goBool,
  upload_parallelism: positiveInt,
}
/** cache/remotecache/azblob/utils.go getConfig, used by importer and exporter. */
const azblobConfig = {
  account_url: any,
  account_name: any,
  container: any,
  prefix: any,
  manifests_prefix: any,
  blobs_prefix: any,
  name: any,
  secret_access_key: any,
}
/** registry.go: ref and registry.insecure, importer and exporter. */
const registryConfig = { ref: any, 'registry.insecure': goBool }

export const BUILDKIT_V0_24_0: Readonly<Record<string, TypeReads>> = {
  gha: {
    import: ghaConfig,
    // ghtoken and repository are used by the exporter only (gha.go exporter keyMap).
    export: { ...ghaConfig, ghtoken: any, repository: any, ...generic },
    requiredImport: [],
    requiredExport: [],
  },
  registry: {
    import: registryConfig,
    export: { ...registryConfig, ...layerFormat, ...generic },
    // client/solve.go parseCacheOptions: "registry cache importer/exporter requires ref".
    requiredImport: ['ref'],
    requiredExport: ['ref'],
  },
  inline: {
    // inline.go ResolveCacheExporterFunc ignores its attributes; control.go still parses mode.
    import: {},
    export: { mode },
    requiredImport: [],
    requiredExport: [],
  },
  local: {
    // local.go importer: digest, src; client/solve.go: src, tag (resolves digest from index.json).
    import: { src: any, digest: any, tag: any },
    // local.go exporter: dest, layer format; client/solve.go: dest, tag.
    export: { dest: any, tag: any, ...layerFormat, ...generic },
    requiredImport: ['src'],
    requiredExport: ['dest'],
  },
  s3: {
    import: s3Config,
    export: { ...s3Config, ...generic },
    requiredImport: [],
    requiredExport: [],
  },
  azblob: {
    import: azblobConfig,
    export: { ...azblobConfig, ...generic },
    requiredImport: [],
    requiredExport: [],
  },
}

/** s3.go (v0.30): "standard" or "adaptive", anything else an error. */
const retryMode: Check = (value) => value === 'standard' || value === 'adaptive'

/**
 * What later releases read beyond v0.24.0, each with the release that introduced it (from
 * moby/buildkit v0.32.2 and docker/buildx v0.36.1, diffed against v0.24.0):
 * - s3.go getConfig (v0.30.0): disable_accept_encoding (ParseBool; a bad value is ignored),
 *   retry_mode (standard|adaptive, else an error), retry_max_attempts (Atoi, ≥ 1, else an error);
 * - client/solve.go (v0.31.0): local export `reset` (ParseBool, else an error), read by the client,
 *   so by buildctl from v0.31 and by buildx from v0.35 (the first to vendor BuildKit v0.31).
 * Nothing else was added to the gha, registry, local, azblob or compression attributes.
 */
export const LATER: Readonly<
  Record<string, Readonly<Record<string, { check: Check; since: string; import: boolean }>>>
> = {
  local: {
    reset: { check: goBool, since: 'buildctl v0.31, buildx v0.35', import: false },
  },
  s3: {
    disable_accept_encoding: { check: goBool, since: 'BuildKit v0.30', import: true },
    retry_mode: { check: retryMode, since: 'BuildKit v0.30', import: true },
    retry_max_attempts: { check: positiveInt, since: 'BuildKit v0.30', import: true },
  },
}

/** v0.24.0's reads with the later releases' added: what current tools read. */
export const BUILDKIT_CURRENT: Readonly<Record<string, TypeReads>> = Object.fromEntries(
  Object.entries(BUILDKIT_V0_24_0).map(([type, reads]) => {
    const later = Object.entries(LATER[type] ?? {})
    const checks = (imports: boolean) =>
      Object.fromEntries(
        later.filter(([, a]) => !imports || a.import).map(([k, a]) => [k, a.check]),
      )
    return [
      type,
      {
        ...reads,
        import: { ...reads.import, ...checks(true) },
        export: { ...reads.export, ...checks(false) },
      },
    ]
  }),
)

export interface ParsedSpec {
  readonly type: string
  readonly attrs: Readonly<Record<string, string>>
}

/** Splits one spec the way buildctl and buildx do; throws where they fail. */
export function parseLikeBuildKit(line: string): ParsedSpec {
  const records = parse(line, { relaxQuotes: false, relaxColumnCount: false }) as string[][]
  if (records.length !== 1)
    throw new Error(`one spec must be one CSV record, got ${records.length}`)
  let type = ''
  const attrs: Record<string, string> = {}
  for (const field of records[0]) {
    const at = field.indexOf('=')
    if (at < 0) throw new Error(`invalid value ${field}`)
    const key = field.slice(0, at).toLowerCase()
    const value = field.slice(at + 1)
    if (key === 'type') type = value
    else attrs[key] = value
  }
  if (!type) throw new Error('type required')
  return { type, attrs }
}

/** What BuildKit would object to, or silently ignore, in a parsed spec; empty when all is well. */
export function buildKitProblems(spec: ParsedSpec, direction: 'import' | 'export'): string[] {
  const reads = BUILDKIT_CURRENT[spec.type]
  if (!reads) return [`unknown cache ${direction}er type ${spec.type}`]
  const checks = reads[direction]
  const problems: string[] = []
  for (const [key, value] of Object.entries(spec.attrs)) {
    const check = checks[key]
    if (!check) problems.push(`${spec.type} ${direction} does not read ${key}`)
    else if (!check(value)) problems.push(`${spec.type} ${direction} rejects ${key}=${value}`)
  }
  const required = direction === 'import' ? reads.requiredImport : reads.requiredExport
  for (const key of required) {
    if (!spec.attrs[key]) problems.push(`${spec.type} ${direction} requires ${key}`)
  }
  return problems
}

/** docker/actions-toolkit src/util.ts getList(input, {ignoreComma: true, quote?}). */
function actionsToolkitList(input: string, quote: false | undefined): string[] {
  if (input === '') return []
  const records = parse(input, {
    columns: false,
    relaxQuotes: true,
    relaxColumnCount: true,
    skipEmptyLines: true,
    ...(quote === false ? { quote: false } : {}),
  }) as string[][]
  return records
    .map((record) => (record.length === 1 ? record[0] : record.join(',')))
    .filter((item) => item)
    .map((item) => item.trim())
}

/** What buildx receives for each line of build-push-action's cache-from / cache-to input. */
export function throughBuildPushAction(input: string): string[] {
  return actionsToolkitList(input.trim(), undefined)
}

/** The `--set` values bake-action passes, split as buildx bake does: [key, value]. */
export function throughBakeAction(input: string): Array<[string, string]> {
  return actionsToolkitList(input.trim(), false).map((line) => {
    const at = line.indexOf('=')
    return [line.slice(0, at), line.slice(at + 1)]
  })
}
