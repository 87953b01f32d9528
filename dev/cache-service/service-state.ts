import type { IncomingMessage } from 'node:http'
import { type BlobStorage, CONTAINER } from './blob-storage.js'
import type { Clock } from './clock.js'
import type { Faults } from './faults.js'
import type { Flood } from './flood.js'
import { HttpError } from './http.js'
import type { OwnerType, PackageStore } from './packages-api.js'
import type { FixedWindowLimiter } from './rate-limit.js'
import type { StoredEntry, CacheStore } from './store.js'
import { type TokenGrant, verifyRuntimeToken } from './token.js'

export interface PullRequest {
  state: 'open' | 'closed'
  /** Branch names, without `refs/heads/`. */
  base: string
  head: string
  merged?: boolean
  /** When it was closed (ms); set by the service when it is closed without one. */
  closedAt?: number
}

/** What the protocol handlers share: the model, blob storage, time, faults and limits. */
export interface ServiceState {
  readonly store: CacheStore
  readonly blobs: BlobStorage
  readonly clock: Clock
  readonly faults: Faults
  readonly secret: Buffer
  readonly uploads: FixedWindowLimiter
  readonly downloads: FixedWindowLimiter
  readonly declaredSizes: boolean
  /** The service's own origin and trailing slash. */
  readonly baseUrl: string
  /** Where signed blob URLs start: the account's path on the service, or an Azure-style account host it proxies. */
  readonly blobAccountUrl: string
  readonly repository: string
  readonly defaultBranch: string
  readonly githubTokens: ReadonlyMap<string, { actionsWrite: boolean; packagesWrite: boolean }>
  /** Whether the repository's owner is a user or an organisation (the Packages API's paths). */
  readonly ownerType: OwnerType
  /** The owner's container packages (ghcr.io), for the Packages REST API. */
  readonly packages: PackageStore
  readonly pulls: Map<number, PullRequest>
  /**
   * How `GET …/actions/cache/storage-limit` and `…/retention-limit` answer: 200 with the store's
   * limit and unused-entry expiry, or this status
   * (402, 403 or 404, as repositories without the feature or the permission get).
   */
  storageLimitStatus: 200 | 402 | 403 | 404
  readonly branches: Map<string, boolean>
  /**
   * The repository's cache is read-only for billing (a budget for cache storage ran out): every
   * new entry is refused with GitHub's `insufficient usage` answer; reads go on.
   */
  readOnlyForBilling: boolean
  /** Entries a ref writes at a steady rate, computed rather than stored (flood.ts). */
  flood?: Flood
  /** Forgets entries' blobs (in the background; `stop()` waits for it). */
  discard(entries: readonly StoredEntry[]): void
}

export const WRITE_DENIED = 'cache write denied: token has no writable scopes'
/** What a write meets while the cache is read-only for billing (@actions/cache matches `insufficient usage`). */
export const INSUFFICIENT_USAGE =
  'insufficient usage: the cache storage budget is exhausted, the cache is read-only'
export const READ_DENIED = 'cache read denied: token has no readable scopes'

export function blobNameOf(entryId: number): string {
  return `e${entryId}`
}

export function uploadUrlOf(state: ServiceState, entryId: number): string {
  const name = blobNameOf(entryId)
  return signedUrl(state, name, state.blobs.sas(name, 'upload'))
}

/** A read-only signed URL; the expired-URL fault makes it one Azure already refuses. */
export function downloadUrlOf(state: ServiceState, entryId: number): string {
  const name = blobNameOf(entryId)
  return signedUrl(
    state,
    name,
    state.blobs.sas(name, 'download', { expired: state.faults.takeExpiredUrl() }),
  )
}

function signedUrl(state: ServiceState, name: string, sas: string): string {
  return `${state.blobAccountUrl}/${CONTAINER}/${encodeURIComponent(name)}?${sas}`
}

/** The runtime token's grant, or a 401 that says what is wrong with the token. */
export function authenticate(state: ServiceState, req: IncomingMessage): TokenGrant {
  const header = req.headers.authorization ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match)
    throw new HttpError(
      401,
      'missing bearer token: send Authorization: Bearer $ACTIONS_RUNTIME_TOKEN',
    )
  const check = verifyRuntimeToken(state.secret, match[1]!, state.clock.now())
  if (!check.ok) throw new HttpError(401, check.reason)
  return check
}

/** Parses a JSON request field that must be a non-empty string of at most `max` characters. */
export function requireString(body: Record<string, unknown>, name: string, max = 512): string {
  const value = body[name]
  if (typeof value !== 'string' || value.length === 0) {
    throw new HttpError(400, `${name} is required and must be a non-empty string`)
  }
  if (value.length > max) throw new HttpError(400, `${name} is longer than ${max} characters`)
  return value
}

/** An int64 sent as a JSON string (proto3 JSON) or a number (go-actions-cache); absent is 0. */
export function int64Field(body: Record<string, unknown>, names: readonly string[]): number {
  const name = names.find((n) => body[n] !== undefined)
  if (name === undefined) return 0
  const raw = body[name]
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new HttpError(
      400,
      `${name} must be a whole number of bytes >= 0, got ${JSON.stringify(raw)}`,
    )
  }
  return value
}

export function asRecord(
  body: unknown,
  malformed: (detail: string) => HttpError,
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw malformed('request body must be a JSON object')
  }
  return body as Record<string, unknown>
}
