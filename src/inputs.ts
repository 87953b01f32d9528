/**
 * The only reader of action inputs: typed, validated settings for the main step, the post step
 * and the `prune` entry point. The parsers take an input reader, so they are tested without
 * the runner's environment; `read*Settings()` bind them to `getInput` (src/workflow-commands.ts).
 *
 * Every error names the input, says what was wrong and what is accepted.
 */
import {
  DEFAULT_MOUNT_IMAGE,
  type MountsInput,
  readBuildArgs,
  readMountsInput,
} from './cache-mounts/input.js'
import * as runner from './workflow-commands.js'
import { Input, type InputName } from './constants.js'
import {
  ATTRIBUTES,
  TYPED_ATTRIBUTE_INPUTS,
  VALUE_ACCEPTED,
  isAcceptedValue,
  typesWithAttribute,
  type AttributeInfo,
} from './cache-options/attributes.js'
import type { ExportSetting } from './cache-options/access.js'
import { IMAGE_REF_ACCEPTED, parseImageRef, type ImageRef } from './cache-options/image-ref.js'
import { renderedForms } from './cache-options/render.js'
import {
  CACHE_MODES,
  CACHE_TYPES,
  type Attribute,
  type CacheMode,
  type CacheType,
} from './cache-options/model.js'
import { maskSecret } from './log.js'
import {
  DURATION_ACCEPTED,
  PERCENT_ACCEPTED,
  SIZE_ACCEPTED,
  parseDuration,
  parsePercent,
  parseSize,
} from './units.js'

/** Returns an input's value, trimmed, or '' when it is not set (as `runner.getInput` does). */
export type InputReader = (name: InputName) => string

/** A bad input: the step fails with this message. */
export class InputError extends Error {
  constructor(
    readonly input: InputName,
    problem: string,
    accepted?: string,
  ) {
    super(`Invalid input '${input}': ${problem}${accepted ? `. Accepted: ${accepted}` : ''}`)
    this.name = 'InputError'
  }
}

/**
 * Defaults the code applies when an input is empty; `action.yml` declares the same ones (a test
 * keeps them equal). Inputs whose default is an expression (`github-token`, `matrix`) or depends
 * on other inputs (`mode`, `scope`, `path`) are resolved in code.
 */
export const DEFAULTS = {
  [Input.Type]: 'gha',
  [Input.Export]: 'auto',
  [Input.ExposeRuntime]: 'true',
  [Input.BakeTarget]: '*',
  [Input.Prune]: 'true',
  // Empty: the limit GitHub reports for the repository, else DEFAULT_CACHE_LIMIT.
  [Input.CacheLimit]: '',
  [Input.PruneTarget]: '90%',
  [Input.PruneGrace]: '1h',
  // Empty: the retention GitHub reports for the repository, else its default 7 days.
  [Input.OrphanAge]: '',
  [Input.ProtectDefaultBranch]: 'true',
  [Input.DryRun]: 'false',
  [Input.Summary]: 'true',
  [Input.BuilderUsage]: 'false',
  [Input.BuilderPrune]: 'false',
  [Input.Dockerfile]: 'Dockerfile',
  [Input.CacheMountImage]: DEFAULT_MOUNT_IMAGE,
} as const satisfies Partial<Record<InputName, string>>

/** What the main step renders and how it treats the runtime. */
export interface CacheSettings {
  /** The backend: gha, registry, inline, local, s3 or azblob. */
  readonly type: CacheType
  /** min or max; max unless given (inline: min only). */
  readonly mode: CacheMode
  /** The user's scope; undefined means the default (job id, per matrix leg). */
  readonly scope?: string
  /** The image reference for registry (cache repository) and inline (the image). */
  readonly ref?: ImageRef
  /** The user's local cache directory; undefined means the default under RUNNER_TEMP. */
  readonly path?: string
  /** ignore-error on exports; true unless given. */
  readonly ignoreError: boolean
  /** Typed attributes then extra-attrs, under BuildKit's names, validated for `type`. */
  readonly attrs: readonly Attribute[]
  /** Values of attributes that are credentials, to be masked before anything is logged. */
  readonly secrets: readonly string[]
  /** The bake target pattern the `bake-set` lines apply to. */
  readonly bakeTarget: string
  /** The job's matrix as JSON (`toJSON(matrix)`), or any text telling matrix legs apart. */
  readonly matrix: string
  /** auto: export where the cache can be written; true/false force it. */
  readonly export: ExportSetting
  /** Whether to export the runtime variables to later steps (for type gha). */
  readonly exposeRuntime: boolean
}

