/**
 * The flood model (dev/cache-service/flood.ts): its computed entries against the same entries
 * materialised, and through the REST API with the action's own client.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { Flood, FLOOD_ID_BASE, type FloodSpec } from '../../../dev/cache-service/flood.js'
import {
  ManualClock,
  startCacheService,
  type RunningCacheService,
} from '../../../dev/cache-service/index.js'
import type { StoredEntry } from '../../../dev/cache-service/store.js'
import { createGitHubClient } from '../../../src/github/client.js'
import { ListingTooLargeError, PAGE_SIZE } from '../../../src/github/caches.js'
import { BUILDKIT_CACHE_VERSION, parseKey } from '../../../src/buildkit/keys.js'
import { MINUTE, DAY } from '../../helpers/constants.js'

const T0 = Date.UTC(2026, 0, 5)
const FORK = 'refs/pull/99/merge'

const spec = (overrides: Partial<FloodSpec> = {}): FloodSpec => ({
  ref: FORK,
  scopePrefix: 'flood',
  version: BUILDKIT_CACHE_VERSION,
  start: T0,
  perMinute: 200,
  sizeBytes: 100,
  retentionMs: 7 * DAY,
  ...overrides,
})

describe('Flood', () => {
  it('writes perMinute entries a minute and drops each after the retention', () => {
    const flood = new Flood(spec())
    expect(flood.range(T0 - 1)).toEqual([0, 0])
    expect(flood.range(T0)).toEqual([0, 1])
    expect(flood.range(T0 + MINUTE - 1)).toEqual([0, 200])
    // A week and a minute in: the first minute's entries expired, and the one written a week ago
    // to the millisecond.
    const [lo, hi] = flood.range(T0 + 7 * DAY + MINUTE)
    expect([lo, hi - lo]).toEqual([201, 7 * 24 * 60 * 200])
    expect(flood.usage(T0 + 30 * DAY).count).toBe(7 * 24 * 60 * 200)
    const e = flood.entry(3)
    expect(e).toMatchObject({ id: FLOOD_ID_BASE + 3, ref: FORK, createdAt: T0 + 900 })
    expect(parseKey(e.key)).toMatchObject({ kind: 'index', scope: 'flood3' })
  })

  it('pages the merged listing exactly as the materialised entries sort, by each field, in both directions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -60_000, max: 200_000 }), { maxLength: 40 }),
        fc.constantFrom<'created_at' | 'last_accessed_at' | 'size_in_bytes'>(
          'created_at',
          'last_accessed_at',
          'size_in_bytes',
        ),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        (times, sort, direction, elapsed, from, size) => {
          const flood = new Flood(spec({ perMinute: 60, retentionMs: 90_000 }))
          const now = T0 + elapsed
          const field =
            sort === 'created_at'
              ? 'createdAt'
              : sort === 'last_accessed_at'
                ? 'lastAccessedAt'
                : 'sizeBytes'
          const sign = direction === 'asc' ? 1 : -1
          const order = (a: StoredEntry, b: StoredEntry) =>
            sign * (a[field] - b[field] || a.id - b.id)
          const stored: StoredEntry[] = times
            .map((t, i) => ({
              id: i + 1,
              ref: 'refs/heads/main',
              key: `k${i}`,
              version: 'v',
              createdAt: T0 + t,
              lastAccessedAt: T0 + t,
              // Around the flood's size (100 bytes), ties included.
              sizeBytes: 90 + (Math.abs(t) % 21),
              committed: true,
            }))
            .sort(order)
          const [lo, hi] = flood.range(now)
          const all = [
            ...stored,
            ...Array.from({ length: hi - lo }, (_, k) => flood.entry(lo + k)),
          ].sort(order)
          const page = flood.page(stored, sort, direction, now, from, from + size)
          expect(page.total).toBe(all.length)
          expect(page.items.map((e) => e.id)).toEqual(all.slice(from, from + size).map((e) => e.id))
        },
      ),
    )
  })

  it('holds all of its entries or none for a filter, and refuses filters it does not model', () => {
    const flood = new Flood(spec())
    expect(flood.matches({})).toBe(true)
    expect(flood.matches({ key: 'index-' })).toBe(true)
    expect(flood.matches({ key: 'index-', ref: FORK })).toBe(true)
    expect(flood.matches({ key: 'buildkit-blob-1-' })).toBe(false)
    expect(flood.matches({ ref: 'refs/heads/main' })).toBe(false)
    expect(() => flood.matches({ key: 'index-flood12' })).toThrow(/does not model/)
  })
})

describe('a flood through the REST API', () => {
  let svc: RunningCacheService
  const clock = new ManualClock(T0 + 30 * DAY)

  beforeAll(async () => {
    svc = await startCacheService({ clock })
    svc.setFlood(spec())
    await svc.seedEntries([
      {
        key: 'index-app-1-00000000#1',
        ref: 'refs/heads/main',
        version: BUILDKIT_CACHE_VERSION,
        sizeBytes: 5,
        createdAt: T0 + 30 * DAY - MINUTE,
        lastAccessedAt: T0 + 30 * DAY - MINUTE,
      },
    ])
  })
  afterAll(() => svc.stop())

  const client = () =>
    createGitHubClient({
      token: svc.githubToken,
      baseUrl: svc.apiUrl,
      repository: svc.repository,
      paceWrites: false,
    })

  it('shows in the usage endpoint and the listing total; the action reads one page of it', async () => {
    const github = client()
    const usage = await github.getCacheUsage()
    expect(usage.activeCount).toBe(7 * 24 * 60 * 200 + 1)
    expect(usage.activeBytes).toBe(7 * 24 * 60 * 200 * 100 + 5)
    svc.resetRequestCounts()
    const error = await github
      .listCaches({ key: 'index-' }, { maxEntries: 10_000 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ListingTooLargeError)
    expect((error as ListingTooLargeError).total).toBe(7 * 24 * 60 * 200 + 1)
    expect(svc.requestCounts()['rest.getActionsCacheList']).toBe(1)
    // Main's own listing does not hold it.
    await expect(github.listCaches({ ref: 'refs/heads/main' })).resolves.toHaveLength(1)
  })

  it('holds the newest entries first by last use, with the stored one among them by its time', async () => {
    const recent = await client().listRecentlyUsed(T0 + 30 * DAY - 2 * MINUTE)
    // Two minutes of the flood (400, and the one at the boundary) and the stored index.
    expect(recent).toHaveLength(402)
    expect(recent.filter((e) => e.ref === 'refs/heads/main')).toHaveLength(1)
    const times = recent.map((e) => e.lastAccessedAt)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('puts the largest entries first on one page: a 50 MB layer before the flood (100 bytes each), the 5-byte index after it', async () => {
    const github = client()
    svc.resetRequestCounts()
    const largest = await github.listLargest()
    expect(svc.requestCounts()['rest.getActionsCacheList']).toBe(1)
    expect(largest).toHaveLength(PAGE_SIZE)
    expect(largest.every((e) => e.sizeInBytes === 100)).toBe(true)
    await svc.seedEntries([
      {
        key: 'buildkit-blob-1-sha256:big',
        ref: 'refs/pull/3/merge',
        version: BUILDKIT_CACHE_VERSION,
        sizeBytes: 50_000_000,
        createdAt: T0 + 29 * DAY,
        lastAccessedAt: T0 + 29 * DAY,
      },
    ])
    const [first, ...rest] = await github.listLargest()
    expect(first).toMatchObject({ ref: 'refs/pull/3/merge', sizeInBytes: 50_000_000 })
    expect(rest).toHaveLength(PAGE_SIZE - 1)
  })

  it('refuses and counts a delete of a flood entry', async () => {
    const flood = svc.setFlood(spec())!
    await expect(client().deleteCache(FLOOD_ID_BASE + 5)).rejects.toThrow()
    expect(flood.refusedDeletes).toBe(1)
  })
})
