/**
 * The workload of the cache-effectiveness benchmark: a busy repository over a month, as a
 * time-ordered list of events. Pure and seeded: the same seed gives the same month, so every arm
 * of the benchmark sees exactly the same builds.
 *
 * Several images (scopes) at different rates: one on every commit, one weekly, one a few times a
 * month; the default branch built about 20 times a day; about ten short-lived pull requests open at
 * a time, and some left idle for one to six days after their first build, which then build again on
 * the base they had (a re-run, then a commit pushed without rebasing) while the default branch has
 * moved on. Layers churn as real ones do: base images rarely, dependency layers about weekly,
 * application layers on every commit. Sizes are chosen so the repository, left alone, wants far
 * more than the 10 GB default.
 */
import type { ImageSpec, Versions } from '../dev/buildkit/synthetic-build.js'
import { seededRandom, type Random } from './random.js'

const MB = 1_000_000
const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface ScopeSpec {
  scope: string
  image: ImageSpec
  /** How often the default branch builds it: on every commit, or every N days. */
  cadence: { everyCommit: true } | { everyDays: number }
  /** Chance that a pull request touches it (and so builds it on each of its commits). */
  prShare: number
  /** Steps that change on every build, every ~week, or ~once a month. */
  churn: { commit: string[]; weekly: string[]; monthly: string[] }
}

export const SCOPES: ScopeSpec[] = [
  {
    scope: 'api',
    image: {
      name: 'api',
      stages: [
        {
          name: 'build',
          base: { image: 'golang:1.24', size: 400 * MB },
          steps: [
            { name: 'mod-download', size: 300 * MB },
            { name: 'compile', size: 100 * MB },
          ],
        },
        {
          name: 'final',
          base: { image: 'distroless/static', size: 30 * MB },
          steps: [{ name: 'copy-binary', size: 30 * MB, copyFrom: 'build' }],
        },
      ],
    },
    cadence: { everyCommit: true },
    prShare: 1,
    churn: {
      commit: ['build/compile', 'final/copy-binary'],
      weekly: ['build/mod-download'],
      monthly: ['golang:1.24'],
    },
  },
  {
    scope: 'worker',
    image: {
      name: 'worker',
      stages: [
        {
          name: 'final',
          base: { image: 'python:3.13-slim', size: 400 * MB },
          steps: [
            { name: 'pip-install', size: 400 * MB },
            { name: 'copy-src', size: 50 * MB },
          ],
        },
      ],
    },
    cadence: { everyDays: 6 },
    prShare: 0.1,
    churn: {
      commit: ['final/copy-src'],
      weekly: ['final/pip-install'],
      monthly: ['python:3.13-slim'],
    },
  },
  {
    scope: 'tools',
    image: {
      name: 'tools',
      stages: [
        {
          name: 'final',
          base: { image: 'ubuntu:24.04', size: 500 * MB },
          steps: [
            { name: 'apt-install', size: 600 * MB },
            { name: 'scripts', size: 10 * MB },
          ],
        },
      ],
    },
    cadence: { everyDays: 5 },
    prShare: 0.05,
    churn: { commit: ['final/scripts'], weekly: [], monthly: ['final/apt-install'] },
  },
]

export interface WorkloadOptions {
  seed: number
  days: number
  /** Mean commits (and so builds of every-commit scopes) per day on the default branch. */
  mainCommitsPerDay: number
  /** Mean pull requests open at once. */
  openPullRequests: number
  /** Mean lifetime of a pull request, in days. */
  pullRequestDays: number
  /** Mean commits pushed to a pull request per day. */
  pullRequestCommitsPerDay: number
  /** Share of pull requests left idle after their first build, and the idle time's range in days. */
  idlePullRequests: { share: number; minDays: number; maxDays: number }
  scopes: ScopeSpec[]
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  seed: 20260119,
  days: 30,
  mainCommitsPerDay: 20,
  openPullRequests: 10,
  pullRequestDays: 2,
  pullRequestCommitsPerDay: 1.5,
  idlePullRequests: { share: 0.25, minDays: 1, maxDays: 6 },
  scopes: SCOPES,
}