/** What the post step and `prune` need for pruning the Actions cache. */
export interface PruneSettings {
  /** Whether the post step prunes (type gha). */
  readonly prune: boolean
  /** The repository's cache limit in bytes: the input's, else (until resolved) GitHub's default. */
  readonly cacheLimitBytes: number
  /**
   * Where cacheLimitBytes came from: the input; GitHub's report for the repository
   * (withCacheLimit); or GitHub's default, when cache-limit is empty and nothing was reported.
   */
  readonly cacheLimitSource: 'input' | 'github' | 'default'
  /** Prune down to this many bytes when usage is above it (≤ cacheLimitBytes). */
  readonly pruneTargetBytes: number
  /** prune-target as given: a share of the limit, or a size. */
  readonly pruneTarget: { readonly share: number } | { readonly bytes: number }
  /** Entries created or accessed this recently (ms) are never deleted. */
  readonly pruneGraceMs: number
  /**
   * When which live indexes of other refs may use a blob cannot be told (rule 6), blobs other refs
   * may read accessed this recently (ms) are kept.
   */
  readonly orphanAgeMs: number
  /**
   * Where orphanAgeMs came from: the input; the cache retention GitHub reports for the repository
   * (withRetention: nothing unused for longer survives there anyway); or GitHub's default 7 days.
   */
  readonly orphanAgeSource: 'input' | 'github' | 'default'
  /** Whether the default branch's live set is exempt from budget pruning. */
  readonly protectDefaultBranch: boolean
  /** Token for the REST cache API (masked); '' when not given. */
  readonly githubToken: string
  /** Plan and report only; delete nothing. */
  readonly dryRun: boolean
  /** Whether to write the job summary. */
  readonly summary: boolean
}

/** The builder's own cache (BuildKit's local store), reported or pruned in the post step. */
export interface BuilderSettings {
  readonly usage: boolean
  readonly prune: boolean
  /** `--keep-storage`: keep this many bytes. */
  readonly keepStorageBytes?: number
  /** `--keep-duration`: keep records used within this many ms. */
  readonly keepDurationMs?: number
  /** `--filter` expressions, one per line of the input. */
  readonly filters: readonly string[]
}

/** The input's value, or its default when empty. */
function valueOf(read: InputReader, name: InputName): string {
  return read(name) || (DEFAULTS as Partial<Record<InputName, string>>)[name] || ''
}

const BOOLEAN = /^(true|false)$/i

function parseBoolean(read: InputReader, name: InputName): boolean {
  const text = valueOf(read, name)
  if (!BOOLEAN.test(text)) throw new InputError(name, `"${text}" is not a boolean`, 'true or false')
  return text.toLowerCase() === 'true'
}

function withInput<T>(
  name: InputName,
  text: string,
  parse: (text: string) => T,
  accepted: string,
): T {
  try {
    return parse(text)
  } catch (error) {
    // The parsers end their messages in "; use <what is accepted>", which `accepted` replaces;
    // the value itself, quoted earlier in the message, may hold a ';'.
    throw new InputError(name, (error as Error).message.replace(/; use [^;]*$/, ''), accepted)
  }
}

function oneOf<T extends string>(name: InputName, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new InputError(name, `"${text}" is not supported`, allowed.join(', '))
  }
  return text as T
}

/** Lines of a multi-line input, trimmed, without blank lines and `#` comments. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

const SCOPE_MAX = 255

/** Refuses a scope longer than SCOPE_MAX; `value` names it in the message. */
function scopeLength(scope: string, value = 'it'): void {
  if (scope.length > SCOPE_MAX) {
    throw new InputError(
      Input.Scope,
      `${value} is ${scope.length} characters long`,
      `at most ${SCOPE_MAX} characters`,
    )
  }
}
// Bake target names are [a-zA-Z0-9_-]; patterns add * ? and [].
const BAKE_TARGET = /^[A-Za-z0-9_*?[\]-]+$/

