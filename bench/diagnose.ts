/**
 * Where the pruning arms of the cache-effectiveness benchmark lose hits and store bytes: the same
 * seeded month as `npm run bench`, replayed for the unlimited arm and the chosen pruning arms, with
 * every build, every pruning run and the repository between events observed.
 *
 *   npx tsx bench/diagnose.ts [--days 7] [--arms pruning,raised]
 *
 * Prints, per arm: the share of layers from cache per scope, split by default branch and pull
 * requests; stored bytes outside the live set by what they are and why the last plan kept them;
 * and, against the unlimited arm build by build, the steps each arm rebuilt that the unlimited
 * cache served, with the index or entry deletions that preceded the loss.
 */
import { parseKey } from '../src/buildkit/keys.js'
import type { Reason } from '../src/prune/planner.js'
import type { PruneOutcome } from '../src/prune/pruner.js'
import { runArm, type ArmSpec, type BuildObservation } from './cache-effectiveness.js'
import { pruningHooks } from './pruning-arm.js'
import { DEFAULT_WORKLOAD, generateWorkload } from './workload.js'

const DAY = 86_400_000
const GB = 1e9
const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const days = Number(arg('--days', '7'))
const armNames = arg('--arms', 'pruning,raised').split(',')

const LIMITS: Record<
  string,
  { limitBytes: number; cacheLimit: string; inputs?: Record<string, string> }
> = {
  pruning: { limitBytes: 10 * 1024 ** 3, cacheLimit: '10GB' },
  raised: { limitBytes: 1000 * GB, cacheLimit: '1000GB' },
}

interface Deletion {
  at: number
  ref: string
  key: string
  reason: Reason
  size: number
}

interface Observed {
  name: string
  builds: BuildObservation[]
  deletions: Deletion[]
  /** What the repository held each time the budget evicted live groups. */
  evictions: string[]
  /** GB-days by category. */
  storage: Map<string, number>
  liveGbDays: number
}

/** `<scope>:<step>` for every layer blob the builds produced. */
const blobNames = new Map<string, string>()

function nameBlobs(build: BuildObservation): void {
  const spec = DEFAULT_WORKLOAD.scopes.find((s) => s.scope === build.event.scope)!
  const names = spec.image.stages.flatMap((stage) => [
    stage.base.image,
    ...stage.steps.map((step) => `${stage.name}/${step.name}`),
  ])
  build.records.forEach((record, i) => {
    const chain = record.result?.chain
    if (chain) blobNames.set(chain[chain.length - 1].blob, `${spec.scope}:${names[i] ?? '?'}`)
  })
}

const refKind = (ref: string) => (ref === 'refs/heads/main' ? 'main' : 'pr')

async function observe(
  name: string,
  spec: ArmSpec,
  events: ReturnType<typeof generateWorkload>,
  start: number,
): Promise<Observed> {
  const observed: Observed = {
    name,
    builds: [],
    deletions: [],
    evictions: [],
    storage: new Map(),
    liveGbDays: 0,
  }
  const lastReason = new Map<number, Reason>()
  const onOutcome = (outcome: PruneOutcome, at: number) => {
    const plan = outcome.plan
    if (plan && plan.deletions.some((d) => d.reason === 'budget-lru-group')) {
      // What filled the repository when the budget had to evict live groups.
      const kept = new Map<string, number>()
      for (const p of plan.entries) {
        if (p.verdict === 'delete') continue
        const k = `${refKind(p.entry.ref)} ${p.kind} ${p.reason}`
        kept.set(k, (kept.get(k) ?? 0) + p.entry.sizeInBytes)
      }
      const evicted = plan.deletions
        .filter((d) => d.reason === 'budget-lru-group' && d.kind === 'index')
        .map((d) => `${d.scope}@${d.entry.ref.replace('refs/pull/', 'pr').replace('/merge', '')}`)
      observed.evictions.push(
        `day ${((at - start) / DAY).toFixed(2)}: usage ${(plan.usageBeforeBytes / GB).toFixed(1)} → ${(plan.usageAfterBytes / GB).toFixed(1)} GB; evicted ${evicted.join(' ')}; kept ${[
          ...kept,
        ]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([k, b]) => `${k} ${(b / GB).toFixed(2)}`)
          .join(', ')}`,
      )
    }
    for (const p of outcome.plan?.entries ?? []) lastReason.set(p.entry.id, p.reason)
    for (const p of outcome.execution?.deleted ?? []) {
      observed.deletions.push({
        at,
        ref: p.entry.ref,
        key: p.entry.key,
        reason: p.reason,
        size: p.entry.sizeInBytes,
      })
    }
  }
  const limits = LIMITS[name]
  const arm: ArmSpec = limits
    ? {
        name,
        limitBytes: limits.limitBytes,
        hooks: pruningHooks({
          cacheLimit: limits.cacheLimit,
          inputs: limits.inputs ?? {},
          onOutcome,
        }),
      }
    : spec
  const result = await runArm(arm, {
    events,
    scopes: DEFAULT_WORKLOAD.scopes,
    start,
    days,
    onBuild: (build) => {
      nameBlobs(build)
      observed.builds.push(build)
    },
    onAdvance: ({ from, to, service, live }) => {
      const weight = (to - from) / DAY / GB
      const committed = service.entries().filter((e) => e.committed)
      for (const e of committed) {
        const key = parseKey(e.key)
        const digest = key.kind === 'blob' ? key.digest : ''
        const name = blobNames.get(digest) ?? '?'
        let category: string
        if (key.kind === 'index') category = `index ${refKind(e.ref)}`
        else if (live.entries.has(e.id)) category = `live ${refKind(e.ref)} ${name}`
        else if (live.digests.has(digest))
          category = `copy of a live blob ${refKind(e.ref)} ${name}`
        else
          category = `garbage ${refKind(e.ref)} ${name} (${lastReason.get(e.id) ?? 'never planned'})`
        observed.storage.set(category, (observed.storage.get(category) ?? 0) + e.sizeBytes * weight)
      }
    },
  })
  observed.liveGbDays = result.liveGbDays
  return observed
}

