/**
 * Main → post state: what the post step needs and cannot re-read from inputs. One JSON document
 * under one state key (`runner.saveState` writes `$GITHUB_STATE`; the post step sees it as
 * `STATE_<key>`). Typed, tolerant of absence (main may have failed before saving) and of
 * documents from other versions, and secret-free: no field can hold a token.
 */
import * as runner from './workflow-commands.js'
import { State } from './constants.js'
import type { Protocol } from './runtime.js'
import { CACHE_TYPES, type CacheType } from './cache-options/model.js'

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
  if (!text) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return isMainState(value) ? value : undefined
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
