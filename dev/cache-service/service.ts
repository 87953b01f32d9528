import { randomBytes } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { ARTIFACTCACHE_PREFIX, ArtifactCacheApi, routeArtifactCache } from './artifactcache.js'
import { BlobStorage } from './blob-storage.js'
import { blobOperation, proxyToBlobStorage } from './blob-proxy.js'
import { type Clock, isObservableClock, systemClock } from './clock.js'
import { type Endpoint, type EndpointFamily, familyOf } from './endpoints.js'
import { type FaultControl, Faults, seededRandom } from './faults.js'
import { Flood, type FloodSpec } from './flood.js'
import { HttpError, sendError } from './http.js'
import { FixedWindowLimiter } from './rate-limit.js'
import { type OwnerType, type PackageVersion, PackageStore, routePackages } from './packages-api.js'
import { REST_PREFIX, routeRest } from './rest-api.js'
import { boundariesCrossed } from './schedule.js'
import { type PullRequest, type ServiceState, blobNameOf } from './service-state.js'
import { type StoredEntry, CacheStore, type EvictionReport } from './store.js'
import {
  type CacheScope,
  DEFAULT_TOKEN_TTL_SECONDS,
  mintGithubToken,
  mintRuntimeToken,
  scopesFor,
} from './token.js'
import { TWIRP_METHODS, TWIRP_PREFIX, type TwirpMethod, handleTwirp } from './twirp.js'
import { branchRef } from '../../src/refs.js'

/** 10 GiB: GitHub says "10 GB"; @actions/cache's own size check counts it as 10 * 1024^3. */
export const DEFAULT_LIMIT_BYTES = 10 * 1024 ** 3
export const HOUR_MS = 60 * 60 * 1000
export const DAY_MS = 24 * HOUR_MS

export interface CacheServiceOptions {
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string
  /** Default 0: a free port. */
  port?: number
  /** Azurite's port, default 0 (clients never see it: signed URLs point at `port`). */
  blobPort?: number
  /** Default 'octo-org/octo-repo'. */
  repository?: string
  /** Default 'main'. */
  defaultBranch?: string
  /** Whether the repository's owner is a user or an organisation (Packages API paths); default Organization. */
  ownerType?: OwnerType
  /** Repository size limit in bytes, default 10 GiB (`DEFAULT_LIMIT_BYTES`). */
  limitBytes?: number
  /** Default: the system clock. A `ManualClock` makes eviction run as it is moved. */
  clock?: Clock
  /** Default 1 h; eviction runs at every multiple of it that the clock passes. */
  evictionIntervalMs?: number
  /** Default 7 days without access. */
  unusedExpiryMs?: number
  /** Reserved-but-never-committed entries are dropped by the first eviction pass this long after; default 1 h. */
  reservationTimeoutMs?: number
  /** New entries per minute per repository, default 200; 0 turns the limit off. */
  uploadsPerMinute?: number
  /** Lookups per minute per repository, default 0 (off); GitHub documents 1 500. */
  downloadsPerMinute?: number
  /** Record the size a client declares at finalize/commit instead of the stored bytes (simulations). */
  declaredSizes?: boolean
  /**
   * 'loopback' (default): signed URLs point at the service. 'azure-host': they name
   * `http://devstoreaccount1.blob.core.windows.net/…` and the service doubles as the HTTP proxy
   * that resolves that host (`jobEnv` sets HTTP_PROXY), so clients that pick their download
   * path by host, as @actions/cache does, take the Azure SDK path they take on github.com.
   */
  blobUrls?: 'loopback' | 'azure-host'
  /** Keep blobs under this directory instead of in memory (large benchmarks). */
  storageDir?: string
  /** Seed of the generator behind fault rates, default 1. */
  faultSeed?: number
  /** One line per request (method, path without query, status, ms); off by default. */
  log?: (line: string) => void
}

