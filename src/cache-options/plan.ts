/**
 * Settings → the cache entries to import and export, per backend. Pure: the values are already
 * validated by `inputs.ts`; this decides which entries exist and which attributes go where.
 */
import { join } from 'node:path'
import { localExportDir } from '../local/paths.js'
import { ATTRIBUTES } from './attributes.js'
import { shortHash } from './hash.js'
import type { ImageRef } from './image-ref.js'
import type { Attribute, CacheMode, CachePlan, CacheSpec, CacheType, Direction } from './model.js'
import { importChain, refSlug, type RefContext } from '../refs.js'
import { dockerTag } from './docker-tag.js'

export interface SpecSettings {
  readonly type: CacheType
  readonly mode: CacheMode
  /** The resolved scope (the user's, or the default one). */
  readonly scope: string
  /** The image reference, for `registry` (the cache repository) and `inline` (the image). */
  readonly ref?: ImageRef
  /** The resolved local cache directory, for `local`. */
  readonly path?: string
  /** `ignore-error` on exports; true unless the user says otherwise. */
  readonly ignoreError: boolean
  /** Further attributes under BuildKit's names: typed inputs, then `extra-attrs`. */
  readonly attrs: readonly Attribute[]
}

/** Whether this run reads the cache and writes it (see `access.ts`). */
export interface Access {
  readonly importEnabled: boolean
  readonly exportEnabled: boolean
}

/**
 * The default local cache directory of a scope: `<RUNNER_TEMP>/buildkit-cache/<scope>`, the scope
 * made file-name-safe, with a hash when that changed it so two scopes never share a directory.
 */
export function localCacheDir(tempDir: string, scope: string): string {
  const safe = scope.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '')
  const name =
    safe === scope && safe !== '' ? safe : [safe, shortHash(scope)].filter(Boolean).join('-')
  return join(tempDir, 'buildkit-cache', name)
}

/** The registry tag of a scope on a ref: `<ref's tag>-<scope>-<ref slug>`, made tag-safe. */
export function registryTag(ref: ImageRef, scope: string, gitRef: string | undefined): string {
  return dockerTag([ref.tag, scope, gitRef && refSlug(gitRef)])
}

export function planCache(settings: SpecSettings, refs: RefContext, access: Access): CachePlan {
  const imports = access.importEnabled ? importSpecs(settings, refs) : []
  const exports = access.exportEnabled ? [exportSpec(settings, refs)] : []
  const buildArgs =
    settings.type === 'inline' && access.exportEnabled ? ['BUILDKIT_INLINE_CACHE=1'] : []
  return { imports, exports, buildArgs }
}

function importSpecs(settings: SpecSettings, refs: RefContext): CacheSpec[] {
  const extra = attrsFor(settings, 'import')
  switch (settings.type) {
    case 'gha':
      return [spec('gha', [['scope', settings.scope]], extra)]
    case 'registry': {
      const image = required(settings.ref, 'ref')
      // Without a ref of its own (outside Actions) the run still imports what it exports.
      const gitRefs = refs.ref ? importChain(refs) : [undefined, ...importChain(refs)]
      return gitRefs.map((gitRef) =>
        spec('registry', [['ref', imageWithTag(image, settings.scope, gitRef)]], extra),
      )
    }
    case 'inline':
      // The inline cache travels in the image config; BuildKit reads it through the registry
      // importer.
      return [spec('registry', [['ref', formatImageRef(required(settings.ref, 'ref'))]], extra)]
    case 'local':
      return [spec('local', [['src', required(settings.path, 'path')]], extra)]
    case 's3':
    case 'azblob':
      return [spec(settings.type, [['name', settings.scope]], extra)]
  }
}

function exportSpec(settings: SpecSettings, refs: RefContext): CacheSpec {
  const extra = attrsFor(settings, 'export')
  // BuildKit drops mode and ignore-error for inline; an explicit mode=min also keeps this entry
  // distinct from the one buildx adds for the BUILDKIT_INLINE_CACHE build arg, so passing both is
  // no "duplicate cache exports".
  if (settings.type === 'inline') return spec('inline', [['mode', 'min']], extra)
  const identity: Attribute[] = (() => {
    switch (settings.type) {
      case 'gha':
        return [['scope', settings.scope]]
      case 'registry': {
        const image = required(settings.ref, 'ref')
        return [['ref', imageWithTag(image, settings.scope, refs.ref)]]
      }
      case 'local':
        return [['dest', localExportDir(required(settings.path, 'path'))]]
      case 's3':
      case 'azblob':
        return [['name', settings.scope]]
    }
  })()
  return spec(
    settings.type,
    [...identity, ['mode', settings.mode]],
    [...extra, ['ignore-error', String(settings.ignoreError)]],
  )
}

function spec(type: string, identity: Attribute[], rest: readonly Attribute[]): CacheSpec {
  return { type, attrs: [...identity, ...rest] }
}

/** The user's attributes that the importer or the exporter of this type reads. */
function attrsFor(settings: SpecSettings, direction: Direction): Attribute[] {
  const table = ATTRIBUTES[settings.type]
  return settings.attrs.filter(([key]) => table[key]?.directions.includes(direction))
}

function imageWithTag(image: ImageRef, scope: string, gitRef: string | undefined): string {
  return `${image.name}:${registryTag(image, scope, gitRef)}`
}

function formatImageRef(image: ImageRef): string {
  return `${image.name}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`
}

function required<T>(value: T | undefined, name: string): T {
  // inputs.ts refuses settings without it; reaching this is a programming error.
  if (value === undefined) throw new Error(`internal: cache plan needs ${name}`)
  return value
}
