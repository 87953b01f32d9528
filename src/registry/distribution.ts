/**
 * A small client for the OCI distribution API, the part registry pruning uses: the tag list, a
 * manifest's digest (`HEAD`), and `DELETE` by digest. Authentication follows the registry's
 * `WWW-Authenticate` challenge: `Basic` with the Docker config's credentials, or `Bearer` with a
 * token from the challenge's realm (sent those credentials when there are any). Loopback
 * registries are spoken to over plain HTTP, as the Docker client does; every other over HTTPS.
 */
import { errorText } from '../runner/log-line.js'
import {
  type FetchLike,
  type TransportResponse,
  createTransport,
  isSuccess,
} from '../cache-service/transport.js'
import { REQUEST_CONCURRENCY, forEachLimited } from '../concurrency.js'
import { redactSecrets } from '../runner/secrets.js'
import type { BasicCredentials } from './docker-config.js'
import { type ListedTag, byTag } from './tag-planner.js'
import type { CacheRegistry } from './registry.js'

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The distribution error code (`UNSUPPORTED`, `DENIED`, …), when the registry sent one. */
    readonly code?: string,
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

export interface DistributionOptions {
  /** The registry host as the reference names it: `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  readonly host: string
  /** The repository path below the host: `owner/app-cache`. */
  readonly repository: string
  readonly credentials?: BasicCredentials
  readonly fetch?: FetchLike
  /** Multiplies the retry back-off (1 s, then 2 to 4 s): 1 in production, small in tests. */
  readonly delayScale?: number
  /** Called with each token the registry's token service hands out, before it is used. */
  readonly maskSecret?: (value: string) => void
}

/** The manifest types BuildKit's registry cache exports, so `HEAD` answers with the stored digest. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\])(?::\d+)?$/

/** The base URL of a registry host: Docker Hub's API host for docker.io, HTTP for loopback. */
export function registryBaseUrl(host: string): string {
  if (host === 'docker.io' || host === 'index.docker.io') return 'https://registry-1.docker.io'
  return `${LOOPBACK.test(host) ? 'http' : 'https'}://${host}`
}

export interface Challenge {
  readonly scheme: string
  readonly params: Readonly<Record<string, string>>
}

/** `Bearer realm="…",service="…",scope="repository:a:pull,push"` → scheme and parameters. Pure. */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header ?? '')
  if (!m) return undefined
  const params: Record<string, string> = {}
  for (const p of m[2]!.matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!
  }
  return { scheme: m[1]!.toLowerCase(), params }
}

/** The most a tag-list page or a token answer may hold. */
const MAX_BODY_BYTES = 16 * 1024 * 1024

/**
 * A registry client over the Distribution API. Long (about 140 lines) because it is a factory: its
 * body is the client's helpers (`attempt`, `token`, `send`, `listTagNames`, `digestOf`), each short,
 * sharing one transport and the authorizations learnt from the registry's challenges.
 */
