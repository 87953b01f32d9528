/**
 * The cache-effectiveness benchmark: one seeded month of builds (bench/workload.ts) replayed
 * through the BuildKit-format exporter against the local cache service with a driven clock, once
 * per arm. The service evicts as GitHub does (least recently used above the limit, hourly; 7 days
 * unused); an arm may add pruning. Every arm sees exactly the same builds. A build that starts
 * within CONCURRENT_MS of the one before runs while that one's post step prunes, as jobs overlap.
 */
import {
  ManualClock,
  startCacheService,
  type RunningCacheService,
} from '../dev/cache-service/index.js'
import type { BuildRecord } from '../dev/buildkit/cache-config.js'
import { runBuild, type BuildReport } from '../dev/buildkit/builder.js'
import { createGhaBackend } from '../dev/buildkit/gha-backend.js'
import { synthesizeBuild } from '../dev/buildkit/synthetic-build.js'
import { LiveSet } from './live-set.js'
import { DEFAULT_BRANCH, type ScopeSpec, type WorkloadEvent } from './workload.js'

const DAY = 86_400_000

/** A build this soon after the previous one runs during that one's post step. */
export const CONCURRENT_MS = 10 * 60_000

/** What an arm does besides building: the pruning arm runs the action's post step and scheduled prune here. */
export interface ArmHooks {
  /** After each build's export, as the post step of that job. */
  afterBuild?(
    context: HookContext & { scope: string; ref: string; readRefs: string[] },
  ): Promise<void>
  /** When a pull request closes (the `prune` entry point on `pull_request: closed`). */
  pullRequestClosed?(context: HookContext & { pullRequest: number }): Promise<void>
  /** Once a day (the `prune` entry point on `schedule`). */
  scheduled?(context: HookContext): Promise<void>
  /**
   * Bytes the last pruning runs kept only because a live index of another ref, which they could
   * not read, may use them; and of those, what was last used more than two days before (what a
   * two-day bound on that protection would have deleted). Integrated over the month.
   */
  keptForOtherRefs?(): { bytes: number; pastTwoDays: number }
  /** What each of the default branch's post steps cost, in order. */
  defaultPostSteps?(): readonly PostStepCost[]
}

/** One post step's cost: real time (the process's), REST requests, planning time. */
export interface PostStepCost {
  wallMs: number
  requests: number
  planningMs: number
}

export interface HookContext {
  service: RunningCacheService
  clock: ManualClock
  limitBytes: number
}

export interface ArmSpec {
  name: string
  limitBytes: number
  hooks?: ArmHooks
  /** The world besides the builds, set once the service runs (e.g. a fork's flood). */
  setup?(service: RunningCacheService, start: number): void
  /** What the world besides the builds did, asked at the end (e.g. refused deletes). */
  finish?(service: RunningCacheService): Record<string, number>
}

export interface ScopeResult {
  scope: string
  builds: number
  steps: number
  cached: number
  /** cached / steps */
  cacheShare: number
  bytesRebuilt: number
  blobNotFound: number
  /** Builds of pull requests after they sat idle, and their layers from cache. */
  afterIdle: { builds: number; steps: number; cached: number; blobNotFound: number }
}

export interface ArmResult {
  arm: string
  limitBytes: number
  scopes: ScopeResult[]
  peakBytes: number
  /** Stored bytes integrated over time, in GB-days (what a raised limit is billed on). */
  storedGbDays: number
  /** The live set (newest index of every open ref and scope, and the blobs it references), integrated likewise. */
  liveGbDays: number
  /** The stored entries the live indexes resolve to (own ref first, then the default branch), likewise. */
  resolvedLiveGbDays: number
  /** Entries the service evicted (LRU) or expired (unused 7 days). */
  evicted: number
  expired: number
  /** Entries deleted by the arm's hooks (pruning). */
  pruned: number
  /** Post steps that ran while the next build exported. */
  concurrentPrunes: number
  /** GB-days kept for live indexes of other refs (ArmHooks.keptForOtherRefs), when pruning. */
  keptForOtherRefsGbDays?: number
  keptPastTwoDaysGbDays?: number
  requests: number
  wallMs: number
  /** The default branch's post steps' costs (ArmHooks.defaultPostSteps). */
  defaultPostSteps?: readonly PostStepCost[]
  /** ArmSpec.finish's answer. */
  world?: Record<string, number>
}