function share(builds: BuildObservation[]): string {
  const steps = builds.reduce((n, b) => n + b.report.steps, 0)
  const cached = builds.reduce((n, b) => n + b.report.cached, 0)
  return `${builds.length} builds ${steps ? ((100 * cached) / steps).toFixed(1) : '-'} % (${cached}/${steps})`
}

function report(o: Observed, baseline: Observed | undefined): void {
  console.log(`\n## ${o.name}`)
  for (const scope of DEFAULT_WORKLOAD.scopes.map((s) => s.scope)) {
    const mine = o.builds.filter((b) => b.event.scope === scope)
    const main = mine.filter((b) => b.event.ref === 'refs/heads/main')
    const pr = mine.filter((b) => b.event.ref !== 'refs/heads/main')
    console.log(`- ${scope}: all ${share(mine)}; main ${share(main)}; pull requests ${share(pr)}`)
  }
  const total = [...o.storage.values()].reduce((a, b) => a + b, 0)
  console.log(
    `stored ${total.toFixed(1)} GB-days, live ${o.liveGbDays.toFixed(1)}: ${(total / o.liveGbDays).toFixed(2)}×; by category:`,
  )
  for (const [category, gbDays] of [...o.storage].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`  ${gbDays.toFixed(2).padStart(8)}  ${category}`)
  }
  // The same bytes summed by kind, ref and the reason the last plan kept them, names dropped.
  const byKind = new Map<string, number>()
  for (const [category, gbDays] of o.storage) {
    const kind = category.replace(/ [^ ()]+:[^()]*?(?= \(|$)/, '')
    byKind.set(kind, (byKind.get(kind) ?? 0) + gbDays)
  }
  console.log('by kind:')
  for (const [kind, gbDays] of [...byKind].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${gbDays.toFixed(2).padStart(8)}  ${kind}`)
  }
  const byReason = new Map<string, { n: number; bytes: number }>()
  for (const d of o.deletions) {
    const row = byReason.get(d.reason) ?? { n: 0, bytes: 0 }
    row.n++
    row.bytes += d.size
    byReason.set(d.reason, row)
  }
  console.log(
    `deletions: ${[...byReason].map(([r, { n, bytes }]) => `${r} ${n} (${(bytes / GB).toFixed(1)} GB)`).join(', ')}`,
  )
  for (const line of o.evictions) console.log(`  ${line}`)
  if (!baseline) return
  // Build by build against the unlimited arm: the same builds in the same order.
  const losses = new Map<string, { steps: number; builds: number }>()
  const lines: string[] = []
  o.builds.forEach((b, i) => {
    const u = baseline.builds[i]
    const lost = u.report.cached - b.report.cached
    if (lost <= 0) return
    const where = `${b.event.scope} ${refKind(b.event.ref)}`
    const row = losses.get(where) ?? { steps: 0, builds: 0 }
    row.steps += lost
    row.builds++
    losses.set(where, row)
    const missing = u.report.importedIndexes.filter(
      (k) => !b.report.importedIndexes.some((m) => m.split('#')[0] === k.split('#')[0]),
    )
    const gone = missing.map((k) => {
      const last = o.deletions.filter((d) => d.key === k && d.at <= b.event.at).pop()
      return last
        ? `${k}: ${last.reason} ${((b.event.at - last.at) / 3_600_000).toFixed(1)} h before`
        : `${k}: not deleted by pruning`
    })
    const prior = o.deletions
      .filter((d) => d.at <= b.event.at && b.event.at - d.at < 8 * DAY)
      .filter((d) => {
        const key = parseKey(d.key)
        return (
          key.kind === 'index' &&
          key.scope === b.event.scope &&
          [b.event.ref, ...b.event.readRefs].includes(d.ref)
        )
      })
      .slice(-2)
      .map(
        (d) =>
          `${d.reason} of ${d.key} in ${d.ref} ${((b.event.at - d.at) / 3_600_000).toFixed(1)} h before`,
      )
    lines.push(
      `  day ${((b.event.at - baseline.builds[0].event.at) / DAY).toFixed(2)} ${b.event.scope} ${b.event.ref}: lost ${lost} of ${u.report.cached}; missing indexes [${gone.join(', ')}]; ${prior.join('; ') || 'no index deletion before'}`,
    )
  })
  console.log(
    `lost steps against unlimited: ${[...losses].map(([w, { steps, builds }]) => `${w} ${steps} in ${builds} builds`).join(', ') || 'none'}`,
  )
  for (const line of lines.slice(0, 40)) console.log(line)
}

const start = Date.parse('2026-01-05T00:00:00Z')
const events = generateWorkload({ ...DEFAULT_WORKLOAD, days }, start)
const baseline = await observe(
  'unlimited',
  { name: 'unlimited', limitBytes: Number.MAX_SAFE_INTEGER },
  events,
  start,
)
report(baseline, undefined)
for (const name of armNames) {
  const o = await observe(name, { name, limitBytes: 0 }, events, start)
  report(o, baseline)
}