export function parseCacheSettings(read: InputReader): CacheSettings {
  const type = oneOf(Input.Type, valueOf(read, Input.Type), CACHE_TYPES)
  const table = ATTRIBUTES[type]

  const modeText = read(Input.Mode)
  const mode = modeText
    ? oneOf(Input.Mode, modeText, CACHE_MODES)
    : type === 'inline'
      ? 'min'
      : 'max'
  if (type === 'inline' && mode === 'max') {
    throw new InputError(
      Input.Mode,
      'type inline supports mode min only (BuildKit writes inline cache for the final image alone); use type registry to export max-mode cache',
      'min, or type registry with mode max',
    )
  }

  const scope = read(Input.Scope) || undefined
  if (scope !== undefined) {
    scopeLength(scope)
    oneLine(Input.Scope, scope)
  }

  const ref = parseRef(read, type)
  const path = onlyFor(read, Input.Path, type, ['local'])
  if (path !== undefined) oneLine(Input.Path, path)

  const ignoreErrorText = read(Input.IgnoreError)
  if (ignoreErrorText && !('ignore-error' in table)) {
    throw notForType(
      Input.IgnoreError,
      type,
      typesWithAttribute('ignore-error'),
      'inline cache is written by the image exporter, which does not read it',
    )
  }
  const ignoreError = ignoreErrorText ? parseBoolean(read, Input.IgnoreError) : true

  const typed = typedAttributes(read, type)
  checkCompressionLevel(typed)
  checkImageManifest(typed)
  // extra-attrs refuses every attribute that has an input, so the two never overlap.
  const attrs = [...typed, ...extraAttributes(read(Input.ExtraAttrs), type)]
  const secrets = attrs
    .filter(([key]) => table[key]?.secret)
    .map(([, value]) => value)
    .filter(Boolean)

  const bakeTarget = valueOf(read, Input.BakeTarget)
  if (!BAKE_TARGET.test(bakeTarget)) {
    throw new InputError(
      Input.BakeTarget,
      `"${bakeTarget}" is not a bake target name or pattern`,
      'letters, digits, _, -, and the patterns * ? []',
    )
  }

  const exportText = oneOf(Input.Export, valueOf(read, Input.Export).toLowerCase(), [
    'auto',
    'true',
    'false',
  ])
  return {
    type,
    mode,
    ...(scope !== undefined ? { scope } : {}),
    ...(ref ? { ref } : {}),
    ...(path !== undefined ? { path } : {}),
    ignoreError,
    attrs,
    secrets,
    bakeTarget,
    matrix: matrixText(read(Input.Matrix)),
    export: exportText === 'auto' ? 'auto' : exportText === 'true',
    exposeRuntime: parseBoolean(read, Input.ExposeRuntime),
  }
}

function notForType(
  name: InputName,
  type: CacheType,
  types: readonly CacheType[],
  why?: string,
): InputError {
  return new InputError(
    name,
    `it does not apply to type ${type}${why ? ` (${why})` : ''}`,
    `set it only with type ${types.join(', ')}`,
  )
}

function onlyFor(
  read: InputReader,
  name: InputName,
  type: CacheType,
  types: readonly CacheType[],
): string | undefined {
  const text = read(name)
  if (!text) return undefined
  if (!types.includes(type)) throw notForType(name, type, types)
  return text
}

function parseRef(read: InputReader, type: CacheType): ImageRef | undefined {
  const needsRef: readonly CacheType[] = ['registry', 'inline']
  const text = onlyFor(read, Input.Ref, type, needsRef)
  if (!needsRef.includes(type)) return undefined
  if (!text) {
    const what = type === 'registry' ? 'the cache repository' : 'the image the build pushes'
    throw new InputError(
      Input.Ref,
      `type ${type} needs ${what}, and it is empty`,
      IMAGE_REF_ACCEPTED,
    )
  }
  const ref = withInput(Input.Ref, text, parseImageRef, IMAGE_REF_ACCEPTED)
  if (type === 'registry' && ref.digest) {
    throw new InputError(
      Input.Ref,
      `"${text}" names a digest, which cannot be exported to`,
      'a repository with an optional tag, e.g. ghcr.io/owner/app:cache',
    )
  }
  return ref
}