export function createDistributionRegistry(o: DistributionOptions): CacheRegistry {
  const base = registryBaseUrl(o.host)
  // The cache service's retrying transport: 5xx and transport errors retried, a 429 after its
  // Retry-After; three attempts in all.
  const transport = createTransport({
    ...(o.fetch ? { fetch: o.fetch } : {}),
    retry: { maxAttempts: 3, baseDelayMs: 1000 * (o.delayScale ?? 1), multiplier: 2 },
  })
  const name = `${o.host}/${o.repository}`
  // Docker Hub's official images live under library/.
  const path =
    o.host === 'docker.io' && !o.repository.includes('/') ? `library/${o.repository}` : o.repository
  /** Authorization per kind of access: tokens are scoped to pull or delete. */
  const authorization = new Map<string, string>()

  /** One request through the transport; a request that got no answer is a RegistryError. */
  async function attempt(
    url: string,
    method: string,
    headers: Record<string, string>,
  ): Promise<TransportResponse> {
    try {
      return await transport.send({
        method,
        url,
        headers,
        label: `registry ${method}`,
        maxBodyBytes: MAX_BODY_BYTES,
      })
    } catch (error) {
      throw new RegistryError(0, (error as Error).message)
    }
  }

  async function token(challenge: Challenge): Promise<string> {
    const { realm, service, scope } = challenge.params
    if (!realm)
      throw new RegistryError(401, `${o.host} asked for a token without saying where to get one`)
    const url = new URL(realm)
    if (service) url.searchParams.set('service', service)
    if (scope) url.searchParams.set('scope', scope)
    const headers: Record<string, string> = o.credentials
      ? { authorization: basic(o.credentials) }
      : {}
    const res = await attempt(url.href, 'GET', headers)
    const body = parseJson(res.body) as { token?: unknown; access_token?: unknown } | undefined
    const value = typeof body?.token === 'string' ? body.token : body?.access_token
    if (!isSuccess(res.status) || typeof value !== 'string') {
      throw new RegistryError(
        res.status === 200 ? 401 : res.status,
        `the token service ${url.origin}${url.pathname} refused ${o.credentials ? `the credentials of ${o.credentials.username}` : 'an anonymous request'} (HTTP ${res.status})`,
      )
    }
    o.maskSecret?.(value)
    return `Bearer ${value}`
  }

  async function send(method: string, target: string, accept?: string): Promise<TransportResponse> {
    const url = new URL(target, base).href
    const access = method === 'DELETE' ? 'delete' : 'pull'
    const headers = (auth?: string): Record<string, string> => ({
      ...(accept ? { accept } : {}),
      ...(auth ? { authorization: auth } : {}),
    })
    let res = await attempt(url, method, headers(authorization.get(access)))
    if (res.status !== 401) return res
    const challenge = parseChallenge(res.headers.get('www-authenticate'))
    if (challenge?.scheme === 'bearer') authorization.set(access, await token(challenge))
    else if (challenge?.scheme === 'basic' && o.credentials)
      authorization.set(access, basic(o.credentials))
    else {
      throw new RegistryError(
        401,
        `${o.host} needs credentials and the Docker config has none for it (log in first, e.g. with docker/login-action)`,
        'UNAUTHORIZED',
      )
    }
    res = await attempt(url, method, headers(authorization.get(access)))
    return res
  }

  async function listTagNames(): Promise<string[]> {
    const names: string[] = []
    let next: string | undefined = `/v2/${path}/tags/list?n=1000`
    while (next) {
      const res = await send('GET', next)
      if (res.status === 404) return names // no such repository yet: nothing was ever pushed
      if (!isSuccess(res.status)) throw failure(res, `listing the tags of ${name}`)
      const body = parseJson(res.body) as { tags?: unknown } | undefined
      if (body === undefined) throw failure(res, `listing the tags of ${name} (not JSON)`)
      if (Array.isArray(body.tags))
        names.push(...body.tags.filter((t): t is string => typeof t === 'string'))
      next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1]
      // The credentials belong to this registry: a next page elsewhere is not followed.
      if (next !== undefined && new URL(next, base).origin !== new URL(base).origin) {
        throw new RegistryError(
          res.status,
          `listing the tags of ${name}: the registry's next page is on another host (${new URL(next, base).origin}); its credentials are not sent there`,
        )
      }
    }
    return names
  }

  async function digestOf(tag: string): Promise<string | undefined | null> {
    const res = await send(
      'HEAD',
      `/v2/${path}/manifests/${encodeURIComponent(tag)}`,
      MANIFEST_TYPES,
    )
    if (res.status === 404) return null // the tag went between the listing and now
    if (!isSuccess(res.status)) return undefined
    return res.headers.get('docker-content-digest') ?? undefined
  }

  return {
    name,
    async listTags() {
      const names = await listTagNames()
      const listed: ListedTag[] = []
      await forEachLimited(names, REQUEST_CONCURRENCY, async (tag) => {
        const digest = await digestOf(tag)
        if (digest === null) return
        listed.push(digest === undefined ? { tag } : { tag, target: digest })
      })
      return listed.sort(byTag)
    },
    async deleteTarget(digest) {
      const res = await send('DELETE', `/v2/${path}/manifests/${digest}`)
      if (res.status === 404) return 'missing'
      if (!isSuccess(res.status)) throw failure(res, `deleting ${name}@${digest}`)
      return 'deleted'
    },
    refusal(error) {
      if (!(error instanceof RegistryError)) return undefined
      if (error.status === 405 || error.code === 'UNSUPPORTED') {
        return `${o.host} does not allow deleting manifests (${error.message}); a distribution registry allows it with storage.delete.enabled: true`
      }
      if (error.status === 401 || error.status === 403 || error.code === 'DENIED') {
        return `${o.host} refused to delete from ${name} (${error.message}): the credentials in the Docker config (docker/login-action) need delete access to the repository`
      }
      return undefined
    },
    describeError: errorText,
  }
}

/** A registry's refusal as an error: Distribution's JSON error when there is one, else the start of the body. */
function failure(res: TransportResponse, what: string): RegistryError {
  const first = (
    parseJson(res.body) as { errors?: Array<{ code?: string; message?: string }> } | undefined
  )?.errors?.[0]
  const code = first?.code
  const message = first?.message || res.body.toString('utf8').slice(0, 200)
  return new RegistryError(
    res.status,
    redactSecrets(
      `${what}: HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`,
    ),
    code,
  )
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

function basic(c: BasicCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
}
