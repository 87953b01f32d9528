/**
 * src/cache-service/client.ts at the HTTP boundary: a scripted fetch checks every request the client
 * sends against what real BuildKit v0.24.0 sent (the recorded traffic) and every answer it must
 * understand, including retries, rate limits and failures.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { BUILDKIT_CACHE_VERSION } from '../../src/buildkit/keys.js'
import {
  CacheServiceError,
  createCacheServiceClient,
  type CacheServiceClientOptions,
} from '../../src/cache-service/client.js'
import { connectionRefused, fakeFetch, fakeSleep, json, type Scripted } from './fake-fetch.js'

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXBheWxvYWQ.c2ln'
const V2 = 'http://127.0.0.1:4567/'
const V1 = 'http://127.0.0.1:4568/'
const TWIRP = `http://127.0.0.1:4567/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`
const SAS = 'http://127.0.0.1:10000/devstoreaccount1/cache/e5?sv=2024-11-04&sig=c2VjcmV0c2ln'

interface TrafficLine {
  method: string
  path: string
  query: Record<string, string>
  body?: string
  headers: Record<string, string>
  hit?: string | null
}
const traffic: TrafficLine[] = readFileSync(
  new URL('../fixtures/buildkit-v0.24.0-gha/traffic.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line))
  .filter((line) => 'method' in line)

function client(script: Scripted[], overrides: Partial<CacheServiceClientOptions> = {}) {
  const fetch = fakeFetch(script)
  const sleep = fakeSleep()
  const debugLines: string[] = []
  const instance = createCacheServiceClient({
    protocol: 'v2',
    url: V2,
    token: TOKEN,
    fetch: fetch.fetch,
    sleep: sleep.sleep,
    random: () => 0,
    debug: (line) => debugLines.push(line),
    ...overrides,
  })
  return { client: instance, requests: fetch.requests, delays: sleep.delays, debugLines }
}

describe('v2 lookup', () => {
  it('sends exactly the request BuildKit sends for an index prefix lookup', async () => {
    const recorded = traffic.find((t) => t.body?.includes('"key":"index-app-1-f921bd05"'))!
    const { client: c, requests } = client([
      json({ ok: true, signed_download_url: SAS, matched_key: 'index-app-1-f921bd05#1' }),
    ])
    const match = await c.lookup('index-app-1-f921bd05')
    expect(match).toEqual({ matchedKey: 'index-app-1-f921bd05#1', downloadUrl: SAS })
    expect(requests).toHaveLength(1)
    expect(requests[0].method).toBe(recorded.method)
    expect(new URL(requests[0].url).pathname).toBe(recorded.path)
    expect(requests[0].body).toBe(recorded.body)
    expect(requests[0].headers['authorization']).toBe(`Bearer ${TOKEN}`)
    expect(requests[0].headers['content-type']).toBe('application/json')
  })

  it.each([
    ['a miss is 200 {"ok":false}', json({ ok: false }), null],
    ['ok absent is a miss', json({}), null],
    [
      'camelCase answers are read too',
      json({ ok: true, signedDownloadUrl: SAS, matchedKey: 'k#2' }),
      { matchedKey: 'k#2', downloadUrl: SAS },
    ],
  ])('%s', async (_name, answer, expected) => {
    const { client: c } = client([answer])
    await expect(c.lookup('k')).resolves.toEqual(expected)
  })

  it('omits restore_keys when there are none and passes a custom version', async () => {
    const { client: c, requests } = client([json({ ok: false })])
    await c.lookup('k', [], 'v-other')
    expect(JSON.parse(requests[0].body!)).toEqual({ key: 'k', version: 'v-other' })
  })

  it('drops any path in the results URL, as @actions/cache does', async () => {
    const { client: c, requests } = client([json({ ok: false })], {
      url: 'http://127.0.0.1:4567/some/prefix/',
    })
    await c.lookup('k')
    expect(requests[0].url).toBe(TWIRP)
  })

  it('rejects an ok answer without matched_key (the generation could not be known)', async () => {
    const { client: c } = client([json({ ok: true, signed_download_url: SAS })])
    await expect(c.lookup('k')).rejects.toThrow(
      'GetCacheEntryDownloadURL answered ok without matched_key',
    )
  })
})

describe('v1 lookup', () => {
  it('sends exactly the query BuildKit sends, and reads a hit', async () => {
    const recorded = traffic.find(
      (t) => t.method === 'GET' && t.query.keys === 'index-v1app-1-f921bd05',
    )!
    const { client: c, requests } = client(
      [
        json({
          cacheKey: 'index-v1app-1-f921bd05#1',
          scope: 'refs/heads/main',
          archiveLocation: SAS,
        }),
      ],
      { protocol: 'v1', url: V1 },
    )
    const match = await c.lookup('index-v1app-1-f921bd05')
    expect(match).toEqual({ matchedKey: 'index-v1app-1-f921bd05#1', downloadUrl: SAS })
    const sent = new URL(requests[0].url)
    expect(requests[0].method).toBe('GET')
    expect(sent.pathname).toBe(recorded.path)
    expect(Object.fromEntries(sent.searchParams)).toEqual(recorded.query)
    expect(requests[0].headers['accept']).toBe('application/json;api-version=6.0-preview.1')
    expect(requests[0].headers['authorization']).toBe(`Bearer ${TOKEN}`)
  })

  it.each([
    ['204 is a miss', new Response(null, { status: 204 })],
    ['an empty 200 is a miss', new Response('', { status: 200 })],
    ['200 without cacheKey is a miss', json({ scope: 'refs/heads/main' })],
  ])('%s', async (_name, answer) => {
    const { client: c } = client([answer], { protocol: 'v1', url: V1 })
    await expect(c.lookup('k')).resolves.toBeNull()
  })

  it.each(['http://127.0.0.1:4568', 'http://127.0.0.1:4568/', 'http://127.0.0.1:4568//'])(
    'joins the API path to %s with one slash',
    async (url) => {
      const { client: c, requests } = client([new Response(null, { status: 204 })], {
        protocol: 'v1',
        url,
      })
      await c.lookup('k')
      expect(requests[0].url).toBe(
        `http://127.0.0.1:4568/_apis/artifactcache/cache?keys=k&version=${BUILDKIT_CACHE_VERSION}`,
      )
    },
  )

  it('sends the key then distinct restore keys, comma-joined', async () => {
    const { client: c, requests } = client([new Response(null, { status: 204 })], {
      protocol: 'v1',
      url: V1,
    })
    await c.lookup('a-1', ['a-1', 'a-'])
    expect(new URL(requests[0].url).searchParams.get('keys')).toBe('a-1,a-')
  })
})

describe('retries', () => {
  it('retries 5xx with backoff, then succeeds', async () => {
    const {
      client: c,
      delays,
      requests,
      debugLines,
    } = client([
      json({ msg: 'unavailable' }, 503),
      new Response('<html>bad gateway</html>', { status: 502 }),
      json({ ok: false }),
    ])
    await expect(c.lookup('k')).resolves.toBeNull()
    expect(requests).toHaveLength(3)
    expect(delays).toEqual([3000, 4500])
    expect(debugLines).toEqual([
      'GetCacheEntryDownloadURL: HTTP 503, retrying in 3000 ms (attempt 1/5)',
      'GetCacheEntryDownloadURL: HTTP 502, retrying in 4500 ms (attempt 2/5)',
    ])
  })

  it('gives up after five attempts with the status and the service message', async () => {
    const { client: c, requests } = client(
      Array.from({ length: 5 }, () => json({ code: 'internal', msg: 'database on fire' }, 500)),
    )
    const error = await c.lookup('k').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheServiceError)
    expect(error).toMatchObject({ status: 500, attempts: 5, code: 'internal' })
    expect((error as Error).message).toBe(
      'GetCacheEntryDownloadURL failed: HTTP 500 database on fire after 5 attempts',
    )
    expect(requests).toHaveLength(5)
  })

  it.each([
    [
      403,
      { code: 'permission_denied', msg: 'cache read denied: no scopes' },
      'HTTP 403 cache read denied: no scopes',
    ],
    [404, { code: 'not_found', msg: 'no route' }, 'HTTP 404 no route'],
    [
      409,
      {
        code: 'already_exists',
        msg: 'cache entry with the same key, version, and scope already exists',
      },
      'HTTP 409 cache entry',
    ],
  ])('does not retry %i', async (status, body, message) => {
    const { client: c, requests } = client([json(body, status)])
    const error = await c.lookup('k').catch((e: unknown) => e)
    expect(error).toMatchObject({ status, attempts: 1, code: body.code })
    expect((error as Error).message).toContain(message)
    expect(requests).toHaveLength(1)
  })

  it('waits what Retry-After asks on 429, then succeeds', async () => {
    const { client: c, delays } = client([
      json({ msg: 'slow down' }, 429, { 'retry-after': '7' }),
      json({ ok: false }),
    ])
    await expect(c.lookup('k')).resolves.toBeNull()
    expect(delays).toEqual([7000])
  })

  it('gives up at once when Retry-After asks for more than a minute', async () => {
    const { client: c, delays } = client([
      json({ msg: 'rate limited' }, 429, { 'retry-after': '3600' }),
    ])
    const error = await c.lookup('k').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 429, attempts: 1, retryAfterMs: 3_600_000 })
    expect((error as Error).message).toBe(
      'GetCacheEntryDownloadURL failed: HTTP 429 rate limited (rate limited; the service asked to wait 3600 s)',
    )
    expect(delays).toEqual([])
  })

  it('retries transport errors and reports the cause without a status', async () => {
    const { client: c, delays } = client(Array.from({ length: 5 }, () => connectionRefused()))
    const error = await c.lookup('k').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: undefined, attempts: 5 })
    expect((error as Error).message).toBe(
      `GetCacheEntryDownloadURL POST ${TWIRP} failed: ECONNREFUSED (after 5 attempts)`,
    )
    expect(delays).toHaveLength(4)
  })

  it('honours a smaller attempt budget', async () => {
    const { client: c, requests } = client([json({}, 500), json({}, 500)], {
      retry: { maxAttempts: 2 },
    })
    await expect(c.lookup('k')).rejects.toMatchObject({ status: 500, attempts: 2 })
    expect(requests).toHaveLength(2)
  })

  it('reads a non-JSON 2xx body as an error', async () => {
    const { client: c } = client([new Response('<html>proxy</html>', { status: 200 })])
    await expect(c.lookup('k')).rejects.toThrow(
      'GetCacheEntryDownloadURL failed: HTTP 200 with a body that is not a JSON object',
    )
  })
})

describe('download', () => {
  it('GETs the signed URL without the runtime token', async () => {
    const { client: c, requests } = client([
      new Response(Buffer.from('{"layers":[]}'), { status: 200 }),
    ])
    const body = await c.download(SAS)
    expect(body.toString()).toBe('{"layers":[]}')
    expect(requests[0]).toMatchObject({ url: SAS, method: 'GET' })
    expect(requests[0].headers['authorization']).toBeUndefined()
  })

  it('retries a 503, then fails on 404 without printing the signature', async () => {
    const { client: c, requests } = client([
      new Response('busy', { status: 503 }),
      new Response('<?xml version="1.0"?><Error><Code>BlobNotFound</Code></Error>', {
        status: 404,
      }),
    ])
    const error = await c.download(SAS).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 404, attempts: 2 })
    expect((error as Error).message).toMatch(
      /^download of http:\/\/127\.0\.0\.1:10000\/devstoreaccount1\/cache\/e5\?… failed: HTTP 404 /,
    )
    expect((error as Error).message).not.toContain('sig=')
    expect(requests).toHaveLength(2)
  })

  it('rejects a body shorter than its Content-Length', async () => {
    const { client: c } = client([
      () => {
        const response = new Response('abc', { status: 200 })
        return Object.defineProperty(response, 'headers', {
          value: new Headers({ 'content-length': '10' }),
        })
      },
    ])
    await expect(c.download(SAS)).rejects.toThrow('was cut short: got 3 of 10 bytes')
  })
})

describe('never leaks the token', () => {
  it('keeps it out of every error message and debug line', async () => {
    const failures: Scripted[][] = [
      Array.from({ length: 5 }, () => json({ msg: 'boom' }, 500)),
      [json({ msg: 'denied' }, 403)],
      Array.from({ length: 5 }, () => connectionRefused()),
      [json({ ok: true })],
    ]
    for (const script of failures) {
      const { client: c, debugLines } = client(script)
      const error = (await c.lookup('k').catch((e: unknown) => e)) as Error
      expect(error).toBeInstanceOf(Error)
      for (const text of [error.message, error.stack ?? '', ...debugLines]) {
        expect(text).not.toContain(TOKEN)
        expect(text).not.toContain('c2VjcmV0')
      }
    }
  })
})

describe('bad input', () => {
  it.each([
    [{ protocol: 'v3' }, 'cache service protocol "v3" is not supported; expected "v1" or "v2"'],
    [
      { url: 'results-receiver' },
      'cache service URL "results-receiver" is not an absolute URL; expected http(s)://host[:port]/ (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL)',
    ],
    [{ url: 'ftp://127.0.0.1/' }, 'cache service URL must be http or https, got "ftp:"'],
    [
      { token: '' },
      'cache service token is empty; expected the runtime token (ACTIONS_RUNTIME_TOKEN)',
    ],
    [
      { token: '  ' },
      'cache service token is empty; expected the runtime token (ACTIONS_RUNTIME_TOKEN)',
    ],
  ])('options %j: %s', (overrides, message) => {
    expect(() =>
      createCacheServiceClient({
        protocol: 'v2',
        url: V2,
        token: TOKEN,
        ...(overrides as object),
      } as CacheServiceClientOptions),
    ).toThrow(message)
  })

  it.each([
    ['', [], 'cache key is empty; expected a non-empty key such as "index-app-1-f921bd05"'],
    ['a,b', undefined, 'cache key "a,b" contains a comma, which the cache service does not accept'],
    ['x'.repeat(513), undefined, 'is 513 characters long; the cache service accepts at most 512'],
    [
      'k',
      Array.from({ length: 10 }, (_, i) => `r${i}`),
      'cache lookup got 11 keys; the cache service accepts at most 10',
    ],
  ])('key %j with restore keys %j', async (key, restoreKeys, message) => {
    const { client: c, requests } = client([])
    await expect(c.lookup(key, restoreKeys)).rejects.toThrow(message)
    expect(requests).toHaveLength(0)
  })
})
