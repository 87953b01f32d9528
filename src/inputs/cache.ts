/**
 * The main step's cache inputs (`type`, `mode`, `scope`, `ref`, …) → CacheSettings.
 */
import { Input, type InputName } from '../constants.js'
import { ATTRIBUTES, typesWithAttribute } from '../cache-options/attributes.js'
import type { ExportSetting } from '../cache-options/access.js'
import { IMAGE_REF_ACCEPTED, parseImageRef, type ImageRef } from '../cache-options/image-ref.js'
import {
  CACHE_MODES,
  CACHE_TYPES,
  type Attribute,
  type CacheMode,
  type CacheType,
} from '../cache-options/model.js'

import { InputError, InputReader, oneOf, parseBoolean, valueOf, withInput } from './reader.js'
import {
  checkCompressionLevel,
  checkImageManifest,
  extraAttributes,
  matrixText,
  oneLine,
  typedAttributes,
} from './attributes.js'

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

const SCOPE_MAX = 255

/** Refuses a scope longer than SCOPE_MAX; `value` names it in the message. */
export function scopeLength(scope: string, value = 'it'): void {
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

export function notForType(
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

export function parseRef(read: InputReader, type: CacheType): ImageRef | undefined {
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