/** The typed inputs that map onto one attribute each, checked against the type's table. */
function typedAttributes(read: InputReader, type: CacheType): Attribute[] {
  const attrs: Attribute[] = []
  for (const [name, key] of TYPED_ATTRIBUTE_INPUTS) {
    const text = read(name)
    if (!text) continue
    const info = ATTRIBUTES[type][key]
    if (!info) throw notForType(name, type, typesWithAttribute(key))
    oneLine(name, text)
    attrs.push([
      key,
      checkedValue(info, text, (problem, accepted) => new InputError(name, problem, accepted)),
    ])
  }
  return attrs
}

const ONE_LINE_ACCEPTED =
  'a value on one line (every value that becomes a BuildKit attribute must be: bake-set and build-push-action read one attribute set per line)'

/** Refuses a value with a line break (CR or LF), naming the input and, not quoting it, the value. */
function oneLine(name: InputName, text: string, value = 'it'): void {
  if (/[\r\n]/.test(text)) {
    throw new InputError(name, `${value} holds a line break`, ONE_LINE_ACCEPTED)
  }
}

/** The levels each compression takes (util/compression): gzip and estargz 0–9, zstd 0–22. */
const COMPRESSION_LEVELS: Readonly<Record<string, readonly [number, number]>> = {
  gzip: [0, 9],
  estargz: [0, 9],
  zstd: [0, 22],
}

/** `compression-level` within the range of the chosen `compression` (BuildKit's default gzip). */
/** An image manifest is an OCI manifest: BuildKit refuses it with Docker media types. */
function checkImageManifest(attrs: readonly Attribute[]): void {
  const value = (key: string) => attrs.find(([k]) => k === key)?.[1]
  if (value('image-manifest') === 'true' && value('oci-mediatypes') === 'false') {
    throw new InputError(
      Input.ImageManifest,
      'true needs OCI media types, and oci-mediatypes is false',
      'image-manifest: true with oci-mediatypes true (the default), or image-manifest: false',
    )
  }
}

function checkCompressionLevel(attrs: readonly Attribute[]): void {
  const level = attrs.find(([key]) => key === 'compression-level')?.[1]
  if (level === undefined) return
  const compression = attrs.find(([key]) => key === 'compression')?.[1] ?? 'gzip'
  const range = COMPRESSION_LEVELS[compression]
  if (!range) {
    throw new InputError(
      Input.CompressionLevel,
      `compression ${compression} takes no level`,
      'a level with compression gzip or estargz (0-9) or zstd (0-22)',
    )
  }
  const n = Number(level)
  if (n < range[0] || n > range[1]) {
    throw new InputError(
      Input.CompressionLevel,
      `${level} is outside ${range[0]}-${range[1]}, the levels of ${compression}${attrs.some(([key]) => key === 'compression') ? '' : " (BuildKit's default compression)"}`,
      'gzip and estargz 0-9, zstd 0-22',
    )
  }
}

/** Booleans are written as Go's `true`/`false`, whatever case the user wrote. */
function checkedValue(
  info: AttributeInfo,
  text: string,
  fail: (problem: string, accepted: string) => InputError,
): string {
  const isBool = info.value === 'bool' || info.value === 'bool-or-empty'
  const value = isBool && BOOLEAN.test(text) ? text.toLowerCase() : text
  if (!isAcceptedValue(info.value, value)) {
    throw fail(`"${text}" is not accepted by BuildKit`, VALUE_ACCEPTED[info.value])
  }
  return value
}

/** How deep a `matrix` may nest: GitHub's matrices are a few levels; the scope walks them. */
export const MATRIX_MAX_DEPTH = 64

/**
 * `matrix` as given, refused when it nests deeper than MATRIX_MAX_DEPTH (brackets outside JSON
 * strings, counted without parsing: a deep value would overflow the stack of whoever walks it).
 */
