import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Endpoint } from './endpoints.js'
import { HttpError, sendEmpty, sendJson } from './http.js'
import type { PullRequest, ServiceState } from './service-state.js'
import {
  type StoredEntry,
  LIST_DIRECTIONS,
  LIST_SORTS,
  type ListDirection,
  type ListSort,
} from './store.js'

/**
 * The slice of GitHub's REST API the action uses: the cache list/delete/usage endpoints
 * (docs.github.com/rest/actions/cache) and what pruning asks about pull requests and branches.
 * Served below `/api/v3`, the way GHES serves it, so Octokit takes it as a `baseUrl`.
 */
export const REST_PREFIX = '/api/v3'

export interface RestRoute {
  endpoint: Endpoint
  handle(state: ServiceState, url: URL, req: IncomingMessage, res: ServerResponse): void
}

const DOCS = 'https://docs.github.com/rest'

/** GitHub answers a repository you cannot see, and any unknown path, with the same 404. */
const notFound = (): HttpError => new HttpError(404, 'Not Found')

export function routeRest(
  state: ServiceState,
  method: string,
  path: string,
): RestRoute | undefined {
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path)
  if (!m) return undefined
  const [, owner, repo, rest = ''] = m
  const wantedRepo = `${decodeURIComponent(owner!)}/${decodeURIComponent(repo!)}`
  const sameRepo = wantedRepo.toLowerCase() === state.repository.toLowerCase()
  const route = pick(method, rest)
  if (!route) return undefined
  if (sameRepo) return route
  return {
    endpoint: route.endpoint,
    handle: () => {
      throw notFound()
    },
  }
}

function pick(method: string, rest: string): RestRoute | undefined {
  if (method === 'GET' && rest === '') return { endpoint: 'rest.repos.get', handle: getRepo }
  if (rest === '/actions/caches') {
    if (method === 'GET') return { endpoint: 'rest.getActionsCacheList', handle: listCaches }
    if (method === 'DELETE')
      return { endpoint: 'rest.deleteActionsCacheByKey', handle: deleteByKey }
  }
  const byId = /^\/actions\/caches\/([^/]+)$/.exec(rest)
  if (byId && method === 'DELETE') {
    return {
      endpoint: 'rest.deleteActionsCacheById',
      handle: (s, _u, q, r) => deleteById(s, byId[1]!, q, r),
    }
  }
  if (method === 'GET' && rest === '/actions/cache/usage')
    return { endpoint: 'rest.getActionsCacheUsage', handle: usage }
  if (method === 'GET' && rest === '/actions/cache/storage-limit')
    return { endpoint: 'rest.getActionsCacheStorageLimit', handle: storageLimit }
  if (method === 'GET' && rest === '/actions/cache/retention-limit')
    return { endpoint: 'rest.getActionsCacheRetentionLimit', handle: retentionLimit }
  if (method === 'GET' && rest === '/pulls')
    return { endpoint: 'rest.pulls.list', handle: listPulls }
  const pull = /^\/pulls\/(\d+)$/.exec(rest)
  if (method === 'GET' && pull)
    return {
      endpoint: 'rest.pulls.get',
      handle: (s, _u, q, r) => getPull(s, Number(pull[1]), q, r),
    }
  if (method === 'GET' && rest === '/branches')
    return { endpoint: 'rest.repos.listBranches', handle: listBranches }
  const branch = /^\/branches\/(.+)$/.exec(rest)
  if (method === 'GET' && branch) {
    const name = decodeURIComponent(branch[1]!) // throws on bad escapes: the router answers 400
    return { endpoint: 'rest.repos.getBranch', handle: (s, _u, q, r) => getBranch(s, name, q, r) }
  }
  return undefined
}

/** What the request's GitHub token may do, or GitHub's 401. */
export function githubGrant(
  state: ServiceState,
  req: IncomingMessage,
): { actionsWrite: boolean; packagesWrite: boolean } {
  const header = req.headers.authorization
  if (!header) throw new HttpError(401, 'Requires authentication')
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header)
  const grant = m ? state.githubTokens.get(m[1]!) : undefined
  if (!grant) throw new HttpError(401, 'Bad credentials')
  return grant
}

/** The GITHUB_TOKEN's permissions, or GitHub's 401. */
function authorize(
  state: ServiceState,
  req: IncomingMessage,
  needWrite: boolean,
  docsPath: string,
): void {
  const grant = githubGrant(state, req)
  if (needWrite && !grant.actionsWrite) {
    throw new HttpError(403, 'Resource not accessible by integration', {
      documentationUrl: `${DOCS}/${docsPath}`,
    })
  }
}

function getRepo(state: ServiceState, _url: URL, req: IncomingMessage, res: ServerResponse): void {
  authorize(state, req, false, 'repos/repos#get-a-repository')
  const [owner, name] = state.repository.split('/') as [string, string]
  sendJson(res, 200, {
    id: 1,
    name,
    full_name: state.repository,
    owner: { login: owner },
    private: true,
    default_branch: state.defaultBranch,
    url: `${state.baseUrl}api/v3/repos/${state.repository}`,
  })
}

