/**
 * The REST client (src/github/) against a scripted server at the HTTP boundary: pagination and
 * the completeness checks, delete by id, retries, Retry-After, secondary and primary limits,
 * timeouts, GHES base URLs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createGitHubClient, parseRepository, type GitHubClient } from '../../src/github/client.js'
import { isPermissionDenied, isRateLimited } from '../../src/github/errors.js'
import {
  checkPages,
  IncompleteListingError,
  ListingTooLargeError,
  type CacheEntry,
} from '../../src/github/caches.js'
import { pageOf, restEntry, startFakeRest, type FakeRest } from './fake-rest.js'

let server: FakeRest
let waits: number[]

function client(overrides: Partial<Parameters<typeof createGitHubClient>[0]> = {}): GitHubClient {
  return createGitHubClient({
    token: 'ghs_secret',
    baseUrl: server.url,
    repository: 'octo/repo',
    delayScale: 0.001,
    paceWrites: false,
    requestTimeoutMs: 2000,
    onRateLimited: (ms) => waits.push(ms),
    ...overrides,
  })
}

beforeAll(async () => {
  server = await startFakeRest()
})
afterAll(() => server.close())
afterEach(() => {
  server.requests.length = 0
  waits = []
})

const listed = (n: number) => Array.from({ length: n }, (_, i) => restEntry(i + 1))
const listRequests = () =>
  server.requests.filter((r) => r.path === '/repos/octo/repo/actions/caches')

describe('listCaches', () => {
  it('reads every page, oldest first, 100 a page, with the filters, and maps the fields', async () => {
    const all = listed(250)
    server.handle((r) => pageOf(all, r.query))
    const entries = await client().listCaches({ key: 'buildkit-blob-1-', ref: 'refs/heads/main' })
    expect(entries).toHaveLength(250)
    expect(new Set(entries.map((e) => e.id)).size).toBe(250)
    expect(entries[0]).toEqual({
      id: 1,
      ref: 'refs/heads/main',
      key: 'key-1',
      version: 'v',
      createdAt: 1_700_000_001_000,
      lastAccessedAt: 1_700_000_002_000,
      sizeInBytes: 10,
    })
    const pages = listRequests()
    expect(pages.map((r) => r.query.get('page')).sort()).toEqual(['1', '2', '3'])
    for (const r of pages) {
      expect(r.method).toBe('GET')
      expect(r.query.get('per_page')).toBe('100')
      expect(r.query.get('sort')).toBe('created_at')
      expect(r.query.get('direction')).toBe('asc')
      expect(r.query.get('key')).toBe('buildkit-blob-1-')
      expect(r.query.get('ref')).toBe('refs/heads/main')
      expect(r.headers.authorization).toBe('token ghs_secret')
    }
  })

  it('reads one page for an empty repository', async () => {
    server.handle((r) => pageOf([], r.query))
    await expect(client().listCaches()).resolves.toEqual([])
    expect(listRequests()).toHaveLength(1)
    expect(listRequests()[0].query.has('key')).toBe(false)
  })

  it('fails the whole listing when a page keeps failing (no partial result)', async () => {
    const all = listed(250)
    server.handle((r) =>
      r.query.get('page') === '2'
        ? { status: 502, body: { message: 'bad gateway' } }
        : pageOf(all, r.query),
    )
    const error = await client({ retries: 2 })
      .listCaches()
      .catch((e) => e)
    expect(error).toBeInstanceOf(IncompleteListingError)
    expect(error.message).toMatch(/a page could not be read \(HTTP 502: bad gateway\)/)
    // The retry plugin tried page 2 three times (first attempt + 2 retries).
    expect(listRequests().filter((r) => r.query.get('page') === '2')).toHaveLength(3)
  })

  it('retries a page that failed once and then returns everything', async () => {
    const all = listed(150)
    let failed = false
    server.handle((r) => {
      if (r.query.get('page') === '2' && !failed) {
        failed = true
        return { status: 503, body: { message: 'unavailable' } }
      }
      return pageOf(all, r.query)
    })
    await expect(client().listCaches()).resolves.toHaveLength(150)
  })

  it('rejects a truncated page after retrying the listing', async () => {
    const all = listed(250)
    server.handle((r) => {
      const reply = pageOf(all, r.query)
      if (r.query.get('page') === '2') {
        const body = reply.body as { actions_caches: unknown[] }
        body.actions_caches = body.actions_caches.slice(0, 57)
      }
      return reply
    })
    const error = await client()
      .listCaches()
      .catch((e) => e)
    expect(error).toBeInstanceOf(IncompleteListingError)
    expect(error.message).toBe('cache listing incomplete: page 2 of 3 returned 57 of 100 entries')
    expect(listRequests().filter((r) => r.query.get('page') === '1')).toHaveLength(3)
  })

  it('retries when an entry disappears mid-listing, and succeeds once the listing is stable', async () => {
    let all = listed(220)
    let reads = 0
    server.handle((r) => {
      if (r.query.get('page') === '1') reads++
      const reply = pageOf(all, r.query)
      // After the first attempt's page 1, somebody deletes entry 5: later pages shift.
      if (reads === 1 && r.query.get('page') === '1') all = all.filter((e) => e.id !== 5)
      return reply
    })
    const entries = await client().listCaches()
    expect(reads).toBe(2)
    expect(entries).toHaveLength(219)
  })

  it('follows entries created while it reads onto a further page', async () => {
    const all = listed(200)
    server.handle((r) => {
      const reply = pageOf(all, r.query)
      // Created just after page 1 was read: page 2 already counts it.
      if (r.query.get('page') === '1' && all.length === 200) all.push(restEntry(201))
      return reply
    })
    const entries = await client({}).listCaches({}, { concurrency: 1 })
    expect(entries).toHaveLength(201)
    expect(listRequests().map((r) => r.query.get('page'))).toEqual(['1', '2', '3'])
  })

  it('stops after the first page when the total is beyond maxEntries, and does not retry', async () => {
    const all = listed(250)
    server.handle((r) => pageOf(all, r.query))
    const error = await client()
      .listCaches({ key: 'index-' }, { maxEntries: 249 })
      .catch((e) => e)
    expect(error).toBeInstanceOf(ListingTooLargeError)
    expect([error.total, error.limit]).toEqual([250, 249])
    expect(error.message).toBe('250 entries, more than the 249 worth reading')
    expect(listRequests().map((r) => r.query.get('page'))).toEqual(['1'])
    // At the limit, it reads every page.
    server.requests.length = 0
    await expect(client().listCaches({}, { maxEntries: 250 })).resolves.toHaveLength(250)
    expect(listRequests()).toHaveLength(3)
  })

  it('rejects an entry without the fields it needs', async () => {
    server.handle(() => ({
      status: 200,
      body: { total_count: 1, actions_caches: [{ id: 1, key: 'k' }] },
    }))
    await expect(client().listCaches()).rejects.toThrow(
      'cache listing incomplete: page 1 holds an entry without id, ref, key or dates',
    )
  })

  it.each([
    ['created_at', { created_at: '2026-03-01T10:00:00' }],
    ['last_accessed_at', { last_accessed_at: '2026-03-01 10:00:00' }],
  ])(
    'clocks and dates: a %s without a time zone is a listing defect, not a time in the runner’s zone (rule 3)',
    async (_, overrides) => {
      server.handle(() => ({
        status: 200,
        body: { total_count: 1, actions_caches: [restEntry(1, overrides)] },
      }))
      await expect(client().listCaches()).rejects.toThrow(
        'cache listing incomplete: page 1 holds an entry without id, ref, key or dates with a time zone',
      )
    },
  )

  it.each(['+02:00', '-0530', 'Z'])('reads a time with the zone %s', async (zone) => {
    server.handle(() => ({
      status: 200,
      body: {
        total_count: 1,
        actions_caches: [restEntry(1, { created_at: `2026-03-01T10:00:00${zone}` })],
      },
    }))
    const [entry] = await client().listCaches()
    expect(entry.createdAt).toBe(Date.parse(`2026-03-01T10:00:00${zone}`))
  })

  it.each([null, undefined])(
    'clocks and dates: a last use of %s means "just used": the time GitHub answered, not the creation',
    async (value) => {
      const served = 'Sun, 01 Mar 2026 12:00:00 GMT'
      server.handle(() => ({
        status: 200,
        headers: { date: served },
        body: {
          total_count: 1,
          actions_caches: [
            restEntry(1, {
              created_at: '2026-02-26T12:00:00Z',
              last_accessed_at: value,
            }),
          ],
        },
      }))
      const [entry] = await client().listCaches()
      expect(entry.createdAt).toBe(Date.parse('2026-02-26T12:00:00Z'))
      expect(entry.lastAccessedAt).toBe(Date.parse(served))
    },
  )

  it('clocks: tells GitHub’s time less the runner’s from the Date header of its answers', async () => {
    const c = client()
    expect(c.clockOffset()).toBeUndefined()
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toUTCString()
    server.handle((r) => ({ ...pageOf([], r.query), headers: { date: twoHoursAgo } }))
    await c.listCaches()
    const offset = c.clockOffset()!
    // Whole seconds in the header, and the answer took time: within 2 h and 2 h less 2 s.
    expect(offset).toBeLessThanOrEqual(-2 * 3_600_000 + 1000)
    expect(offset).toBeGreaterThan(-2 * 3_600_000 - 2000)
    // An error's answer counts too.
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString()
    server.handle(() => ({ status: 404, headers: { date: inAnHour }, body: { message: 'x' } }))
    await expect(c.deleteCache(5)).resolves.toBe('missing')
    expect(c.clockOffset()).toBeGreaterThan(3_600_000 - 2000)
  })

  const e = (id: number) => ({ id }) as CacheEntry
  const full = (from: number) => Array.from({ length: 100 }, (_, i) => e(from + i))
  it.each<[string, { total: number; entries: CacheEntry[] }[], string | undefined]>([
    ['one partial page', [{ total: 3, entries: [e(1), e(2), e(3)] }], undefined],
    ['empty', [{ total: 0, entries: [] }], undefined],
    [
      'two pages',
      [
        { total: 101, entries: full(1) },
        { total: 101, entries: [e(101)] },
      ],
      undefined,
    ],
    [
      'grown total',
      [
        { total: 100, entries: full(1) },
        { total: 101, entries: [e(101)] },
      ],
      undefined,
    ],
    [
      'shrunk total',
      [
        { total: 102, entries: full(1) },
        { total: 101, entries: [e(101)] },
      ],
      'the total fell from 102 to 101',
    ],
    [
      'short last page',
      [
        { total: 102, entries: full(1) },
        { total: 102, entries: [e(101)] },
      ],
      'the last page (2) returned 1 entries where the total of 102 needs 2',
    ],
    [
      'duplicate',
      [
        { total: 101, entries: full(1) },
        { total: 101, entries: [e(100)] },
      ],
      'entry 100 appeared twice',
    ],
    [
      'missing last page',
      [
        { total: 201, entries: full(1) },
        { total: 201, entries: full(101) },
      ],
      'the last page (2) returned 100 entries where the total of 201 needs 101',
    ],
    ['no pages', [], 'no page was read'],
  ])('checkPages: %s', (_, pages, problem) => {
    expect(checkPages(pages)).toBe(problem)
  })
})

describe('deleteCache', () => {
  it('deletes by id, never by key', async () => {
    server.handle(() => ({ status: 204 }))
    await expect(client().deleteCache(42)).resolves.toBe('deleted')
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0].method).toBe('DELETE')
    expect(server.requests[0].path).toBe('/repos/octo/repo/actions/caches/42')
    expect([...server.requests[0].query.keys()]).toEqual([])
  })

  it('reports an entry that is already gone', async () => {
    server.handle(() => ({ status: 404, body: { message: 'Not Found' } }))
    await expect(client().deleteCache(42)).resolves.toBe('missing')
    expect(server.requests).toHaveLength(1)
  })

  it('does not retry a 403 and classifies it as missing permission', async () => {
    server.handle(() => ({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    }))
    const error = await client()
      .deleteCache(42)
      .catch((e) => e)
    expect(isPermissionDenied(error)).toBe(true)
    expect(isRateLimited(error)).toBe(false)
    // The client carries its own classifiers (what the pruning run asks of its API).
    const c = client()
    expect([c.isPermissionDenied(error), c.isRateLimited(error)]).toEqual([true, false])
    expect(c.describeError(error)).toContain('403')
    expect(server.requests).toHaveLength(1)
  })

  it('waits for Retry-After on a 429 and tries again', async () => {
    let calls = 0
    server.handle(() =>
      ++calls === 1
        ? { status: 429, headers: { 'retry-after': '7' }, body: { message: 'Too many' } }
        : { status: 204 },
    )
    await expect(client().deleteCache(1)).resolves.toBe('deleted')
    expect(waits).toEqual([7000])
    expect(server.requests).toHaveLength(2)
  })

  it('gives up on a 429 that asks for a wait beyond the limit, as a rate limit', async () => {
    server.handle(() => ({ status: 429, headers: { 'retry-after': '3600' }, body: {} }))
    const error = await client()
      .deleteCache(1)
      .catch((e) => e)
    expect(isRateLimited(error)).toBe(true)
    expect(server.requests).toHaveLength(1)
  })

  it('backs off on a secondary rate limit as the throttling plugin does', async () => {
    let calls = 0
    server.handle(() =>
      ++calls <= 2
        ? {
            status: 403,
            headers: { 'retry-after': '3' },
            body: { message: 'You have exceeded a secondary rate limit' },
          }
        : { status: 204 },
    )
    await expect(client().deleteCache(1)).resolves.toBe('deleted')
    expect(waits).toEqual([3000, 3000])
    expect(server.requests).toHaveLength(3)
  })

  it('stops on an exhausted primary rate limit that resets too late', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 3600
    server.handle(() => ({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded' },
    }))
    const error = await client()
      .deleteCache(1)
      .catch((e) => e)
    expect(isRateLimited(error)).toBe(true)
    expect(isPermissionDenied(error)).toBe(false)
    expect(server.requests).toHaveLength(1)
  })

  it('retries a request that timed out', async () => {
    let calls = 0
    server.handle(() => (++calls === 1 ? { status: 204, delayMs: 1000 } : { status: 204 }))
    await expect(client({ requestTimeoutMs: 200 }).deleteCache(1)).resolves.toBe('deleted')
    expect(server.requests).toHaveLength(2)
  })

  it('sends writes in parallel when pacing is off, and starts them a second apart when on', async () => {
    // Unpaced, each request is held until all three are in flight (or for 1 s, below the client's
    // timeout), so they meet there however slow the machine is.
    const inFlight = { now: 0, max: 0 }
    let release = () => {}
    const met = new Promise<void>((resolve) => (release = resolve))
    server.handle(async () => {
      inFlight.max = Math.max(inFlight.max, ++inFlight.now)
      if (inFlight.now >= 3) release()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([met, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))])
      clearTimeout(timer)
      inFlight.now--
      return { status: 204 }
    })
    const fast = client({ paceWrites: false })
    await Promise.all([1, 2, 3].map((id) => fast.deleteCache(id)))
    expect(inFlight.max).toBe(3)
    // Paced: the throttling plugin lets one write start per second (its minTime, not scaled).
    const arrivals: number[] = []
    server.handle(() => {
      arrivals.push(performance.now())
      return { status: 204 }
    })
    const paced = client({ paceWrites: true })
    await Promise.all([1, 2].map((id) => paced.deleteCache(id)))
    expect(arrivals).toHaveLength(2)
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950)
  })
})

describe('repository questions', () => {
  it('answers usage, pull request state, branch existence, default branch and run start', async () => {
    server.handle((r) => {
      switch (r.path) {
        case '/repos/octo/repo/actions/cache/usage':
          return {
            status: 200,
            body: {
              full_name: 'octo/repo',
              active_caches_size_in_bytes: 1234,
              active_caches_count: 5,
            },
          }
        case '/repos/octo/repo/pulls/7':
          return { status: 200, body: { number: 7, state: 'closed' } }
        case '/repos/octo/repo/pulls/8':
          return { status: 200, body: { number: 8, state: 'open' } }
        case '/repos/octo/repo/branches/gone':
          return { status: 404, body: { message: 'Branch not found' } }
        case '/repos/octo/repo/branches/feature%2Fx':
        case '/repos/octo/repo/branches/feature/x':
          return { status: 200, body: { name: 'feature/x' } }
        case '/repos/octo/repo':
          return { status: 200, body: { default_branch: 'trunk' } }
        default:
          return { status: 404, body: { message: 'Not Found' } }
      }
    })
    const c = client()
    await expect(c.getCacheUsage()).resolves.toEqual({ activeBytes: 1234, activeCount: 5 })
    await expect(c.getPullRequestState(7)).resolves.toBe('closed')
    await expect(c.getPullRequestState(8)).resolves.toBe('open')
    await expect(c.getPullRequestState(9)).resolves.toBeUndefined()
    await expect(c.branchExists('gone')).resolves.toBe(false)
    await expect(c.branchExists('feature/x')).resolves.toBe(true)
    await expect(c.getDefaultBranch()).resolves.toBe('trunk')
  })
})

describe('GHES', () => {
  it('sends every request under the API URL it is given', async () => {
    const ghes = await startFakeRest('/api/v3')
    try {
      ghes.handle((r) => pageOf([restEntry(1)], r.query))
      const c = createGitHubClient({
        token: 't',
        baseUrl: `${ghes.url}/`,
        repository: 'octo/repo',
        paceWrites: false,
      })
      await expect(c.listCaches()).resolves.toHaveLength(1)
      expect(ghes.requests[0].path).toBe('/repos/octo/repo/actions/caches')
    } finally {
      await ghes.close()
    }
  })
})

describe('helpers', () => {
  it.each([
    ['octo/repo', { owner: 'octo', repo: 'repo' }],
    ['my-org/my.repo_1', { owner: 'my-org', repo: 'my.repo_1' }],
  ])('parseRepository(%j)', (value, repo) => {
    expect(parseRepository(value)).toEqual(repo)
  })

  it.each(['', 'octo', 'octo/repo/x', 'octo/', '/repo', 'oc to/repo'])(
    'parseRepository(%j) fails naming the value',
    (value) => {
      expect(() => parseRepository(value)).toThrow(
        `repository ${JSON.stringify(value)} is not of the form "owner/name"`,
      )
    },
  )
})