export const DEFAULT_BRANCH = 'refs/heads/main'

export type WorkloadEvent =
  | {
      at: number
      kind: 'build'
      scope: string
      ref: string
      readRefs: string[]
      versions: Versions
      pullRequest?: number
      /** A pull request's build after it sat idle, on the base it had before. */
      afterIdle?: true
    }
  | { at: number; kind: 'pr-open'; pullRequest: number }
  | { at: number; kind: 'pr-close'; pullRequest: number }

/** A version counter per step: bumping one changes that layer and every layer after it. */
class VersionState {
  private readonly counters = new Map<string, number>()
  constructor(private readonly prefix: string) {}
  bump(step: string): void {
    this.counters.set(step, (this.counters.get(step) ?? 1) + 1)
  }
  snapshot(): Versions {
    return Object.fromEntries([...this.counters].map(([step, n]) => [step, `${this.prefix}${n}`]))
  }
  fork(prefix: string): VersionState {
    const copy = new VersionState(prefix)
    for (const [step, n] of this.counters) copy.counters.set(step, n)
    return copy
  }
}

/** Merges a PR's versions over main's: the PR's own bumps are tagged with its number, so they never collide with main's. */
function prVersions(main: Versions, own: Map<string, string>): Versions {
  return { ...main, ...Object.fromEntries(own) }
}

