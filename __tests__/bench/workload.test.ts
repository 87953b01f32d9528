/** bench/workload.ts: the seeded month the cache-effectiveness benchmark replays. */
import { describe, expect, it } from '@jest/globals'
import { seededRandom } from '../../bench/random.js'
import {
  DEFAULT_WORKLOAD,
  SCOPES,
  generateWorkload,
  type WorkloadEvent,
} from '../../bench/workload.js'
import { DAY } from '../helpers/constants.js'

const events = generateWorkload()
const builds = events.filter(
  (e): e is Extract<WorkloadEvent, { kind: 'build' }> => e.kind === 'build',
)
const count = (scope: string, pr: boolean) =>
  builds.filter((b) => b.scope === scope && (b.pullRequest !== undefined) === pr).length

describe('generateWorkload', () => {
  it('is the same month for the same seed and another for another seed', () => {
    expect(generateWorkload()).toEqual(events)
    expect(generateWorkload({ ...DEFAULT_WORKLOAD, seed: 7 })).not.toEqual(events)
  })

  it('keeps time order within the month', () => {
    const times = events.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times[0]).toBeGreaterThanOrEqual(0)
    expect(times.at(-1)!).toBeLessThanOrEqual(30 * DAY)
  })

  it.each([
    // scope, default-branch builds in 30 days: about 20 a day / weekly / a few a month
    ['api', 540, 660],
    ['worker', 4, 6],
    ['tools', 5, 7],
  ])('builds %s on the default branch between %i and %i times', (scope, low, high) => {
    expect(count(scope, false)).toBeGreaterThanOrEqual(low)
    expect(count(scope, false)).toBeLessThanOrEqual(high)
  })

  it('keeps about ten pull requests open at a time, and the idle ones besides', () => {
    let open = 0
    let area = 0
    let last = 0
    for (const e of events) {
      area += open * (e.at - last)
      last = e.at
      if (e.kind === 'pr-open') open++
      if (e.kind === 'pr-close') open--
    }
    expect(open).toBe(0) // every PR closes by the end
    expect(area / last).toBeGreaterThan(10)
    expect(area / last).toBeLessThan(17)
  })

  it('leaves about a quarter of pull requests idle for one to six days, then builds them on the base they had', () => {
    const prs = [
      ...new Set(builds.flatMap((b) => (b.pullRequest === undefined ? [] : [b.pullRequest]))),
    ]
    const idle = prs.filter((n) => builds.some((b) => b.pullRequest === n && b.afterIdle))
    expect(idle.length / prs.length).toBeGreaterThan(0.15)
    expect(idle.length / prs.length).toBeLessThan(0.35)
    let movedOn = 0
    for (const n of idle) {
      const own = builds.filter((b) => b.pullRequest === n)
      const first = own.find((b) => !b.afterIdle)!
      const back = own.filter((b) => b.afterIdle)
      const gap = back[0].at - first.at
      expect(gap).toBeGreaterThanOrEqual(DAY)
      expect(gap).toBeLessThanOrEqual(6 * DAY)
      // The first build back re-runs the last one: the same versions.
      expect(back[0].versions).toEqual(first.versions)
      // Meanwhile the default branch changed a dependency or base layer it builds on.
      const spec = SCOPES.find((x) => x.scope === first.scope)!
      const slow = [...spec.churn.weekly, ...spec.churn.monthly]
      const main = builds.filter(
        (b) => b.scope === first.scope && b.pullRequest === undefined && b.at < back[0].at,
      )
      const latest = main.at(-1)
      if (latest && slow.some((step) => latest.versions[step] !== first.versions[step])) movedOn++
    }
    expect(movedOn).toBeGreaterThan(5)
  })

  it('builds pull requests in their merge ref, reading the default branch, only while open', () => {
    const openAt = new Map<number, number>()
    const closeAt = new Map<number, number>()
    for (const e of events) {
      if (e.kind === 'pr-open') openAt.set(e.pullRequest, e.at)
      if (e.kind === 'pr-close') closeAt.set(e.pullRequest, e.at)
    }
    const prBuilds = builds.filter((b) => b.pullRequest !== undefined)
    expect(prBuilds.length).toBeGreaterThan(300)
    for (const b of prBuilds) {
      expect(b.ref).toBe(`refs/pull/${b.pullRequest}/merge`)
      expect(b.readRefs).toEqual(['refs/heads/main'])
      expect(b.at).toBeGreaterThanOrEqual(openAt.get(b.pullRequest!)!)
      expect(b.at).toBeLessThan(closeAt.get(b.pullRequest!)!)
    }
    expect(
      builds
        .filter((b) => b.pullRequest === undefined)
        .every((b) => b.ref === 'refs/heads/main' && b.readRefs.length === 0),
    ).toBe(true)
  })

  it('churns application layers every commit, dependencies about weekly, base images about monthly', () => {
    const api = builds.filter((b) => b.scope === 'api' && b.pullRequest === undefined)
    const distinct = (step: string) => new Set(api.map((b) => b.versions[step] ?? '1')).size
    expect(distinct('build/compile')).toBe(api.length)
    expect(distinct('build/mod-download')).toBeGreaterThanOrEqual(4)
    expect(distinct('build/mod-download')).toBeLessThanOrEqual(6)
    expect(distinct('golang:1.24')).toBe(2)
  })

  it('gives a pull request its own application layers and main’s everything else', () => {
    const pr = builds.find(
      (b) =>
        b.pullRequest !== undefined &&
        b.scope === 'api' &&
        b.at > 20 * DAY &&
        b.versions['build/compile'].endsWith('-1'),
    )!
    const mainBefore = builds
      .filter((b) => b.scope === 'api' && b.pullRequest === undefined && b.at <= pr.at)
      .at(-1)!
    expect(pr.versions['build/compile']).toMatch(/^pr\d+-1$/)
    expect(pr.versions['golang:1.24'] ?? '1').toBe(mainBefore.versions['golang:1.24'] ?? '1')
  })
})

describe('seededRandom', () => {
  it.each([1, 42, 20260119])('seed %i: uniform-looking, in range, repeatable', (seed) => {
    const a = seededRandom(seed)
    const b = seededRandom(seed)
    const values = Array.from({ length: 2000 }, () => a.next())
    expect(values).toEqual(Array.from({ length: 2000 }, () => b.next()))
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    const mean = values.reduce((s, v) => s + v, 0) / values.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
    const ints = Array.from({ length: 500 }, () => a.int(3, 5))
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]))
  })
})