function matrixText(text: string): string {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth)
    else if (c === ']' || c === '}') depth--
  }
  if (deepest > MATRIX_MAX_DEPTH) {
    throw new InputError(
      Input.Matrix,
      `it nests ${deepest} levels deep`,
      `the default \${{ toJSON(matrix) }}, or JSON nested at most ${MATRIX_MAX_DEPTH} levels`,
    )
  }
  return text
}

/** The name among `names` within two edits of `text` (a typo), if any; the closest first. */
function nearest(text: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const name of names) {
    const distance = editDistance(text, name)
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    row = next
  }
  return row[b.length]
}

/** `extra-attrs`: one `key=value` per line; every key must be one BuildKit reads for `type`. */
function extraAttributes(text: string, type: CacheType): Attribute[] {
  const table = ATTRIBUTES[type]
  const entries = Object.entries(table)
  const viaInputs = [...new Set(entries.flatMap(([, info]) => (info.input ? [info.input] : [])))]
  const known = `${
    entries
      .filter(([, info]) => !info.input)
      .map(([key]) => key)
      .join(', ') || '(none)'
  }; set with their own inputs: ${viaInputs.join(', ')}`
  const attrs: Attribute[] = []
  for (const [number, line] of lines(text).entries()) {
    const at = line.indexOf('=')
    // The line itself is not quoted back: it may be a credential pasted without its key.
    if (at <= 0)
      throw new InputError(
        Input.ExtraAttrs,
        `entry ${number + 1} is not key=value`,
        'one key=value per line',
      )
    const key = line.slice(0, at).trim().toLowerCase()
    const value = line.slice(at + 1).trim()
    const info = table[key]
    if (key === 'type') {
      throw new InputError(Input.ExtraAttrs, '"type" is set by the \'type\' input', known)
    }
    // What comes before "=" is never quoted back: a pasted secret that holds "=" (base64
    // padding) would be printed, lower-cased, past the runner's mask. A typo is named by the
    // attribute it is close to.
    if (!info) {
      const near = nearest(key, Object.keys(table))
      throw new InputError(
        Input.ExtraAttrs,
        `entry ${number + 1} names no attribute BuildKit reads for type ${type}${near ? ` (did you mean "${near}"?)` : ''}; it is not quoted here, as it may be a secret`,
        known,
      )
    }
    if (info.input) {
      throw new InputError(
        Input.ExtraAttrs,
        `"${key}" has its own input`,
        `set it with '${info.input}'`,
      )
    }
    if (attrs.some(([seen]) => seen === key)) {
      throw new InputError(Input.ExtraAttrs, `"${key}" is given twice`, 'each attribute once')
    }
    // A lone CR survives the split into lines; the value itself is not quoted (a credential).
    oneLine(Input.ExtraAttrs, value, `the value of "${key}"`)
    attrs.push([
      key,
      checkedValue(
        info,
        value,
        (problem, accepted) => new InputError(Input.ExtraAttrs, `${key}: ${problem}`, accepted),
      ),
    ])
  }
  return attrs
}

/** GitHub's default cache retention: entries unused this long are dropped. */
export const DEFAULT_RETENTION_MS = 7 * 86_400_000

/** The settings with the retention GitHub reports for the repository, when orphan-age is empty. */
export function withRetention(settings: PruneSettings, retentionMs: number): PruneSettings {
  if (settings.orphanAgeSource === 'input') return settings
  return { ...settings, orphanAgeMs: retentionMs, orphanAgeSource: 'github' }
}

/** GitHub's default repository cache limit, used when cache-limit is empty and none is reported. */
export const DEFAULT_CACHE_LIMIT_BYTES = 10e9