export function generateWorkload(
  options: WorkloadOptions = DEFAULT_WORKLOAD,
  start = 0,
): WorkloadEvent[] {
  const rng: Random = seededRandom(options.seed)
  // Idle pull requests draw from a stream of their own, so the rest of the month stays as it was.
  const idleRng: Random = seededRandom(options.seed ^ 0x1d1e)
  const end = start + options.days * DAY
  const events: WorkloadEvent[] = []
  const main = new Map(options.scopes.map((s) => [s.scope, new VersionState('main-')]))

  // Scheduled churn on the default branch: weekly steps on a random day each week, monthly steps once.
  const churnAt: { at: number; scope: string; step: string }[] = []
  for (const s of options.scopes) {
    for (const step of s.churn.weekly) {
      for (let week = start; week < end; week += 7 * DAY)
        churnAt.push({ at: week + rng.next() * 7 * DAY, scope: s.scope, step })
    }
    for (const step of s.churn.monthly)
      churnAt.push({ at: start + rng.next() * options.days * DAY, scope: s.scope, step })
  }
  churnAt.sort((a, b) => a.at - b.at)

  // Commits on the default branch: a Poisson process, busier in working hours.
  const commits: number[] = []
  for (let t = start; t < end;) {
    t += rng.exponential(DAY / options.mainCommitsPerDay)
    if (t < end) commits.push(t)
  }
  const periodic = options.scopes.flatMap((s) => {
    if ('everyCommit' in s.cadence) return []
    const out: { at: number; scope: string }[] = []
    const offset = rng.next() * DAY
    for (let t = start + offset; t < end; t += s.cadence.everyDays * DAY)
      out.push({ at: t, scope: s.scope })
    return out
  })

  // Pull requests: arrivals keep about `openPullRequests` open (Little's law); each has its own commits.
  const prArrivalMean = (options.pullRequestDays * DAY) / options.openPullRequests
  const prs: {
    number: number
    open: number
    close: number
    scopes: string[]
    /** How long it sits idle after its first build (an idle pull request). */
    idle?: number
  }[] = []
  let number = 100
  for (let t = start - options.pullRequestDays * DAY; t < end;) {
    t += rng.exponential(prArrivalMean)
    const open = Math.max(start, t)
    const close = t + rng.exponential(options.pullRequestDays * DAY)
    if (close <= start || open >= end) continue
    const scopes = options.scopes.filter((s) => rng.chance(s.prShare)).map((s) => s.scope)
    const { share, minDays, maxDays } = options.idlePullRequests
    const idle = idleRng.chance(share)
      ? (minDays + idleRng.next() * (maxDays - minDays)) * DAY
      : undefined
    prs.push({ number: number++, open, close: Math.min(close, end), scopes, idle })
  }

  // Replay time in order so a PR forks main's versions as they are when it opens.
  type Tick = { at: number; run: () => void }
  const ticks: Tick[] = []
  for (const c of churnAt) ticks.push({ at: c.at, run: () => main.get(c.scope)!.bump(c.step) })
  for (const at of commits) {
    ticks.push({
      at,
      run: () => {
        for (const s of options.scopes) {
          for (const step of s.churn.commit) main.get(s.scope)!.bump(step)
          if ('everyCommit' in s.cadence) {
            events.push({
              at,
              kind: 'build',
              scope: s.scope,
              ref: DEFAULT_BRANCH,
              readRefs: [],
              versions: main.get(s.scope)!.snapshot(),
            })
          }
        }
      },
    })
  }
  for (const p of periodic) {
    ticks.push({
      at: p.at,
      run: () =>
        events.push({
          at: p.at,
          kind: 'build',
          scope: p.scope,
          ref: DEFAULT_BRANCH,
          readRefs: [],
          versions: main.get(p.scope)!.snapshot(),
        }),
    })
  }
  for (const pr of prs) {
    const ref = `refs/pull/${pr.number}/merge`
    const own = new Map(pr.scopes.map((scope) => [scope, new Map<string, string>()]))
    let commitNo = 0
    ticks.push({
      at: pr.open,
      run: () => events.push({ at: pr.open, kind: 'pr-open', pullRequest: pr.number }),
    })
    const commitTimes = [pr.open]
    for (let t = pr.open; ;) {
      t += rng.exponential(DAY / options.pullRequestCommitsPerDay)
      if (t >= pr.close) break
      commitTimes.push(t)
    }
    const touchesDeps = rng.chance(0.2)
    // An idle pull request builds once, sits idle, then builds twice on the base it had: a re-run
    // of its last build, then a commit pushed without rebasing; it closes some hours later.
    let close = pr.close
    const returns: number[] = []
    if (pr.idle !== undefined) {
      const back = pr.open + pr.idle
      returns.push(back, back + idleRng.exponential(2 * 3_600_000))
      close = Math.min(end, returns[1] + idleRng.exponential(12 * 3_600_000))
      commitTimes.splice(1)
    }
    const base = new Map<string, Versions>()
    const build = (at: number, rerun: boolean, afterIdle: boolean) => {
      if (!rerun) commitNo++
      for (const scope of pr.scopes) {
        const spec = options.scopes.find((s) => s.scope === scope)!
        const mine = own.get(scope)!
        if (!rerun) {
          for (const step of spec.churn.commit) mine.set(step, `pr${pr.number}-${commitNo}`)
          if (touchesDeps && commitNo === 1)
            for (const step of spec.churn.weekly) mine.set(step, `pr${pr.number}`)
        }
        // Before going idle it builds on the default branch as it is; after, on what it was then.
        if (!afterIdle) base.set(scope, main.get(scope)!.snapshot())
        events.push({
          at,
          kind: 'build',
          scope,
          ref,
          readRefs: [DEFAULT_BRANCH],
          versions: prVersions(base.get(scope)!, mine),
          pullRequest: pr.number,
          ...(afterIdle ? { afterIdle: true as const } : {}),
        })
      }
    }
    for (const at of commitTimes) ticks.push({ at, run: () => build(at, false, false) })
    returns.forEach((at, i) => {
      if (at < close) ticks.push({ at, run: () => build(at, i === 0, true) })
    })
    ticks.push({
      at: close,
      run: () => events.push({ at: close, kind: 'pr-close', pullRequest: pr.number }),
    })
  }
  ticks.sort((a, b) => a.at - b.at)
  for (const tick of ticks) tick.run()
  return events
}