export interface RuntimeTokenOptions {
  ref: string
  /** Default: the default branch, when `ref` is another ref. */
  readRefs?: string[]
  /** Default true. */
  write?: boolean
  /** Default 6 h, counted on the service's clock. */
  ttlSeconds?: number
  scopes?: CacheScope[]
}

export interface JobEnvOptions {
  ref: string
  /** Refs the job may also read; default: the default branch, when `ref` is another ref. */
  readRefs?: string[]
  /** Whether the runtime token may write `ref`, default true (false: read-only, as for untrusted triggers). */
  write?: boolean
  /** 'v2' (default) or 'v1' (GHES: `GITHUB_SERVER_URL` is a GHES host, so @actions/cache picks v1). */
  protocol?: 'v2' | 'v1'
  /** Whether GITHUB_TOKEN has `actions: write`, default true. */
  actionsWrite?: boolean
  /** Sets ACTIONS_CACHE_MODE, which runner 2.336+ passes and @actions/cache 6.3 honours. */
  cacheMode?: string
  ttlSeconds?: number
}

export interface SeedEntry {
  key: string
  version: string
  ref: string
  /** Stored as the entry's blob, so downloads work; without it the entry has no blob. */
  content?: Buffer
  /** Default: the content's length, or 0. */
  sizeBytes?: number
  createdAt?: number
  lastAccessedAt?: number
}

export interface ServiceFaults extends FaultControl {
  /** Deletes an entry's blob but keeps the entry: lookups hit, downloads get Azure's 404. */
  loseBlob(entryId: number): Promise<void>
}

export interface RunningCacheService {
  /** Base URL ending in '/': ACTIONS_RESULTS_URL and ACTIONS_CACHE_URL. */
  readonly url: string
  /** GITHUB_API_URL for the REST API. */
  readonly apiUrl: string
  /** A token the REST API accepts, with `actions: write`. */
  readonly githubToken: string
  /** A token with `actions: read` only: deletes get GitHub's 403. */
  readonly readOnlyGithubToken: string
  readonly repository: string
  readonly defaultBranch: string
  readonly clock: Clock
  readonly faults: ServiceFaults
  /** `scopes` replaces the `ac` claim outright (e.g. `[]`: a token that can read nothing). */
  runtimeToken(o: RuntimeTokenOptions): string
  jobEnv(o: JobEnvOptions): Record<string, string>
  entries(): StoredEntry[]
  /** Inserts committed entries directly, for simulations that need many. */
  seedEntries(entries: readonly SeedEntry[]): Promise<StoredEntry[]>
  setPullRequest(n: number, pr: PullRequest): void
  setBranch(name: string, exists: boolean): void
  /**
   * ghcr.io as the Packages REST API shows it: `digest` pushed to the owner's container package
   * `packageName` under `tags` (each tag leaves any other version it was on).
   */
  pushPackageVersion(packageName: string, digest: string, tags: readonly string[]): PackageVersion
  packageVersions(packageName: string): readonly PackageVersion[]
  setLimitBytes(bytes: number): void
  /** How the storage-limit endpoint answers: 200 (the limit) or a refusal status. */
  setStorageLimitStatus(status: 200 | 402 | 403 | 404): void
  /** Makes the cache read-only for billing (new entries refused with `insufficient usage`), or writable again. */
  setReadOnlyForBilling(on: boolean): void
  /** A ref that writes entries at a steady rate from now on (flood.ts); undefined stops it. */
  setFlood(spec: FloodSpec | undefined): Flood | undefined
  /** One eviction pass now, outside the schedule. */
  runEviction(): EvictionReport
  /** Every scheduled pass that removed something, oldest first. */
  evictionLog(): EvictionReport[]
  requestCounts(): Record<string, number>
  resetRequestCounts(): void
  stop(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export async function startCacheService(o: CacheServiceOptions = {}): Promise<RunningCacheService> {
  const host = o.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) {
    throw new RangeError(
      `host must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}`,
    )
  }
  const repository = o.repository ?? 'octo-org/octo-repo'
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new RangeError(`repository must look like owner/name, got ${JSON.stringify(repository)}`)
  }
  const limitBytes = checkCount('limitBytes', o.limitBytes ?? DEFAULT_LIMIT_BYTES)
  if (o.blobUrls !== undefined && o.blobUrls !== 'loopback' && o.blobUrls !== 'azure-host') {
    throw new RangeError(
      `blobUrls must be 'loopback' or 'azure-host', got ${JSON.stringify(o.blobUrls)}`,
    )
  }
  const evictionIntervalMs = checkCount('evictionIntervalMs', o.evictionIntervalMs ?? HOUR_MS, 1)
  const clock = o.clock ?? systemClock
  const defaultBranch = o.defaultBranch ?? 'main'
  const log = o.log ?? (() => {})

