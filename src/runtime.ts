/**
 * The Actions cache runtime: which cache service this job talks to (v2, or v1 on GHES), what its
 * runtime token may read and write, and handing the runtime variables to later steps.
 *
 * The runner gives `ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL`, `ACTIONS_CACHE_URL` and
 * `ACTIONS_CACHE_SERVICE_V2` to JavaScript actions only, not to `run:` steps
 * (actions/runner src/Runner.Worker/Handlers/NodeScriptActionHandler.cs vs ScriptHandler.cs);
 * buildx and buildctl read them to fill in `type=gha` (docs/github-cache.md).
 *
 * Everything but `exposeRuntime` is pure and takes the environment as an argument.
 */
import * as runner from './runner/workflow-commands.js'
import { Env, EXPOSED_RUNTIME_ENV } from './constants.js'
import { maskSecret } from './runner/log.js'

export type Environment = Readonly<Record<string, string | undefined>>
export type Protocol = 'v2' | 'v1'

/** One cache scope of the runtime token's `ac` claim. */
export interface TokenScope {
  readonly ref: string
  readonly read: boolean
  readonly write: boolean
}

/** What the main step knows about the cache runtime; holds no secret. */
export interface RuntimeInfo {
  readonly protocol: Protocol
  readonly ghes: boolean
  /** The service URL for `protocol`, when the runner gave one. */
  readonly serviceUrl?: string
  readonly hasToken: boolean
  /** The token's scopes, when it could be decoded. */
  readonly scopes?: readonly TokenScope[]
  /** Why the scopes are unknown, when they are. */
  readonly scopesUnknown?: string
  /** `ACTIONS_CACHE_MODE`, lower-cased; empty when unset. */
  readonly cacheMode: string
  /** Whether `ACTIONS_CACHE_MODE` allows restoring and saving (unset or unknown: both). */
  readonly modeAllowsRead: boolean
  readonly modeAllowsWrite: boolean
  /** Things worth a warning, in words. */
  readonly warnings: readonly string[]
}

/** GHES is anything but github.com, *.ghe.com and *.localhost (@actions/cache config.ts isGhes). */
export function isGhes(serverUrl: string | undefined): boolean {
  const host = new URL(serverUrl || 'https://github.com').hostname.trimEnd().toUpperCase()
  return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'))
}

/** Go's strconv.ParseBool true values: what buildx and buildctl accept for ACTIONS_CACHE_SERVICE_V2. */
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True']

/** The protocol as @actions/cache chooses it (config.ts getCacheServiceVersion). */
export function cacheServiceProtocol(env: Environment): Protocol {
  if (isGhes(env[Env.ServerUrl])) return 'v1'
  return env[Env.CacheServiceV2] ? 'v2' : 'v1'
}

/** The service URL for a protocol (@actions/cache config.ts getCacheServiceURL). */
export function cacheServiceUrl(env: Environment, protocol: Protocol): string | undefined {
  const url = protocol === 'v2' ? env[Env.ResultsUrl] : env[Env.CacheUrl] || env[Env.ResultsUrl]
  return url || undefined
}

/** Protocol, URL and token for the post step's cache-service client; the token stays in memory. */
export function runtimeCredentials(
  env: Environment,
): { protocol: Protocol; url: string; token: string } | undefined {
  const protocol = cacheServiceProtocol(env)
  const url = cacheServiceUrl(env, protocol)
  const token = env[Env.RuntimeToken]
  return url && token ? { protocol, url, token } : undefined
}

/**
 * The scopes of a runtime token: a JWT whose `ac` claim is a JSON string holding
 * `[{"Scope":"refs/heads/main","Permission":3}]`, Permission 1 = read, 2 = write
 * (docs/github-cache.md). The signature is not checked; nothing of the token
 * appears in an error.
 */
export function decodeTokenScopes(token: string): TokenScope[] {
  const parts = token.split('.')
  if (parts.length !== 3) throw new Error('the runtime token is not a JWT')
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    throw new Error('the runtime token payload is not JSON')
  }
  const ac = (claims as { ac?: unknown } | null)?.ac
  if (typeof ac !== 'string') throw new Error('the runtime token has no "ac" claim')
  let entries: unknown
  try {
    entries = JSON.parse(ac)
  } catch {
    throw new Error('the runtime token\'s "ac" claim is not JSON')
  }
  if (!Array.isArray(entries)) throw new Error('the runtime token\'s "ac" claim is not a list')
  return entries.map((entry: { Scope?: unknown; Permission?: unknown }) => {
    if (typeof entry?.Scope !== 'string' || typeof entry.Permission !== 'number') {
      throw new Error('the runtime token\'s "ac" claim has an entry without Scope and Permission')
    }
    return {
      ref: entry.Scope,
      read: (entry.Permission & 1) !== 0,
      write: (entry.Permission & 2) !== 0,
    }
  })
}