export function parsePruneSettings(read: InputReader): PruneSettings {
  const limitText = valueOf(read, Input.CacheLimit)
  const orphanText = valueOf(read, Input.OrphanAge)
  const cacheLimitBytes = limitText
    ? withInput(Input.CacheLimit, limitText, parseSize, SIZE_ACCEPTED)
    : DEFAULT_CACHE_LIMIT_BYTES
  if (cacheLimitBytes <= 0) throw new InputError(Input.CacheLimit, 'it is zero', 'a size above 0')
  const targetText = valueOf(read, Input.PruneTarget)
  const targetAccepted = `${PERCENT_ACCEPTED} (of cache-limit), or ${SIZE_ACCEPTED}`
  const pruneTarget = targetText.trim().endsWith('%')
    ? { share: withInput(Input.PruneTarget, targetText, parsePercent, targetAccepted) }
    : { bytes: withInput(Input.PruneTarget, targetText, parseSize, targetAccepted) }
  const pruneTargetBytes = targetBytes(pruneTarget, cacheLimitBytes)
  // A size against the limit GitHub will report is checked once it is known (withCacheLimit).
  if (pruneTargetBytes <= 0 || (limitText && pruneTargetBytes > cacheLimitBytes)) {
    throw new InputError(
      Input.PruneTarget,
      `"${targetText}" is ${pruneTargetBytes} bytes, outside 1 byte to cache-limit (${cacheLimitBytes} bytes)`,
      targetAccepted,
    )
  }
  return {
    prune: parseBoolean(read, Input.Prune),
    cacheLimitBytes,
    cacheLimitSource: limitText ? 'input' : 'default',
    pruneTargetBytes,
    pruneTarget,
    pruneGraceMs: withInput(
      Input.PruneGrace,
      valueOf(read, Input.PruneGrace),
      parseDuration,
      DURATION_ACCEPTED,
    ),
    orphanAgeMs: orphanText
      ? withInput(Input.OrphanAge, orphanText, parseDuration, DURATION_ACCEPTED)
      : DEFAULT_RETENTION_MS,
    orphanAgeSource: orphanText ? 'input' : 'default',
    protectDefaultBranch: parseBoolean(read, Input.ProtectDefaultBranch),
    githubToken: read(Input.GithubToken),
    dryRun: parseBoolean(read, Input.DryRun),
    summary: parseBoolean(read, Input.Summary),
  }
}

/** What `prune` with `type: registry` prunes: the cache repositories and the scopes built into them. */
export interface RegistryPruneSettings {
  /** Each line of `ref`: a cache repository, in the form the main step takes. */
  readonly repositories: readonly ImageRef[]
  /** Each line of `scope`: the scopes the building jobs give (their `scope` input, or job id). */
  readonly scopes: readonly string[]
}

const PRUNE_TYPES = ['gha', 'registry'] as const

/**
 * `prune`'s `type`, `ref` and `scope`: undefined for type gha (the Actions cache), the registry
 * targets for type registry. The tag names the main step derives need both the repository and
 * the scope, so both are required.
 */
function targetBytes(target: PruneSettings['pruneTarget'], limitBytes: number): number {
  return 'share' in target ? Math.floor(limitBytes * target.share) : target.bytes
}

/**
 * The settings with the limit GitHub reports for the repository, when cache-limit was left
 * empty: prune-target's share of it, or its size (at most the limit).
 */
export function withCacheLimit(settings: PruneSettings, reportedBytes: number): PruneSettings {
  if (settings.cacheLimitSource === 'input') return settings
  return {
    ...settings,
    cacheLimitBytes: reportedBytes,
    cacheLimitSource: 'github',
    pruneTargetBytes: Math.min(reportedBytes, targetBytes(settings.pruneTarget, reportedBytes)),
  }
}

export function parseRegistryPruneSettings(read: InputReader): RegistryPruneSettings | undefined {
  const type = oneOf(Input.Type, read(Input.Type) || 'gha', PRUNE_TYPES)
  if (type === 'gha') {
    for (const name of [Input.Ref, Input.Scope] as const) {
      if (read(name))
        throw new InputError(
          name,
          'it is for type registry, and type is gha',
          'type: registry with ref and scope, or neither',
        )
    }
    return undefined
  }
  const refLines = lines(read(Input.Ref))
  if (refLines.length === 0) {
    throw new InputError(
      Input.Ref,
      'type registry needs the cache repository, and it is empty',
      `${IMAGE_REF_ACCEPTED}, one per line`,
    )
  }
  const repositories = refLines.map((text) => {
    const ref = withInput(Input.Ref, text, parseImageRef, IMAGE_REF_ACCEPTED)
    if (ref.digest)
      throw new InputError(
        Input.Ref,
        `"${text}" names a digest`,
        'a repository with an optional tag, as the main step takes',
      )
    return ref
  })
  const scopes = lines(read(Input.Scope))
  if (scopes.length === 0) {
    throw new InputError(
      Input.Scope,
      'type registry needs the scopes the building jobs use, and it is empty',
      "one scope per line: each building job's scope input, or its job id where it sets none",
    )
  }
  for (const scope of scopes) scopeLength(scope, `"${scope.slice(0, 40)}…"`)
  return { repositories, scopes }
}

