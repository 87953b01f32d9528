import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** One entry of the runtime token's `ac` claim, spelled as GitHub spells it. */
export interface CacheScope {
  Scope: string
  Permission: number
}

/** Permission bits in `ac` (tonistiigi/go-actions-cache cache.go `Permission`). */
export const PERMISSION_READ = 1
export const PERMISSION_WRITE = 2

/** GitHub's runtime tokens live about six hours (go-actions-cache api.md). */
export const DEFAULT_TOKEN_TTL_SECONDS = 6 * 60 * 60

export interface TokenGrant {
  /** Refs the token may read, in the order lookups search them. */
  readable: string[]
  /** The ref new entries are written to, if any. */
  writable: string | undefined
  scopes: CacheScope[]
}

export type TokenCheck = ({ ok: true } & TokenGrant) | { ok: false; reason: string }

/** The `ac` scopes GitHub gives a job on `ref`: its own ref first, then what it may also read. */
export function scopesFor(o: {
  ref: string
  readRefs: readonly string[]
  write: boolean
}): CacheScope[] {
  const own = {
    Scope: o.ref,
    Permission: o.write ? PERMISSION_READ | PERMISSION_WRITE : PERMISSION_READ,
  }
  const others = o.readRefs
    .filter((r, i, all) => r !== o.ref && all.indexOf(r) === i)
    .map((r) => ({ Scope: r, Permission: PERMISSION_READ }))
  return [own, ...others]
}

/**
 * Signs a JWT shaped like the runner's ACTIONS_RUNTIME_TOKEN. BuildKit parses it unverified but
 * needs a registered `alg`, `ac` as a JSON string, and numeric `nbf`/`exp` (go-actions-cache
 * cache.go `New`); the service verifies the HMAC itself.
 */
export function mintRuntimeToken(
  secret: Buffer,
  o: { scopes: CacheScope[]; nowMs: number; ttlSeconds?: number; repositoryId?: number },
): string {
  const iat = Math.floor(o.nowMs / 1000)
  const ttl = o.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS
  if (!Number.isFinite(ttl) || ttl <= 0) {
    throw new RangeError(`runtimeToken: ttlSeconds must be a positive number, got ${ttl}`)
  }
  const payload = {
    nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
    scp: 'Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results',
    ac: JSON.stringify(o.scopes),
    repository_id: String(o.repositoryId ?? 1),
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vso:00000000-0000-0000-0000-000000000000',
    iat,
    nbf: iat,
    exp: iat + Math.floor(ttl),
  }
  return signJwt(secret, { typ: 'JWT', alg: 'HS256' }, payload)
}

export function signJwt(secret: Buffer, header: object, payload: object): string {
  const head = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`
  return `${head}.${hmac(secret, head).toString('base64url')}`
}

/** Checks signature, algorithm, validity window and the `ac` claim, in that order. */
export function verifyRuntimeToken(secret: Buffer, token: string, nowMs: number): TokenCheck {
  const parts = token.split('.')
  if (parts.length !== 3) return fail('token is not a JWT (expected three dot-separated parts)')
  const [h, p, s] = parts as [string, string, string]
  const header = parseJson(h)
  if (!isRecord(header)) return fail('token header is not base64url JSON')
  if (header.alg !== 'HS256')
    return fail(`token algorithm ${JSON.stringify(header.alg)} is not accepted`)
  const expected = hmac(secret, `${h}.${p}`)
  const given = Buffer.from(s, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('token signature is invalid')
  }
  const claims = parseJson(p)
  if (!isRecord(claims)) return fail('token payload is not base64url JSON')
  const { nbf, exp, ac } = claims
  if (typeof nbf !== 'number' || typeof exp !== 'number') return fail('token lacks numeric nbf/exp')
  const nowSeconds = nowMs / 1000
  if (nowSeconds < nbf)
    return fail(`token is not valid before ${new Date(nbf * 1000).toISOString()}`)
  if (nowSeconds >= exp) return fail(`token expired at ${new Date(exp * 1000).toISOString()}`)
  if (typeof ac !== 'string') return fail('token claim ac must be a JSON string')
  const scopes = parseScopes(ac)
  if (!scopes) return fail('token claim ac is not a list of {Scope, Permission}')
  return { ok: true, ...grantOf(scopes) }
}

/** Readable refs in `ac` order; the writable ref is the last one with write permission, as BuildKit picks it (gha.go `indexKey`). */
export function grantOf(scopes: CacheScope[]): TokenGrant {
  const readable = scopes.filter((s) => s.Permission & PERMISSION_READ).map((s) => s.Scope)
  const writable = scopes.filter((s) => s.Permission & PERMISSION_WRITE).map((s) => s.Scope)
  return { readable: [...new Set(readable)], writable: writable.at(-1), scopes }
}

/** An opaque token in the shape of a GITHUB_TOKEN (an installation token, `ghs_`). */
export function mintGithubToken(): string {
  return `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`
}

function parseScopes(ac: string): CacheScope[] | undefined {
  const list = parseRawJson(ac)
  if (!Array.isArray(list)) return undefined
  const ok = list.every(
    (s) => isRecord(s) && typeof s.Scope === 'string' && Number.isInteger(s.Permission),
  )
  return ok ? (list as CacheScope[]) : undefined
}

function hmac(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest()
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url')
}

function parseJson(segment: string): unknown {
  return parseRawJson(Buffer.from(segment, 'base64url').toString('utf8'))
}

function parseRawJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function fail(reason: string): TokenCheck {
  return { ok: false, reason }
}