const KNOWN_CACHE_MODES = ['none', 'read', 'write', 'write-only']

export function discoverRuntime(env: Environment): RuntimeInfo {
  const protocol = cacheServiceProtocol(env)
  const ghes = isGhes(env[Env.ServerUrl])
  const token = env[Env.RuntimeToken]
  const v2Flag = env[Env.CacheServiceV2]
  const warnings: string[] = []
  if (v2Flag && !ghes && !GO_TRUE.includes(v2Flag)) {
    // @actions/cache takes any non-empty value as v2, Go's ParseBool does not (runs-on/runs-on#541).
    warnings.push(
      `${Env.CacheServiceV2}="${v2Flag}" is not a value buildx and buildctl read as true (they accept ${GO_TRUE.join(', ')}); they will use the v1 cache service`,
    )
  }
  if (v2Flag && ghes && GO_TRUE.includes(v2Flag)) {
    warnings.push(
      `${Env.CacheServiceV2} is set on GHES, which only serves the v1 cache service; buildx and buildctl will try v2`,
    )
  }
  let scopes: TokenScope[] | undefined
  let scopesUnknown: string | undefined
  if (!token) {
    scopesUnknown = `${Env.RuntimeToken} is not set`
  } else {
    try {
      scopes = decodeTokenScopes(token)
    } catch (error) {
      scopesUnknown = (error as Error).message
    }
  }
  const cacheMode = (env[Env.CacheMode] ?? '').trim().toLowerCase()
  const known = KNOWN_CACHE_MODES.includes(cacheMode)
  return {
    protocol,
    ghes,
    ...(cacheServiceUrl(env, protocol) ? { serviceUrl: cacheServiceUrl(env, protocol) } : {}),
    hasToken: Boolean(token),
    ...(scopes ? { scopes } : {}),
    ...(scopesUnknown ? { scopesUnknown } : {}),
    cacheMode,
    // The same reading of ACTIONS_CACHE_MODE as @actions/cache 6.3.0's.
    modeAllowsRead: !known || cacheMode === 'read' || cacheMode === 'write',
    modeAllowsWrite: !known || cacheMode === 'write' || cacheMode === 'write-only',
    warnings,
  }
}

/** The refs the token may read and write, and the ref a gha export lands in (the last writable). */
export function tokenRefs(info: RuntimeInfo): {
  readable: string[]
  writable: string[]
  exportRef?: string
} {
  const scopes = info.scopes ?? []
  const readable = scopes.filter((scope) => scope.read).map((scope) => scope.ref)
  const writable = scopes.filter((scope) => scope.write).map((scope) => scope.ref)
  // BuildKit names the index by the last scope with write permission (docs/buildkit-gha-format.md).
  const exportRef = writable.at(-1)
  return { readable, writable, ...(exportRef ? { exportRef } : {}) }
}

/** The variables `type=gha` needs that are missing, for the chosen protocol. */
export function missingForGha(info: RuntimeInfo): string[] {
  const missing: string[] = []
  if (!info.hasToken) missing.push(Env.RuntimeToken)
  if (!info.serviceUrl) missing.push(info.protocol === 'v2' ? Env.ResultsUrl : Env.CacheUrl)
  return missing
}

/** Lines describing the runtime for the log; never the token. */
export function describeRuntime(info: RuntimeInfo): string[] {
  const service =
    info.protocol === 'v2' ? 'v2 (Twirp, results service)' : `v1 (REST${info.ghes ? ', GHES' : ''})`
  const refs = tokenRefs(info)
  const lines = [`Cache service: ${service}${info.serviceUrl ? ` at ${info.serviceUrl}` : ''}`]
  if (info.scopes) {
    lines.push(`Readable refs: ${refs.readable.join(', ') || '(none)'}`)
    lines.push(`Writable refs: ${refs.writable.join(', ') || '(none)'}`)
  } else {
    lines.push(`Token scopes unknown: ${info.scopesUnknown}`)
  }
  if (info.cacheMode) lines.push(`${Env.CacheMode}: ${info.cacheMode}`)
  return lines
}

/**
 * Exports the runtime variables that are present to the steps after this one, the token masked
 * first, and returns their names. Only these four: not the other ACTIONS_* variables (the ID
 * token request, step debug flags) that a blanket copy would hand to every later script.
 */
export function exposeRuntime(env: Environment): string[] {
  const exported: string[] = []
  for (const name of EXPOSED_RUNTIME_ENV) {
    const value = env[name]
    if (!value) continue
    if (name === Env.RuntimeToken) maskSecret(value)
    runner.exportVariable(name, value)
    exported.push(name)
  }
  return exported
}
