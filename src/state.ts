/**
 * Main → post state: what the post step needs and cannot re-read from inputs. One JSON document
 * under one state key (`runner.saveState` writes `$GITHUB_STATE`; the post step sees it as
 * `STATE_<key>`). Typed, tolerant of absence (main may have failed before saving) and of
 * documents from other versions, and secret-free: no field can hold a token.
 */
import * as runner from './runner/workflow-commands.js'
import { State } from './constants.js'
import type { Protocol } from './runtime.js'
import { CACHE_TYPES, type CacheType } from './cache-options/model.js'
import type { MountsState } from './cache-mounts/carry.js'

export const STATE_VERSION = 1

/** What the main step restored for `type=local` (filled in by `src/local/`). */
export interface LocalState {
  readonly cacheHit: boolean
  readonly restoredKey?: string
  readonly manifestDigest?: string
}

export interface MainState {
  readonly version: typeof STATE_VERSION
  readonly type: CacheType
  /** The resolved scope (gha scope, s3/azblob name, registry tag part, local directory name). */
  readonly scope: string
  /** The resolved local cache directory (type local). */
  readonly path?: string
  readonly importEnabled: boolean
  readonly exportEnabled: boolean
  readonly protocol: Protocol
  /** `GITHUB_REF` of the run. */
  readonly ref?: string
  /** The runtime token's refs; empty when the token could not be decoded. */
  readonly readableRefs: readonly string[]
  readonly writableRefs: readonly string[]
  /** Where a gha export lands: the token's last writable ref. */
  readonly exportRef?: string
  /** When the main step ran (ISO 8601): entries newer than this are this job's. */
  readonly startedAt: string
  /**
   * The gha export carries `ghtoken` (BuildKit's REST key map), so it skips the per-layer lookups
   * by which pruning dates a blob's use.
   */
  readonly exportKeyMap?: boolean
  readonly local?: LocalState
}

/** Saves the state for the post step. */
export function saveMainState(state: MainState): void {
  runner.saveState(State.Main, JSON.stringify(state))
}

/** The state the main step saved, or undefined when it saved none (or none this version reads). */
export function loadMainState(): MainState | undefined {
  return parseMainState(runner.getState(State.Main))
}

/** Parses a saved state document; anything unreadable is treated as absent. */
export function parseMainState(text: string): MainState | undefined {
  const value = jsonOf(text)
  return isMainState(value) ? value : undefined
}

/** A saved document's JSON value; undefined when there is none or it is not JSON. */
function jsonOf(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

const isString = (value: unknown): value is string => typeof value === 'string'
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isString)
const isOptional = (value: unknown, check: (value: unknown) => boolean): boolean =>
  value === undefined || check(value)

function isLocalState(value: unknown): boolean {
  const local = value as Partial<Record<keyof LocalState, unknown>> | null
  return (
    typeof local === 'object' &&
    local !== null &&
    typeof local.cacheHit === 'boolean' &&
    isOptional(local.restoredKey, isString) &&
    isOptional(local.manifestDigest, isString)
  )
}

function isMainState(value: unknown): value is MainState {
  const state = value as Partial<Record<keyof MainState, unknown>> | null
  return (
    typeof state === 'object' &&
    state !== null &&
    state.version === STATE_VERSION &&
    (CACHE_TYPES as readonly unknown[]).includes(state.type) &&
    isString(state.scope) &&
    isOptional(state.path, isString) &&
    typeof state.importEnabled === 'boolean' &&
    typeof state.exportEnabled === 'boolean' &&
    (state.protocol === 'v1' || state.protocol === 'v2') &&
    isOptional(state.ref, isString) &&
    isStringList(state.readableRefs) &&
    isStringList(state.writableRefs) &&
    isOptional(state.exportRef, isString) &&
    isString(state.startedAt) &&
    isOptional(state.exportKeyMap, (v) => typeof v === 'boolean') &&
    isOptional(state.local, isLocalState)
  )
}

/**
 * The cache mounts the main step restored, for the post step's extract and save (a second state
 * key: a step without cache mounts saves none).
 */
export interface SavedMounts {
  readonly version: typeof STATE_VERSION
  readonly mounts: MountsState
  /** Whether this job may write them (cache-mode, export, the token), and why not. */
  readonly exportEnabled: boolean
  readonly exportReason: string
  /** What the restore warned of, for the summary. */
  readonly restoreWarnings: readonly string[]
}

export function saveMountsState(state: SavedMounts): void {
  runner.saveState(State.Mounts, JSON.stringify(state))
}

export function loadMountsState(): SavedMounts | undefined {
  return parseMountsState(runner.getState(State.Mounts))
}

export function parseMountsState(text: string): SavedMounts | undefined {
  const saved = jsonOf(text) as Partial<Record<keyof SavedMounts, unknown>> | null
  if (
    typeof saved !== 'object' ||
    saved === null ||
    saved.version !== STATE_VERSION ||
    typeof saved.exportEnabled !== 'boolean' ||
    !isString(saved.exportReason) ||
    !isStringList(saved.restoreWarnings) ||
    !isMountsState(saved.mounts)
  ) {
    return undefined
  }
  return saved as SavedMounts
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0

function isIdentity(value: unknown): boolean {
  if (!isObject(value) || !isString(value.key)) return false
  const base = value.base
  return (
    isOptional(base, (b) => isObject(b) && isCount(b.uid) && isCount(b.gid) && isCount(b.mode)) &&
    isOptional(value.from, isString)
  )
}

function isMountsState(value: unknown): boolean {
  if (!isObject(value)) return false
  const target = value.target
  return (
    isString(value.dir) &&
    isString(value.scope) &&
    isString(value.namespace) &&
    isString(value.image) &&
    isObject(target) &&
    ((target.client === 'buildx' && isOptional(target.builder, isString)) ||
      (target.client === 'buildctl' && isOptional(target.addr, isString))) &&
    isOptional(value.injectMs, (v) => typeof v === 'number') &&
    Array.isArray(value.mounts) &&
    value.mounts.every(
      (m: unknown) =>
        isObject(m) &&
        isIdentity(m.identity) &&
        isString(m.label) &&
        // A file name of the action's own making, never a path.
        isString(m.file) &&
        /^[0-9a-f]{16}\.tar$/.test(m.file) &&
        isOptional(m.restoredKey, isString) &&
        isOptional(m.restoredDigest, isString) &&
        isOptional(m.injected, (v) => typeof v === 'boolean'),
    )
  )
}
