/**
 * src/cache-service/writer.ts against the local cache service over both protocols: a small entry
 * saved with one Put Blob (v2) or one PATCH (v1), under its own version, is found and downloaded
 * by exactly that version, and not by BuildKit's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createCacheServiceClient } from '../../src/cache-service/client.js'
import { createCacheServiceConnection } from '../../src/cache-service/connection.js'
import { CacheStorageReadOnly, CacheWriteDenied } from '../../src/cache-service/errors.js'
import {
  createCacheWriter,
  entrySaver,
  saveEntry,
  WRITE_RATE_LIMIT_RETRIES,
} from '../../src/cache-service/writer.js'
import { fakeFetch, fakeSleep, json } from './fake-fetch.js'
import { MARKER_VERSION } from '../../src/prune/marker.js'
import { startCacheService, type RunningCacheService } from '../../dev/cache-service/index.js'

const REF = 'refs/pull/7/merge'
let service: RunningCacheService

beforeAll(async () => {
  service = await startCacheService({})
})
afterAll(async () => {
  await service.stop()
})

describe.each(['v2', 'v1'] as const)('a read-only token over %s', (protocol) => {
  it('gets the service\'s "cache write denied:" as one error that names the likely causes', async () => {
    const writer = createCacheWriter(
      createCacheServiceConnection({
        protocol,
        url: service.url,
        token: service.runtimeToken({ ref: REF, readRefs: [], write: false }),
      }),
      { version: MARKER_VERSION },
    )
    const error = await saveEntry(writer, `denied-${protocol}`, Buffer.from('x')).catch((e) => e)
    expect(error).toBeInstanceOf(CacheWriteDenied)
    expect((error as Error).message).toBe(
      `the cache service denied writing denied-${protocol} (cache write denied: token has no writable scopes): the runtime token may not write the cache here. Likely causes: a read-only trigger (pull_request from a fork, pull_request_target), a job whose permissions: leave out actions: write, or cache-mode read or none`,
    )
  })
})

describe.each(['v2', 'v1'] as const)('a cache read-only for billing over %s', (protocol) => {
  it('gets the service\'s "insufficient usage" as one error that names the budget, once', async () => {
    service.setReadOnlyForBilling(true)
    try {
      const writer = createCacheWriter(
        createCacheServiceConnection({
          protocol,
          url: service.url,
          token: service.runtimeToken({ ref: REF, readRefs: [] }),
        }),
        { version: MARKER_VERSION },
      )
      service.resetRequestCounts()
      const error = await saveEntry(writer, `budget-${protocol}`, Buffer.from('x')).catch((e) => e)
      expect(error).toBeInstanceOf(CacheStorageReadOnly)
      expect((error as Error).message).toMatch(
        new RegExp(
          `^the cache service refused writing budget-${protocol} \\(insufficient usage: .*\\): the repository's Actions cache is read-only because a billing budget for cache storage ran out\\. .*raise the budget`,
        ),
      )
      // Not retried: the state lasts until the billing cycle ends.
      const reserves = Object.entries(service.requestCounts())
        .filter(([endpoint]) => /CreateCacheEntry|reserveCache/.test(endpoint))
        .reduce((n, [, count]) => n + count, 0)
      expect(reserves).toBe(1)
    } finally {
      service.setReadOnlyForBilling(false)
    }
  })
})

describe.each(['v2', 'v1'] as const)('saveEntry over %s', (protocol) => {
  const options = () => ({
    protocol,
    url: service.url,
    token: service.runtimeToken({ ref: REF, readRefs: [] }),
  })

  it('saves once, under its version; the same key again is refused as existing', async () => {
    const writer = createCacheWriter(createCacheServiceConnection(options()), {
      version: MARKER_VERSION,
    })
    const key = `writer-test-${protocol}`
    expect(await saveEntry(writer, key, Buffer.from('{"layers":3}'))).toBe(true)
    expect(await saveEntry(writer, key, Buffer.from('{"layers":3}'))).toBe(false)

    const client = createCacheServiceClient(options())
    const match = await client.lookup(key, [key], MARKER_VERSION)
    expect(match?.matchedKey).toBe(key)
    expect((await client.download(match!.downloadUrl)).toString()).toBe('{"layers":3}')
    // BuildKit's lookups carry BuildKit's version: they never find it.
    expect(await client.lookup(key)).toBeNull()
    const listed = service.entries().filter((e) => e.key === key)
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ ref: REF, version: MARKER_VERSION, committed: true })
    expect(listed[0].sizeBytes).toBe(12)
  })
})

describe("the action's own writes at the upload rate", () => {
  it('wait for one Retry-After, then give up with the 429: no storm of retries', async () => {
    const { fetch, requests } = fakeFetch([
      json({ msg: 'too many uploads' }, 429, { 'retry-after': '2' }),
      json({ msg: 'too many uploads' }, 429, { 'retry-after': '2' }),
    ])
    const sleep = fakeSleep()
    const save = entrySaver(
      { protocol: 'v2', url: 'http://127.0.0.1:9/', token: 't', fetch, sleep: sleep.sleep },
      MARKER_VERSION,
    )
    const error = await save('marker', Buffer.from('x')).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 429, attempts: 2 })
    expect(sleep.delays).toEqual([2000])
    expect(requests).toHaveLength(1 + WRITE_RATE_LIMIT_RETRIES)
  })
})
