import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DAY_MS,
  HOUR_MS,
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../../../dev/cache-service/index.js'
import { V1_ACCEPT, call, lookupV2, saveV2, twirp } from './http-helpers.js'
import { MAIN } from '../../helpers/constants.js'

const VERSION = 'd'.repeat(64)
/** 10:30 on some day: the next hourly pass is 30 minutes away. */
const T0 = Date.UTC(2026, 3, 1, 10, 30)

let svc: RunningCacheService | undefined
afterEach(async () => {
  await svc?.stop()
  svc = undefined
})

async function start(o: Parameters<typeof startCacheService>[0] = {}) {
  const clock = new ManualClock(T0)
  svc = await startCacheService({ clock, ...o })
  return { svc, clock, token: svc.runtimeToken({ ref: MAIN, ttlSeconds: 90 * 24 * 3600 }) }
}

const keys = (s: RunningCacheService) =>
  s
    .entries()
    .filter((e) => e.committed)
    .map((e) => e.key)

describe('size limit', () => {
  it('saves over the limit are accepted; the hourly pass then evicts least recently accessed first', async () => {
    const { svc, clock, token } = await start({ limitBytes: 1_000 })
    for (const key of ['a', 'b', 'c']) {
      expect((await saveV2(svc, token, key, VERSION, Buffer.alloc(400))).json).toMatchObject({
        ok: true,
      })
      clock.advance(60_000)
    }
    await lookupV2(svc, token, 'a', VERSION)
    expect(keys(svc)).toEqual(['a', 'b', 'c'])

    clock.advance(20 * 60_000) // 10:53: no boundary yet
    expect(keys(svc)).toEqual(['a', 'b', 'c'])
    clock.advance(10 * 60_000) // past 11:00
    expect(keys(svc)).toEqual(['a', 'c'])
    expect(svc.evictionLog()).toEqual([
      expect.objectContaining({
        at: Date.UTC(2026, 3, 1, 11),
        bytesBefore: 1_200,
        bytesAfter: 800,
        evicted: [expect.objectContaining({ key: 'b', sizeBytes: 400 })],
        expired: [],
      }),
    ])
  })

  it('an evicted entry is gone for lookups, listings and downloads', async () => {
    const { svc, clock, token } = await start({ limitBytes: 10 })
    await saveV2(svc, token, 'x', VERSION, Buffer.alloc(20))
    const url = (await lookupV2(svc, token, 'x', VERSION)).signed_download_url!
    clock.advance(HOUR_MS)
    expect((await lookupV2(svc, token, 'x', VERSION)).ok).toBe(false)
    const listing = await call(svc, `api/v3/repos/${svc.repository}/actions/caches`, {
      headers: { authorization: `token ${svc.githubToken}` },
    })
    expect(listing.json).toMatchObject({ total_count: 0 })
    let status = 200
    for (let i = 0; i < 50 && status === 200; i++) status = (await fetch(url)).status
    expect(status).toBe(404)
  })

  it('runEviction runs a pass now, off the schedule, and the limit can change while running', async () => {
    const { svc, token } = await start({ limitBytes: 10_000 })
    await saveV2(svc, token, 'p', VERSION, Buffer.alloc(300))
    await saveV2(svc, token, 'q', VERSION, Buffer.alloc(300))
    expect(svc.runEviction().evicted).toEqual([])
    svc.setLimitBytes(400)
    expect(svc.runEviction().evicted.map((e) => e.key)).toEqual(['p'])
    expect(() => svc.setLimitBytes(-1)).toThrow('limitBytes must be a whole number >= 0, got -1')
  })

  it('with the system clock, a timer runs the passes without any request', async () => {
    svc = await startCacheService({ limitBytes: 10, evictionIntervalMs: 100 })
    await svc.seedEntries([{ key: 'big', ref: MAIN, version: VERSION, sizeBytes: 50 }])
    const seen: string[][] = []
    for (let i = 0; i < 40 && svc.evictionLog().length === 0; i++) await sleep(50)
    seen.push(svc.evictionLog().flatMap((r) => r.evicted.map((e) => e.key)))
    expect(seen).toEqual([['big']])
  })
})