export interface EffectivenessOptions {
  events: readonly WorkloadEvent[]
  scopes: readonly ScopeSpec[]
  start: number
  days: number
  /** Bytes actually uploaded per layer; the service records the declared size. */
  payloadBytes?: number
  progress?: (line: string) => void
  /** Sees every build: what it did and the records it was made of (bench/diagnose.ts). */
  onBuild?: (build: BuildObservation) => void
  /** Sees the repository before the clock moves from `from` to `to` (bench/diagnose.ts). */
  onAdvance?: (span: SpanObservation) => void
}

export interface BuildObservation {
  event: Extract<WorkloadEvent, { kind: 'build' }>
  report: BuildReport
  records: readonly BuildRecord[]
}

export interface SpanObservation {
  from: number
  to: number
  service: RunningCacheService
  /** The live set: blob digests its indexes reference, and the stored entries they resolve to. */
  live: { digests: ReadonlySet<string>; entries: ReadonlySet<number> }
}

export async function runArm(arm: ArmSpec, options: EffectivenessOptions): Promise<ArmResult> {
  const started = Date.now()
  const clock = new ManualClock(options.start)
  const service = await startCacheService({
    clock,
    limitBytes: arm.limitBytes,
    declaredSizes: true,
    uploadsPerMinute: 0,
  })
  arm.setup?.(service, options.start)
  const payload = new Uint8Array(options.payloadBytes ?? 8)
  const byScope = new Map(
    options.scopes.map((s) => [
      s.scope,
      {
        scope: s.scope,
        builds: 0,
        steps: 0,
        cached: 0,
        cacheShare: 0,
        bytesRebuilt: 0,
        blobNotFound: 0,
        afterIdle: { builds: 0, steps: 0, cached: 0, blobNotFound: 0 },
      },
    ]),
  )
  const specs = new Map(options.scopes.map((s) => [s.scope, s]))
  const live = new LiveSet(DEFAULT_BRANCH)
  const context: HookContext = { service, clock, limitBytes: arm.limitBytes }
  let peakBytes = 0
  let storedByteMs = 0
  let liveByteMs = 0
  let resolvedByteMs = 0
  let keptByteMs = 0
  let keptOldByteMs = 0
  let lastSample = options.start
  let concurrentPrunes = 0
  const stored = () =>
    service.entries().reduce((sum, e) => sum + (e.committed ? e.sizeBytes : 0), 0)
  const advance = (to: number) => {
    const usage = stored()
    const committed = service.entries().filter((e) => e.committed)
    if (to > lastSample && options.onAdvance) {
      const digests = new Set([...live.blobsByRef().values()].flatMap((set) => [...set]))
      const entries = new Set(live.resolve(committed).keys())
      options.onAdvance({ from: lastSample, to, service, live: { digests, entries } })
    }
    storedByteMs += usage * (to - lastSample)
    liveByteMs += live.bytes() * (to - lastSample)
    resolvedByteMs += live.resolvedBytes(committed) * (to - lastSample)
    const kept = arm.hooks?.keptForOtherRefs?.()
    keptByteMs += (kept?.bytes ?? 0) * (to - lastSample)
    keptOldByteMs += (kept?.pastTwoDays ?? 0) * (to - lastSample)
    lastSample = to
    // Pruning runs move the clock as GitHub's paced deletes take time; never back.
    clock.set(Math.max(to, clock.now()))
    peakBytes = Math.max(peakBytes, stored(), usage)
  }

  let nextScheduled = options.start + DAY / 4 // 06:00 every day
  const end = options.start + options.days * DAY
  // The post step of the last build, still running if the next build overlaps it.
  let postStep: Promise<void> | undefined
  let lastBuildAt = -Infinity
  const finishPostStep = async () => {
    if (postStep) await postStep
    postStep = undefined
  }
  try {
    let done = 0
    for (const event of options.events) {
      const overlaps = event.kind === 'build' && event.at - lastBuildAt <= CONCURRENT_MS
      if (!overlaps) await finishPostStep()
      while (arm.hooks?.scheduled && nextScheduled <= event.at) {
        await finishPostStep()
        advance(nextScheduled)
        await arm.hooks.scheduled(context)
        nextScheduled += DAY
      }
      advance(event.at)
      if (event.kind === 'pr-open') {
        service.setPullRequest(event.pullRequest, {
          state: 'open',
          base: 'main',
          head: `pr-${event.pullRequest}`,
        })
      } else if (event.kind === 'pr-close') {
        service.setPullRequest(event.pullRequest, {
          state: 'closed',
          base: 'main',
          head: `pr-${event.pullRequest}`,
          merged: true,
        })
        live.dropRef(`refs/pull/${event.pullRequest}/merge`)
        if (arm.hooks?.pullRequestClosed)
          await arm.hooks.pullRequestClosed({ ...context, pullRequest: event.pullRequest })
      } else {
        const spec = specs.get(event.scope)!
        const token = service.runtimeToken({ ref: event.ref, readRefs: event.readRefs })
        const backend = createGhaBackend({
          protocol: 'v2',
          url: service.url,
          token,
          payload: () => payload,
          commitDeclaredSize: true,
        })
        const records = synthesizeBuild(
          spec.image,
          event.versions,
          new Date(event.at).toISOString(),
        )
        if (postStep) concurrentPrunes++
        const report = await runBuild(backend, records, {
          cacheFrom: [event.scope],
          cacheTo: { scope: event.scope, mode: 'max' },
        })
        await finishPostStep()
        lastBuildAt = event.at
        const s = byScope.get(event.scope)!
        s.builds++
        s.steps += report.steps
        s.cached += report.cached
        s.bytesRebuilt += report.bytesRebuilt
        s.blobNotFound += report.blobNotFound
        if (event.afterIdle) {
          s.afterIdle.builds++
          s.afterIdle.steps += report.steps
          s.afterIdle.cached += report.cached
          s.afterIdle.blobNotFound += report.blobNotFound
        }
        options.onBuild?.({ event, report, records })
        live.record(event.ref, event.scope, records)
        if (arm.hooks?.afterBuild)
          postStep = arm.hooks.afterBuild({
            ...context,
            scope: event.scope,
            ref: event.ref,
            readRefs: event.readRefs,
          })
      }
      peakBytes = Math.max(peakBytes, stored())
      if (++done % 200 === 0)
        options.progress?.(
          `${arm.name}: ${done}/${options.events.length} events, day ${((event.at - options.start) / DAY).toFixed(1)}`,
        )
    }
    await finishPostStep()
    advance(Math.max(end, clock.now()))
    const reports = service.evictionLog()
    return {
      arm: arm.name,
      limitBytes: arm.limitBytes,
      scopes: [...byScope.values()].map((s) => ({
        ...s,
        cacheShare: s.steps ? s.cached / s.steps : 0,
      })),
      peakBytes,
      storedGbDays: storedByteMs / 1e9 / DAY,
      liveGbDays: liveByteMs / 1e9 / DAY,
      resolvedLiveGbDays: resolvedByteMs / 1e9 / DAY,
      evicted: reports.reduce((n, r) => n + r.evicted.length, 0),
      expired: reports.reduce((n, r) => n + r.expired.length, 0),
      // Delete requests only pruning sends (a build never deletes).
      pruned: service.requestCounts()['rest.deleteActionsCacheById'] ?? 0,
      concurrentPrunes,
      ...(arm.hooks?.keptForOtherRefs
        ? {
            keptForOtherRefsGbDays: keptByteMs / 1e9 / DAY,
            keptPastTwoDaysGbDays: keptOldByteMs / 1e9 / DAY,
          }
        : {}),
      requests: Object.values(service.requestCounts()).reduce((a, b) => a + b, 0),
      wallMs: Date.now() - started,
      ...(arm.hooks?.defaultPostSteps
        ? { defaultPostSteps: [...arm.hooks.defaultPostSteps()] }
        : {}),
      ...(arm.finish ? { world: arm.finish(service) } : {}),
    }
  } finally {
    await service.stop()
  }
}
