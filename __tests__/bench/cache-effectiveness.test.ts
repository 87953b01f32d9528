/**
 * bench/cache-effectiveness.ts on a small month (two days, a few builds) against the local cache
 * service: the arms see the same builds, eviction costs reuse and shows up as "blob not found",
 * hooks run where the action's steps would.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { runArm, type ArmResult } from '../../bench/cache-effectiveness.js'
import { pruningHooks } from '../../bench/pruning-arm.js'
import { DEFAULT_WORKLOAD, generateWorkload, SCOPES } from '../../bench/workload.js'

const start = Date.parse('2026-01-05T00:00:00Z')
const workload = {
  ...DEFAULT_WORKLOAD,
  days: 2,
  mainCommitsPerDay: 8,
  openPullRequests: 2,
  pullRequestDays: 1,
  pullRequestCommitsPerDay: 2,
  scopes: SCOPES,
}
const events = generateWorkload(workload, start)
const options = { events, scopes: SCOPES, start, days: 2 }
const calls = { afterBuild: 0, pullRequestClosed: 0, scheduled: 0 }
let unlimited: ArmResult
let tight: ArmResult
let pruned: ArmResult

beforeAll(async () => {
  unlimited = await runArm(
    {
      name: 'unlimited',
      limitBytes: Number.MAX_SAFE_INTEGER,
      hooks: {
        afterBuild: async () => void calls.afterBuild++,
        pullRequestClosed: async () => void calls.pullRequestClosed++,
        scheduled: async () => void calls.scheduled++,
      },
    },
    options,
  )
  tight = await runArm({ name: 'tight', limitBytes: 1e9 }, options)
  pruned = await runArm(
    { name: 'pruned', limitBytes: 4e9, hooks: pruningHooks({ cacheLimit: '4GB' }) },
    options,
  )
}, 120_000)

describe('runArm', () => {
  it('replays the same builds in every arm', () => {
    const builds = events.filter((e) => e.kind === 'build').length
    expect(unlimited.scopes.reduce((n, s) => n + s.builds, 0)).toBe(builds)
    expect(tight.scopes.map((s) => s.builds)).toEqual(unlimited.scopes.map((s) => s.builds))
    expect(tight.scopes.map((s) => s.steps)).toEqual(unlimited.scopes.map((s) => s.steps))
  })

  it('calls the hooks where the post step and prune would run', () => {
    expect(calls.afterBuild).toBe(events.filter((e) => e.kind === 'build').length)
    expect(calls.pullRequestClosed).toBe(events.filter((e) => e.kind === 'pr-close').length)
    expect(calls.scheduled).toBe(2)
  })

  it('unlimited: nothing evicted, no "blob not found", stored at least the live set', () => {
    expect(unlimited.evicted).toBe(0)
    expect(unlimited.scopes.every((s) => s.blobNotFound === 0)).toBe(true)
    expect(unlimited.storedGbDays).toBeGreaterThanOrEqual(unlimited.liveGbDays)
    expect(unlimited.scopes.find((s) => s.scope === 'api')!.cacheShare).toBeGreaterThan(0.4)
  })

  it('a tight limit evicts, loses reuse and finds indexes whose blobs are gone', () => {
    expect(tight.evicted).toBeGreaterThan(0)
    expect(tight.peakBytes).toBeLessThan(unlimited.peakBytes)
    for (const s of tight.scopes)
      expect(s.cacheShare).toBeLessThanOrEqual(
        unlimited.scopes.find((u) => u.scope === s.scope)!.cacheShare,
      )
    const cached = (r: ArmResult) => r.scopes.reduce((n, s) => n + s.cached, 0)
    expect(cached(tight)).toBeLessThan(cached(unlimited))
    expect(tight.scopes.reduce((n, s) => n + s.bytesRebuilt, 0)).toBeGreaterThan(
      unlimited.scopes.reduce((n, s) => n + s.bytesRebuilt, 0),
    )
    expect(tight.scopes.reduce((n, s) => n + s.blobNotFound, 0)).toBeGreaterThan(0)
  })

  it('with the action’s pruning (the real planner and executor) under a limit its live set fits: nothing evicted, no "blob not found"', () => {
    expect(pruned.pruned).toBeGreaterThan(0)
    expect(pruned.evicted).toBe(0)
    expect(pruned.scopes.reduce((n, s) => n + s.blobNotFound, 0)).toBe(0)
    // A build that overlaps the post step before it uploads while that one prunes (GitHub evicts
    // hourly, so a passing overshoot costs nothing): the peak may pass the limit by one build.
    expect(pruned.peakBytes).toBeLessThanOrEqual(4e9 * 1.1)
    expect(pruned.concurrentPrunes).toBeGreaterThan(0)
    expect(pruned.peakBytes).toBeLessThan(unlimited.peakBytes / 1.5)
    const cached = (r: ArmResult) => r.scopes.reduce((n, s) => n + s.cached, 0)
    expect(cached(pruned)).toBe(cached(unlimited))
    expect(cached(pruned)).toBeGreaterThan(cached(tight))
  })
})