  // Everything that can refuse an option does so before anything is started.
  const store = new CacheStore({
    limitBytes,
    unusedExpiryMs: checkCount('unusedExpiryMs', o.unusedExpiryMs ?? 7 * DAY_MS, 1),
    reservationTimeoutMs: checkCount('reservationTimeoutMs', o.reservationTimeoutMs ?? HOUR_MS, 1),
  })
  const uploads = new FixedWindowLimiter(o.uploadsPerMinute ?? 200)
  const downloads = new FixedWindowLimiter(o.downloadsPerMinute ?? 0)

  const blobs = await BlobStorage.start({ host, port: o.blobPort ?? 0, location: o.storageDir })
  const server = createServer()
  server.keepAliveTimeout = 5_000
  try {
    await listen(server, host, o.port ?? 0)
  } catch (e) {
    await blobs.stop()
    throw e
  }
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://${host === '::1' ? '[::1]' : host}:${port}/`
  const ownHost = new URL(baseUrl).host
  const azureHost = `${blobs.account}.blob.core.windows.net`
  const blobUrls = o.blobUrls ?? 'loopback'

  const githubToken = mintGithubToken()
  const readOnlyGithubToken = mintGithubToken()
  const pendingDeletes = new Set<Promise<void>>()
  const state: ServiceState = {
    store,
    blobs,
    clock,
    faults: new Faults(seededRandom(o.faultSeed ?? 1)),
    secret: randomBytes(32),
    uploads,
    downloads,
    declaredSizes: o.declaredSizes ?? false,
    baseUrl,
    blobAccountUrl:
      blobUrls === 'azure-host' ? `http://${azureHost}` : `${baseUrl}${blobs.account}`,
    repository,
    defaultBranch,
    githubTokens: new Map([
      [githubToken, { actionsWrite: true, packagesWrite: true }],
      [readOnlyGithubToken, { actionsWrite: false, packagesWrite: false }],
    ]),
    ownerType: o.ownerType ?? 'Organization',
    packages: new PackageStore(clock),
    pulls: new Map(),
    storageLimitStatus: 200,
    readOnlyForBilling: false,
    branches: new Map([[defaultBranch, true]]),
    discard(entries) {
      v1.forget(entries.map((e) => e.id))
      for (const e of entries) {
        const p = blobs
          .delete(blobNameOf(e.id))
          .catch(() => {})
          .finally(() => pendingDeletes.delete(p))
        pendingDeletes.add(p)
      }
    },
  }
  const v1 = new ArtifactCacheApi(state)

  // Scheduled eviction: passes at each interval boundary the clock crosses, caught up on every
  // request, on every move of a driven clock, and by a timer when time is real.
  const evictions: EvictionReport[] = []
  let lastPass = clock.now()
  const evictAt = (at: number): EvictionReport => {
    const report = store.evict(at)
    state.discard([...report.abandoned, ...report.expired, ...report.evicted])
    return report
  }
  const catchUp = (): void => {
    const now = clock.now()
    for (const at of boundariesCrossed(lastPass, now, evictionIntervalMs)) {
      const report = evictAt(at)
      if (report.abandoned.length + report.expired.length + report.evicted.length > 0)
        evictions.push(report)
    }
    lastPass = Math.max(lastPass, now)
  }
  const unsubscribe = isObservableClock(clock) ? clock.onChange(catchUp) : undefined
  const timer = unsubscribe
    ? undefined
    : setInterval(catchUp, Math.min(evictionIntervalMs, 60_000)).unref()