export function parseBuilderSettings(read: InputReader): BuilderSettings {
  const storage = read(Input.BuilderKeepStorage)
  const duration = read(Input.BuilderKeepDuration)
  return {
    usage: parseBoolean(read, Input.BuilderUsage),
    prune: parseBoolean(read, Input.BuilderPrune),
    ...(storage
      ? { keepStorageBytes: withInput(Input.BuilderKeepStorage, storage, parseSize, SIZE_ACCEPTED) }
      : {}),
    ...(duration
      ? {
          keepDurationMs: withInput(
            Input.BuilderKeepDuration,
            duration,
            parseDuration,
            DURATION_ACCEPTED,
          ),
        }
      : {}),
    filters: lines(read(Input.BuilderPruneFilter)),
  }
}

/** What `cache-mounts` and its companion inputs ask for. */
export interface MountSettings {
  readonly mounts: MountsInput
  /** The Dockerfile `auto` reads, as given (relative to the workspace). */
  readonly dockerfile: string
  /** A buildx builder's name, or a BuildKit address (`tcp://…`, `unix://…`); undefined: found. */
  readonly builder?: string
  readonly image: string
  readonly buildArgs: ReadonlyMap<string, string>
}

/** Image references are one word: registry/name[:tag][@digest]. */
const IMAGE_WORD = /^[a-z0-9][a-z0-9._\-/:@]*$/i

export function parseMountSettings(read: InputReader): MountSettings {
  const mounts = readMountsInput(read(Input.CacheMounts))
  const dockerfile = valueOf(read, Input.Dockerfile)
  oneLine(Input.Dockerfile, dockerfile)
  const builder = read(Input.Builder) || undefined
  if (builder !== undefined) {
    oneLine(Input.Builder, builder)
    if (/\s/.test(builder))
      throw new InputError(
        Input.Builder,
        'it holds a blank',
        "a buildx builder's name (steps.<id>.outputs.name of docker/setup-buildx-action) or a BuildKit address such as tcp://buildkitd:1234",
      )
  }
  const image = valueOf(read, Input.CacheMountImage)
  if (!IMAGE_WORD.test(image))
    throw new InputError(
      Input.CacheMountImage,
      'it is not an image reference',
      `an image with sh and tar, by tag or digest (default ${DEFAULT_MOUNT_IMAGE})`,
    )
  const buildArgs = readBuildArgs(read(Input.CacheMountBuildArgs))
  return { mounts, dockerfile, ...(builder ? { builder } : {}), image, buildArgs }
}

/** `runner.getInput` with surrounding white space trimmed (extra-attrs keeps its inner lines). */
const actionInput: InputReader = (name) => runner.getInput(name)

/** Cache settings from the action's inputs; credentials in attributes are masked. */
export function readCacheSettings(): CacheSettings {
  const settings = parseCacheSettings(actionInput)
  // Every form the outputs and the log print it in, each masked line by line too.
  maskSecret(...settings.secrets.flatMap(renderedForms))
  return settings
}

/** Pruning settings from the action's inputs; the GitHub token is masked. */
export function readPruneSettings(): PruneSettings {
  const settings = parsePruneSettings(actionInput)
  if (settings.githubToken) maskSecret(settings.githubToken)
  return settings
}

export function readRegistryPruneSettings(): RegistryPruneSettings | undefined {
  return parseRegistryPruneSettings(actionInput)
}

export function readMountSettings(): MountSettings {
  return parseMountSettings(actionInput)
}

export function readBuilderSettings(): BuilderSettings {
  return parseBuilderSettings(actionInput)
}
