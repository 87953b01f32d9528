/**
 * The cache-effectiveness benchmark: one seeded month of builds (bench/workload.ts) replayed
 * through the BuildKit-format exporter against the local cache service with a driven clock, once
 * per arm. The service evicts as GitHub does (least recently used above the limit, hourly; 7 days
 * unused); an arm may add pruning. Every arm sees exactly the same builds.
 */
import {
  ManualClock,
  startCacheService,
  type RunningCacheService,
} from '../dev/cache-service/index.js'
import {
  marshalCacheConfig,
  toCacheConfig,
  type BuildRecord,
} from '../dev/buildkit/cache-config.js'
import { runBuild, type BuildReport } from '../dev/buildkit/builder.js'
import { createGhaBackend } from '../dev/buildkit/gha-backend.js'
import { synthesizeBuild } from '../dev/buildkit/synthetic-build.js'
import type { ScopeSpec, WorkloadEvent } from './workload.js'

const DAY = 86_400_000

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
  /** Entries the service evicted (LRU) or expired (unused 7 days). */
  evicted: number
  expired: number
  /** Entries deleted by the arm's hooks (pruning). */
  pruned: number
  requests: number
  wallMs: number
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
  /** Blob digests the live set holds, by the ref whose newest indexes reference them. */
  liveBlobs: ReadonlyMap<string, ReadonlySet<string>>
}

/** The live set's size, from what the arm's builds exported (the newest index per (ref, scope)). */
class LiveSet {
  private readonly indexes = new Map<
    string,
    { ref: string; blobs: Map<string, number>; indexBytes: number }
  >()
  record(ref: string, scope: string, exported: readonly BuildRecord[]): void {
    const blobs = new Map<string, number>()
    for (const r of exported) for (const l of r.result?.chain ?? []) blobs.set(l.blob, l.size)
    this.indexes.set(`${ref} ${scope}`, {
      ref,
      blobs,
      indexBytes: marshalCacheConfig(toCacheConfig(exported)).length,
    })
  }
  blobsByRef(): Map<string, Set<string>> {
    const byRef = new Map<string, Set<string>>()
    for (const index of this.indexes.values()) {
      const blobs = byRef.get(index.ref) ?? new Set<string>()
      for (const blob of index.blobs.keys()) blobs.add(blob)
      byRef.set(index.ref, blobs)
    }
    return byRef
  }
  dropRef(ref: string): void {
    for (const [key, value] of this.indexes) if (value.ref === ref) this.indexes.delete(key)
  }
  bytes(): number {
    const blobs = new Map<string, number>()
    let total = 0
    for (const index of this.indexes.values()) {
      total += index.indexBytes
      for (const [blob, size] of index.blobs) blobs.set(`${index.ref} ${blob}`, size)
    }
    // A PR's index reuses the default branch's copy of a blob it can read; count each blob once.
    const distinct = new Map<string, number>()
    for (const [key, size] of blobs) distinct.set(key.slice(key.indexOf(' ') + 1), size)
    for (const size of distinct.values()) total += size
    return total
  }
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
      },
    ]),
  )
  const specs = new Map(options.scopes.map((s) => [s.scope, s]))
  const live = new LiveSet()
  const context: HookContext = { service, clock, limitBytes: arm.limitBytes }
  let peakBytes = 0
  let storedByteMs = 0
  let liveByteMs = 0
  let lastSample = options.start
  let pruned = 0
  const stored = () =>
    service.entries().reduce((sum, e) => sum + (e.committed ? e.sizeBytes : 0), 0)
  const countPruned = async (run: () => Promise<void>) => {
    const before = service.entries().length
    const evictionsBefore = service.evictionLog().length
    await run()
    if (service.evictionLog().length === evictionsBefore)
      pruned += Math.max(0, before - service.entries().length)
  }
  const advance = (to: number) => {
    if (to > lastSample)
      options.onAdvance?.({ from: lastSample, to, service, liveBlobs: live.blobsByRef() })
    const usage = stored()
    storedByteMs += usage * (to - lastSample)
    liveByteMs += live.bytes() * (to - lastSample)
    lastSample = to
    clock.set(to)
    peakBytes = Math.max(peakBytes, stored(), usage)
  }

  let nextScheduled = options.start + DAY / 4 // 06:00 every day
  const end = options.start + options.days * DAY
  try {
    let done = 0
    for (const event of options.events) {
      while (arm.hooks?.scheduled && nextScheduled <= event.at) {
        advance(nextScheduled)
        await countPruned(() => arm.hooks!.scheduled!(context))
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
          await countPruned(() =>
            arm.hooks!.pullRequestClosed!({ ...context, pullRequest: event.pullRequest }),
          )
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
        const report = await runBuild(backend, records, {
          cacheFrom: [event.scope],
          cacheTo: { scope: event.scope, mode: 'max' },
        })
        const s = byScope.get(event.scope)!
        s.builds++
        s.steps += report.steps
        s.cached += report.cached
        s.bytesRebuilt += report.bytesRebuilt
        s.blobNotFound += report.blobNotFound
        options.onBuild?.({ event, report, records })
        live.record(event.ref, event.scope, records)
        if (arm.hooks?.afterBuild)
          await countPruned(() =>
            arm.hooks!.afterBuild!({
              ...context,
              scope: event.scope,
              ref: event.ref,
              readRefs: event.readRefs,
            }),
          )
      }
      peakBytes = Math.max(peakBytes, stored())
      if (++done % 200 === 0)
        options.progress?.(
          `${arm.name}: ${done}/${options.events.length} events, day ${((event.at - options.start) / DAY).toFixed(1)}`,
        )
    }
    advance(end)
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
      evicted: reports.reduce((n, r) => n + r.evicted.length, 0),
      expired: reports.reduce((n, r) => n + r.expired.length, 0),
      pruned,
      requests: Object.values(service.requestCounts()).reduce((a, b) => a + b, 0),
      wallMs: Date.now() - started,
    }
  } finally {
    await service.stop()
  }
}