describe('expiry and abandoned reservations', () => {
  it('an entry unused for 7 days goes at the next pass; one read on day 6 stays', async () => {
    const { svc, clock, token } = await start()
    await saveV2(svc, token, 'stale', VERSION, Buffer.from('s'))
    await saveV2(svc, token, 'used', VERSION, Buffer.from('u'))
    clock.advance(6 * DAY_MS)
    await lookupV2(svc, token, 'used', VERSION)
    clock.advance(DAY_MS - 60_000)
    expect(keys(svc)).toEqual(['stale', 'used'])
    clock.advance(HOUR_MS)
    expect(keys(svc)).toEqual(['used'])
    expect(svc.evictionLog().at(-1)).toMatchObject({
      expired: [expect.objectContaining({ key: 'stale' })],
      evicted: [],
    })
    clock.advance(7 * DAY_MS)
    expect(keys(svc)).toEqual([])
  })

  it('a reservation never finalized stops blocking its key after the timeout', async () => {
    const { svc, clock, token } = await start({ reservationTimeoutMs: 2 * HOUR_MS })
    await twirp(svc, 'CreateCacheEntry', { key: 'crashed#1', version: VERSION }, token)
    clock.advance(HOUR_MS)
    expect(
      (await twirp(svc, 'CreateCacheEntry', { key: 'crashed#1', version: VERSION }, token)).status,
    ).toBe(409)
    clock.advance(2 * HOUR_MS)
    expect(svc.evictionLog().flatMap((r) => r.abandoned.map((e) => e.key))).toEqual(['crashed#1'])
    expect(
      (await twirp(svc, 'CreateCacheEntry', { key: 'crashed#1', version: VERSION }, token)).json,
    ).toMatchObject({ ok: true })
  })
})

describe('declared sizes (simulations)', () => {
  it('record what the client declares, v2 and v1, so GB-scale builds run on tiny payloads', async () => {
    const { svc, clock, token } = await start({ declaredSizes: true, limitBytes: 10 * 1024 ** 3 })
    const GiB = 1024 ** 3
    expect(
      (await saveV2(svc, token, 'layer-a', VERSION, Buffer.from('tiny'), { declaredSize: 6 * GiB }))
        .json,
    ).toMatchObject({ ok: true })
    const reserved = await call(svc, '_apis/artifactcache/caches', {
      method: 'POST',
      headers: {
        accept: V1_ACCEPT,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ key: 'layer-b', version: VERSION }),
    })
    const { cacheId } = reserved.json as { cacheId: number }
    const committed = await call(svc, `_apis/artifactcache/caches/${cacheId}`, {
      method: 'POST',
      headers: {
        accept: V1_ACCEPT,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ size: 5 * GiB }),
    })
    expect(committed.status).toBe(204)
    expect(svc.entries().map((e) => [e.key, e.sizeBytes])).toEqual([
      ['layer-a', 6 * GiB],
      ['layer-b', 5 * GiB],
    ])
    clock.advance(HOUR_MS)
    expect(keys(svc)).toEqual(['layer-b'])
  })

  it('a simulated month: hourly passes keep usage within the limit and drop what nobody reads', async () => {
    const { svc, clock, token } = await start({
      declaredSizes: true,
      limitBytes: 1_000_000,
      uploadsPerMinute: 0,
    })
    const MB = 100_000
    for (let day = 0; day < 30; day++) {
      for (let build = 0; build < 4; build++) {
        await saveV2(svc, token, `layer-${day}-${build}`, VERSION, Buffer.from('x'), {
          declaredSize: MB,
        })
        await lookupV2(svc, token, 'base-image', VERSION)
        clock.advance(3 * HOUR_MS)
      }
      if (day === 0)
        await svc.seedEntries([
          {
            key: 'base-image',
            ref: MAIN,
            version: VERSION,
            sizeBytes: MB,
            lastAccessedAt: clock.now(),
          },
        ])
      clock.advance(12 * HOUR_MS)
    }
    const passes = svc.evictionLog()
    expect(passes.every((p) => p.bytesAfter <= 1_000_000)).toBe(true)
    expect(passes.reduce((n, p) => n + p.evicted.length, 0)).toBeGreaterThan(100)
    // The base image is read by every build, so LRU never picks it.
    expect(keys(svc)).toContain('base-image')
    expect(svc.entries().reduce((n, e) => n + e.sizeBytes, 0)).toBeLessThanOrEqual(1_000_000)
  }, 60_000)
})