function listCaches(
  state: ServiceState,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  authorize(state, req, false, 'actions/cache#list-github-actions-caches-for-a-repository')
  const q = url.searchParams
  const sort = oneOf<ListSort>(q, 'sort', LIST_SORTS, 'last_accessed_at')
  const direction = oneOf<ListDirection>(q, 'direction', LIST_DIRECTIONS, 'desc')
  const rows = state.store.list({
    key: q.get('key') || undefined,
    ref: q.get('ref') || undefined,
    sort,
    direction,
  })
  const { page, perPage } = paging(q)
  const fault = state.faults.pageFault(page)
  if (fault?.mode === 'fail')
    throw new HttpError(fault.status ?? 502, `Server Error (injected on page ${page})`)
  const from = (page - 1) * perPage
  const flood = state.flood?.matches({
    key: q.get('key') || undefined,
    ref: q.get('ref') || undefined,
  })
    ? state.flood.page(rows, sort, direction, state.clock.now(), from, from + perPage)
    : { total: rows.length, items: rows.slice(from, from + perPage) }
  let items = flood.items.map(toRest)
  if (fault?.mode === 'short') items = items.slice(0, Math.floor(items.length / 2))
  const headers = linkHeader(url, page, perPage, flood.total)
  const body = { total_count: flood.total, actions_caches: items }
  if (fault?.mode === 'truncate') return sendTruncated(res, body, headers)
  sendJson(res, 200, body, headers)
}

function deleteById(
  state: ServiceState,
  rawId: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  authorize(
    state,
    req,
    true,
    'actions/cache#delete-a-github-actions-cache-for-a-repository-using-a-cache-id',
  )
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : Number.NaN
  if (state.flood?.isFloodId(id)) {
    state.flood.refusedDeletes++
    throw new HttpError(422, 'the flood model does not delete its entries')
  }
  const entry = Number.isNaN(id) ? undefined : state.store.get(id)
  if (!entry?.committed) throw notFound()
  state.discard([state.store.remove(id)!])
  sendEmpty(res, 204)
}

function deleteByKey(
  state: ServiceState,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  authorize(
    state,
    req,
    true,
    'actions/cache#delete-github-actions-caches-for-a-repository-using-a-cache-key',
  )
  const key = url.searchParams.get('key')
  if (!key) throw new HttpError(422, 'Invalid request.\n\n"key" wasn\'t supplied.')
  const removed = state.store.removeByKey(key, url.searchParams.get('ref') || undefined)
  if (removed.length === 0) throw notFound()
  state.discard(removed)
  sendJson(res, 200, { total_count: removed.length, actions_caches: removed.map(toRest) })
}

function usage(state: ServiceState, _url: URL, req: IncomingMessage, res: ServerResponse): void {
  authorize(state, req, false, 'actions/cache#get-github-actions-cache-usage-for-a-repository')
  const stored = state.store.usage()
  const flooded = state.flood?.usage(state.clock.now()) ?? { count: 0, bytes: 0 }
  const [count, bytes] = [stored.count + flooded.count, stored.bytes + flooded.bytes]
  sendJson(res, 200, {
    full_name: state.repository,
    active_caches_size_in_bytes: bytes,
    active_caches_count: count,
  })
}

/**
 * A repository cache policy as GitHub reports it (the limit, the retention): `body` from the
 * store's policy, or the refusal `storageLimitStatus` asks for.
 */
function cachePolicy(
  docs: string,
  body: (state: ServiceState) => Record<string, number>,
): RestRoute['handle'] {
  return (state, _url, req, res) => {
    authorize(state, req, false, docs)
    if (state.storageLimitStatus !== 200) {
      throw new HttpError(
        state.storageLimitStatus,
        state.storageLimitStatus === 404 ? 'Not Found' : 'Resource not accessible by integration',
      )
    }
    sendJson(res, 200, body(state))
  }
}

/** The repository's cache limit in whole GB (10^9 bytes, rounded down). */
const storageLimit = cachePolicy(
  'actions/cache#get-github-actions-cache-storage-limit-for-a-repository',
  (state) => ({ max_cache_size_gb: Math.floor(state.store.policy.limitBytes / 1e9) }),
)

/** How long the repository keeps unused entries, in whole days. */
const retentionLimit = cachePolicy(
  'actions/cache#get-github-actions-cache-retention-limit-for-a-repository',
  (state) => ({
    max_cache_retention_days: Math.floor(state.store.policy.unusedExpiryMs / 86_400_000),
  }),
)

function getPull(state: ServiceState, n: number, req: IncomingMessage, res: ServerResponse): void {
  authorize(state, req, false, 'pulls/pulls#get-a-pull-request')
  const pr = state.pulls.get(n)
  if (!pr) throw notFound()
  sendJson(res, 200, toPull(state, n, pr))
}