  const counts = new Map<string, number>()
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now()
    // Every answer is dated by the service's clock, as GitHub's are by its own: clients judge
    // entries' times by it (a driven clock moves it).
    res.setHeader('date', new Date(clock.now()).toUTCString())
    res.on('finish', () =>
      log(
        `${req.method} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`,
      ),
    )
    dispatch(req, res).catch((e: unknown) => {
      internalError(e)
      res.destroy()
    })
  })
  // A malformed request line or header must cost that connection, never the service.
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  // Proxy clients that tunnel plain http (@actions/http-client does, through `tunnel`) CONNECT
  // first; the tunnel to the Azure-style host ends here, so its requests are served like any.
  server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {})
    const target = (req.url ?? '').replace(/:80$/, '')
    if (blobUrls !== 'azure-host' || target !== azureHost) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) socket.unshift(head)
    server.emit('connection', socket)
  })

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', () => {})
    res.on('error', () => {})
    // Absolute-form (a proxied request) or, inside a tunnel, the Host header names the target.
    const tunnelled =
      blobUrls === 'azure-host' && req.headers.host?.replace(/:80$/, '') === azureHost
    let route: ReturnType<typeof resolve>
    try {
      const url = new URL(req.url ?? '/', tunnelled ? `http://${azureHost}` : baseUrl)
      route = resolve(req.method ?? 'GET', url)
    } catch (e) {
      // A target URL or path that does not even parse (bad percent-encoding and the like).
      route = unrouted('unknown', new HttpError(400, `bad request target: ${(e as Error).message}`))
    }
    const family = familyOf(route.endpoint)
    counts.set(route.endpoint, (counts.get(route.endpoint) ?? 0) + 1)
    try {
      catchUp()
      const decision = state.faults.decide(route.endpoint)
      if (decision.latencyMs > 0) await sleep(decision.latencyMs)
      if (decision.failure) {
        const { status, message, retryAfterSeconds } = decision.failure
        throw new HttpError(status, message, { retryAfterSeconds })
      }
      await route.run(req, res)
    } catch (e) {
      const err = e instanceof HttpError ? e : internalError(e)
      sendError(res, family === 'unknown' ? 'rest' : family, err)
    } finally {
      if (!req.complete) req.resume()
    }
  }

  function internalError(e: unknown): HttpError {
    log(`internal error: ${(e as Error)?.stack ?? String(e)}`)
    return new HttpError(500, `internal error: ${(e as Error)?.message ?? String(e)}`)
  }

  function resolve(
    method: string,
    url: URL,
  ): { endpoint: Endpoint; run: (req: IncomingMessage, res: ServerResponse) => Promise<void> } {
    const path = url.pathname
    if (url.host !== ownHost) {
      // An absolute-form request: the service is being used as an HTTP proxy.
      if (blobUrls === 'azure-host' && url.hostname === azureHost) {
        const target = `/${blobs.account}${path}${url.search}`
        return {
          endpoint: blobOperation(method, url),
          run: (req, res) => proxyToBlobStorage(blobs.origin, target, req, res),
        }
      }
      return unrouted(
        'unknown',
        new HttpError(403, `this service only proxies ${azureHost}, not ${url.host}`),
      )
    }
    if (path.startsWith(TWIRP_PREFIX)) {
      const name = path.slice(TWIRP_PREFIX.length)
      if ((TWIRP_METHODS as readonly string[]).includes(name)) {
        return {
          endpoint: `v2.${name as TwirpMethod}`,
          run: (req, res) => handleTwirp(state, name as TwirpMethod, req, res),
        }
      }
      return unrouted(
        'v2',
        new HttpError(404, `no handler for path ${JSON.stringify(path)}`, { code: 'bad_route' }),
      )
    }
    if (path.startsWith(ARTIFACTCACHE_PREFIX)) {
      const route = routeArtifactCache(method, path.slice(ARTIFACTCACHE_PREFIX.length))
      if (route)
        return { endpoint: route.endpoint, run: (req, res) => v1.handle(route, url, req, res) }
      return unrouted(
        'v1',
        new HttpError(404, `API resource ${path} was not found`, {
          code: 'ApiResourceNotFoundException',
        }),
      )
    }
    if (path.startsWith(`/${blobs.account}/`)) {
      return {
        endpoint: blobOperation(method, url),
        run: (req, res) => proxyToBlobStorage(blobs.origin, req.url!, req, res),
      }
    }
    if (path === REST_PREFIX || path.startsWith(`${REST_PREFIX}/`)) {
      const rest = path.slice(REST_PREFIX.length)
      const route = routeRest(state, method, rest) ?? routePackages(method, rest)
      if (route)
        return {
          endpoint: route.endpoint,
          run: async (req, res) => route.handle(state, url, req, res),
        }
      return unrouted('rest', new HttpError(404, 'Not Found'))
    }
    return unrouted('unknown', new HttpError(404, 'Not Found'))
  }

  function unrouted(family: EndpointFamily, err: HttpError) {
    return {
      endpoint: 'unknown' as const,
      run: async (_req: IncomingMessage, res: ServerResponse) =>
        sendError(res, family === 'unknown' ? 'rest' : family, err),
    }
  }

  const runtimeToken = (t: RuntimeTokenOptions): string => {
    checkRef('ref', t.ref)
    const defaultRef = branchRef(defaultBranch)
    const readRefs = t.readRefs ?? (t.ref === defaultRef ? [] : [defaultRef])
    readRefs.forEach((r) => checkRef('readRefs', r))
    return mintRuntimeToken(state.secret, {
      scopes: t.scopes ?? scopesFor({ ref: t.ref, readRefs, write: t.write ?? true }),
      nowMs: clock.now(),
      ttlSeconds: t.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    })
  }

  let stopped: Promise<void> | undefined
  return {
    url: baseUrl,
    apiUrl: `${baseUrl}${REST_PREFIX.slice(1)}`,
    githubToken,
    readOnlyGithubToken,
    repository,
    defaultBranch,
    clock,
    faults: Object.assign(state.faults, {
      loseBlob: async (entryId: number) => blobs.delete(blobNameOf(entryId)),
    }),
    runtimeToken,
    jobEnv(j) {
      const protocol = j.protocol ?? 'v2'
      if (protocol !== 'v2' && protocol !== 'v1') {
        throw new RangeError(
          `jobEnv: protocol must be 'v2' or 'v1', got ${JSON.stringify(protocol)}`,
        )
      }
      const pr = /^refs\/pull\/(\d+)\//.exec(j.ref)
      const pull = pr ? state.pulls.get(Number(pr[1])) : undefined
      return {
        ACTIONS_RUNTIME_TOKEN: runtimeToken(j),
        ACTIONS_RESULTS_URL: baseUrl,
        ACTIONS_CACHE_URL: baseUrl,
        ...(protocol === 'v2' ? { ACTIONS_CACHE_SERVICE_V2: 'True' } : {}),
        ...(j.cacheMode !== undefined ? { ACTIONS_CACHE_MODE: j.cacheMode } : {}),
        // Signed URLs on an Azure-style host reach Azurite through the service as a proxy.
        ...(blobUrls === 'azure-host'
          ? {
              HTTP_PROXY: baseUrl,
              http_proxy: baseUrl,
              NO_PROXY: '127.0.0.1,localhost,::1',
              no_proxy: '127.0.0.1,localhost,::1',
            }
          : {}),
        // @actions/cache's isGhes() reads only this hostname: github.com means v2 is allowed.
        GITHUB_SERVER_URL: protocol === 'v2' ? 'https://github.com' : 'https://ghes.example.com',
        GITHUB_API_URL: `${baseUrl}${REST_PREFIX.slice(1)}`,
        GITHUB_TOKEN: j.actionsWrite === false ? readOnlyGithubToken : githubToken,
        GITHUB_REPOSITORY: repository,
        GITHUB_REF: j.ref,
        GITHUB_EVENT_NAME: pr ? 'pull_request' : 'push',
        ...(pull ? { GITHUB_BASE_REF: pull.base, GITHUB_HEAD_REF: pull.head } : {}),
      }
    },
    entries: () => {
      catchUp()
      return store.all().sort((a, b) => a.id - b.id)
    },
    async seedEntries(seeds) {
      const added: StoredEntry[] = []
      for (const s of seeds) {
        checkRef('ref', s.ref)
        const now = clock.now()
        const entry = store.insert({
          key: s.key,
          version: s.version,
          ref: s.ref,
          sizeBytes: s.sizeBytes ?? s.content?.length ?? 0,
          createdAt: s.createdAt ?? now,
          lastAccessedAt: s.lastAccessedAt ?? s.createdAt ?? now,
        })
        if (!entry)
          throw new RangeError(
            `seedEntries: ${s.key} (version ${s.version}) already exists in ${s.ref}`,
          )
        if (s.content) await blobs.put(blobNameOf(entry.id), s.content)
        added.push(entry)
      }
      return added
    },
    setPullRequest(n, pr) {
      if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`setPullRequest: n must be a PR number >= 1, got ${n}`)
      if (pr.state !== 'open' && pr.state !== 'closed') {
        throw new RangeError(
          `setPullRequest: state must be 'open' or 'closed', got ${JSON.stringify(pr.state)}`,
        )
      }
      const before = state.pulls.get(n)
      const closedAt =
        pr.state !== 'closed'
          ? undefined
          : (pr.closedAt ?? (before?.state === 'closed' ? before.closedAt : clock.now()))
      state.pulls.set(n, { ...pr, ...(closedAt !== undefined ? { closedAt } : {}) })
    },
    setBranch(name, exists) {
      if (name.startsWith('refs/'))
        throw new RangeError(`setBranch: give the branch name without refs/heads/, got ${name}`)
      state.branches.set(name, exists)
    },
    pushPackageVersion: (packageName, digest, tags) =>
      state.packages.push(packageName, digest, tags),
    packageVersions: (packageName) => state.packages.versions(packageName) ?? [],
    setLimitBytes(bytes) {
      store.setLimitBytes(checkCount('limitBytes', bytes))
    },
    setReadOnlyForBilling(on) {
      state.readOnlyForBilling = on
    },
    setFlood(spec) {
      state.flood = spec ? new Flood(spec) : undefined
      return state.flood
    },
    setStorageLimitStatus(status) {
      state.storageLimitStatus = status
    },
    runEviction: () => evictAt(clock.now()),
    evictionLog: () => [...evictions],
    requestCounts: () => Object.fromEntries(counts),
    resetRequestCounts: () => counts.clear(),
    stop() {
      stopped ??= (async () => {
        unsubscribe?.()
        if (timer) clearInterval(timer)
        await new Promise<void>((done) => {
          server.close(() => done())
          server.closeAllConnections()
        })
        await Promise.all(pendingDeletes)
        await blobs.stop()
      })()
      return stopped
    },
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
}

function checkCount(name: string, value: number, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`)
  }
  return value
}

function checkRef(name: string, ref: string): void {
  if (typeof ref !== 'string' || !/^refs\/(heads|pull|tags)\/\S+$/.test(ref)) {
    throw new RangeError(
      `${name} must be a full ref such as refs/heads/main or refs/pull/1/merge, got ${JSON.stringify(ref)}`,
    )
  }
}