describe('upload rate limit', () => {
  it('over the limit, new entries get 429 with Retry-After until the minute turns; lookups are not counted', async () => {
    const { svc, clock, token } = await start({ uploadsPerMinute: 2 })
    clock.set(Date.UTC(2026, 3, 1, 12, 0, 20))
    for (const key of ['r1', 'r2'])
      expect((await twirp(svc, 'CreateCacheEntry', { key, version: VERSION }, token)).status).toBe(
        200,
      )
    for (let i = 0; i < 5; i++) await lookupV2(svc, token, 'r1', VERSION)
    const limited = await twirp(svc, 'CreateCacheEntry', { key: 'r3', version: VERSION }, token)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('40')
    expect(limited.json).toEqual({
      code: 'resource_exhausted',
      msg: 'rate limit exceeded for cache uploads; retry after 40 seconds',
    })
    const v1 = await call(svc, '_apis/artifactcache/caches', {
      method: 'POST',
      headers: {
        accept: V1_ACCEPT,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ key: 'r3', version: VERSION }),
    })
    expect([
      v1.status,
      v1.headers.get('retry-after'),
      (v1.json as { typeKey: string }).typeKey,
    ]).toEqual([429, '40', 'RequestBlockedException'])
    expect(svc.entries().some((e) => e.key === 'r3')).toBe(false)
    clock.advance(40_000)
    expect(
      (await twirp(svc, 'CreateCacheEntry', { key: 'r3', version: VERSION }, token)).status,
    ).toBe(200)
  })

  it('a 409 does not use up the limit', async () => {
    const { svc, token } = await start({ uploadsPerMinute: 1 })
    await twirp(svc, 'CreateCacheEntry', { key: 'once', version: VERSION }, token)
    expect(
      (await twirp(svc, 'CreateCacheEntry', { key: 'once', version: VERSION }, token)).status,
    ).toBe(409)
  })

  it('the optional download limit counts lookups', async () => {
    const { svc, token } = await start({ downloadsPerMinute: 2 })
    await lookupV2(svc, token, 'a', VERSION)
    await lookupV2(svc, token, 'b', VERSION)
    const third = await twirp(
      svc,
      'GetCacheEntryDownloadURL',
      { key: 'c', version: VERSION },
      token,
    )
    expect([third.status, (third.json as { msg: string }).msg]).toEqual([
      429,
      expect.stringContaining('cache downloads'),
    ])
  })
})

describe('options', () => {
  it.each([
    [
      'a non-loopback host',
      { host: '0.0.0.0' },
      'host must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"',
    ],
    [
      'a repository without an owner',
      { repository: 'repo' },
      'repository must look like owner/name, got "repo"',
    ],
    ['a fractional limit', { limitBytes: 1.5 }, 'limitBytes must be a whole number >= 0, got 1.5'],
    [
      'a zero eviction interval',
      { evictionIntervalMs: 0 },
      'evictionIntervalMs must be a whole number >= 1, got 0',
    ],
    [
      'a negative upload limit',
      { uploadsPerMinute: -5 },
      'rate limit must be a whole number >= 0 (0 turns it off), got -5',
    ],
  ])('refuses %s', async (_n, options, message) => {
    await expect(startCacheService(options)).rejects.toThrow(message)
  })

  it.each([
    [
      'a ref without refs/',
      { ref: 'main' },
      'ref must be a full ref such as refs/heads/main or refs/pull/1/merge, got "main"',
    ],
    ['a bad read ref', { ref: MAIN, readRefs: ['feature'] }, 'readRefs must be a full ref'],
    [
      'an unknown protocol',
      { ref: MAIN, protocol: 'v3' as 'v2' },
      "jobEnv: protocol must be 'v2' or 'v1', got \"v3\"",
    ],
  ])('jobEnv refuses %s', async (_n, o, message) => {
    const { svc } = await start()
    expect(() => svc.jobEnv(o)).toThrow(message)
  })
})