function listPulls(state: ServiceState, url: URL, req: IncomingMessage, res: ServerResponse): void {
  authorize(state, req, false, 'pulls/pulls#list-pull-requests')
  const q = url.searchParams
  const wanted = oneOf(q, 'state', ['open', 'closed', 'all'] as const, 'open')
  const base = q.get('base')
  const head = q.get('head')?.split(':').pop()
  const rows = [...state.pulls]
    .filter(
      ([, pr]) =>
        (wanted === 'all' || pr.state === wanted) &&
        (!base || pr.base === base) &&
        (!head || pr.head === head),
    )
    .sort(([a], [b]) => b - a)
  const { page, perPage } = paging(q)
  const items = rows
    .slice((page - 1) * perPage, page * perPage)
    .map(([n, pr]) => toPull(state, n, pr))
  sendJson(res, 200, items, linkHeader(url, page, perPage, rows.length))
}

function getBranch(
  state: ServiceState,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  authorize(state, req, false, 'branches/branches#get-a-branch')
  if (!state.branches.get(name)) throw new HttpError(404, 'Branch not found')
  sendJson(res, 200, toBranch(name))
}

function listBranches(
  state: ServiceState,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  authorize(state, req, false, 'branches/branches#list-branches')
  const names = [...state.branches]
    .filter(([, exists]) => exists)
    .map(([n]) => n)
    .sort()
  const { page, perPage } = paging(url.searchParams)
  sendJson(
    res,
    200,
    names.slice((page - 1) * perPage, page * perPage).map(toBranch),
    linkHeader(url, page, perPage, names.length),
  )
}

export function toRest(e: StoredEntry): Record<string, unknown> {
  return {
    id: e.id,
    ref: e.ref,
    key: e.key,
    version: e.version,
    last_accessed_at: new Date(e.lastAccessedAt).toISOString(),
    created_at: new Date(e.createdAt).toISOString(),
    size_in_bytes: e.sizeBytes,
  }
}

function toPull(state: ServiceState, n: number, pr: PullRequest): Record<string, unknown> {
  const merged = pr.state === 'closed' && pr.merged === true
  const branch = (ref: string) => ({
    ref,
    label: `${state.repository.split('/')[0]}:${ref}`,
    repo: { full_name: state.repository },
  })
  return {
    number: n,
    state: pr.state,
    title: `Pull request #${n}`,
    merged,
    closed_at: pr.closedAt !== undefined ? new Date(pr.closedAt).toISOString() : null,
    merged_at: merged && pr.closedAt !== undefined ? new Date(pr.closedAt).toISOString() : null,
    base: branch(pr.base),
    head: branch(pr.head),
    html_url: `https://github.com/${state.repository}/pull/${n}`,
  }
}

function toBranch(name: string): Record<string, unknown> {
  return { name, commit: { sha: '0'.repeat(40) }, protected: false }
}

/** Enumerated query values: GitHub rejects an unknown one with 422 rather than guessing. */
function oneOf<T extends string>(
  q: URLSearchParams,
  name: string,
  accepted: readonly T[],
  fallback: T,
): T {
  const value = q.get(name)
  if (value === null || value === '') return fallback
  if ((accepted as readonly string[]).includes(value)) return value as T
  throw new HttpError(
    422,
    `Invalid request.\n\n${JSON.stringify(value)} is not a valid value for "${name}"; accepted: ${accepted.join(', ')}.`,
  )
}

/** `per_page` defaults to 30 and is capped at 100; `page` starts at 1. Junk falls back to the default, as on GitHub. */
export function paging(q: URLSearchParams): { page: number; perPage: number } {
  const int = (name: string, fallback: number) => {
    const v = Number(q.get(name))
    return Number.isInteger(v) && v >= 1 ? v : fallback
  }
  return { page: int('page', 1), perPage: Math.min(100, int('per_page', 30)) }
}

/** RFC 8288 links as GitHub sends them; Octokit's paginate follows `rel="next"`. */
export function linkHeader(
  url: URL,
  page: number,
  perPage: number,
  total: number,
): Record<string, string> {
  const last = Math.max(1, Math.ceil(total / perPage))
  const at = (p: number, rel: string) => {
    const u = new URL(url)
    u.searchParams.set('per_page', String(perPage))
    u.searchParams.set('page', String(p))
    return `<${u.href}>; rel="${rel}"`
  }
  const links = [
    ...(page > 1 ? [at(page - 1, 'prev'), at(1, 'first')] : []),
    ...(page < last ? [at(page + 1, 'next'), at(last, 'last')] : []),
  ]
  return links.length > 0 ? { link: links.join(', ') } : {}
}

/** Half a body, then a dropped connection: what a client sees when a response is cut off. */
function sendTruncated(res: ServerResponse, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body)
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy())
}
