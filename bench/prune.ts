/**
 * Pruning cost at scale: a scheduled prune of repositories of 1k, 10k and 50k entries on the
 * local cache service, through the real REST and cache-service clients. Reports the requests
 * the run made against the lower bound this algorithm needs (list pages + the requests to
 * download every live index the job can read + one re-check page per 10 seconds of deleting at
 * GitHub's pace + one delete per entry deleted), wall time, and the peak heap growth during the run.
 *
 *   npx tsx bench/prune.ts [--sizes 1000,10000,50000] [--seed 1] [--write FILE.md]
 *
 * npm run bench runs the same scenarios into docs/benchmarks.md (§2).
 *
 * Writes are not paced in wall time here (the client's `paceWrites: false`), but each delete moves
 * the run's clock by the second GitHub paces it at, so the run re-checks its plan (rule 10 of
 * docs/pruning-rules.md) as often as it would on github.com.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { PAGE_SIZE } from '../src/github/caches.js'
import { RECHECK_INTERVAL_MS } from '../src/prune/executor.js'
import { pruneAndMark, type PruneOutcome } from '../src/prune/pruner.js'
import { postStepRequest, pruneStepRequest } from '../src/prune/request.js'
import { jobExport, runSettings } from '../src/steps/prune-and-report.js'
import { wirePrune } from '../src/prune/wiring.js'
import { ghaJobState, settingsFor } from './pruning-arm.js'
import type { Ready, ServiceRequest } from './prune-service.js'

/** GitHub's pace for deletes: one a second. */
const DELETE_PACE_MS = 1000

declare const global: { gc?: () => void }

/**
 * A scheduled prune on the default branch over the repository's target (it lists the whole
 * repository and enforces the budget), or a post step on the default branch under it (it lists
 * its ref, the repository's index entries and each stale ref it judges from times).
 */
export type PruneScenario = 'schedule' | 'post'

export interface PruneBenchResult {
  scenario: PruneScenario
  entries: number
  listPages: number
  liveIndexes: number
  /** Re-check pages the deletes need at GitHub's pace: one per RECHECK_INTERVAL_MS of deleting. */
  rechecks: number
  deletes: number
  /** List pages + 2 requests per live index (lookup, download) + re-checks + deletes. */
  lowerBound: number
  /** Requests the service answered during the run, by endpoint. */
  requests: Record<string, number>
  total: number
  ratio: number
  wallMs: number
  /** Heap growth of the pruning process (the service runs in a child process). */
  peakHeapMb: number
  peakRssMb: number
  usageBeforeGb: number
  usageAfterGb: number
  budget: string
  /** Why the deletions stopped early, if they did. */
  stopped?: string
  /** Planned deletions kept because a re-check found them used since the plan. */
  moved: number
}

/** Requests that count: everything the pruner sends (REST, cache-service lookups, blob reads). */
function counted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).filter(
      ([endpoint, n]) =>
        n > 0 &&
        (endpoint.startsWith('rest.') ||
          endpoint === 'v2.GetCacheEntryDownloadURL' ||
          endpoint === 'blob.GetBlob'),
    ),
  )
}

/** The service in its child process, answering one request at a time. */
class ServiceProcess {
  private readonly child: ChildProcess
  private pending?: { resolve: (value: unknown) => void; reject: (error: Error) => void }

  constructor() {
    const path = fileURLToPath(new URL('./prune-service.ts', import.meta.url))
    this.child = fork(path, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
    this.child.on('message', (message: { type: string; message?: string }) => {
      const pending = this.pending
      this.pending = undefined
      if (message.type === 'error') pending?.reject(new Error(message.message))
      else pending?.resolve(message)
    })
  }

  ask<T>(request: ServiceRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending = { resolve: resolve as (value: unknown) => void, reject }
      this.child.send(request)
    })
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'stop' })
    this.child.disconnect()
    await new Promise((resolve) => this.child.once('exit', resolve))
  }
}

export async function benchPrune(
  size: number,
  seed = 1,
  scenario: PruneScenario = 'schedule',
): Promise<PruneBenchResult> {
  const service = new ServiceProcess()
  try {
    const svc = await service.ask<Ready>({ type: 'start', size, seed })
    await service.ask({ type: 'reset' })
    global.gc?.()
    const heapBase = process.memoryUsage().heapUsed
    let heapPeak = heapBase
    let rssPeak = process.memoryUsage().rss
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      heapPeak = Math.max(heapPeak, m.heapUsed)
      rssPeak = Math.max(rssPeak, m.rss)
    }, 10)
    const started = performance.now()
    // The action's own run request and wiring, as the `prune` entry point (schedule) or the
    // default branch's post step would make them, over the target and not over the limit: a
    // repository far above its limit has been evicted by GitHub, or its limit is higher than
    // cache-limit (rule 9).
    const settings =
      scenario === 'schedule'
        ? settingsFor('25GB', { 'prune-target': '9GB', 'orphan-age': '2d' })
        : settingsFor('100GB', { 'prune-target': '90GB', 'orphan-age': '2d' })
    const where = runSettings(settings, {
      defaultRef: svc.defaultRef,
      readableRefs: [svc.defaultRef],
    })
    const run =
      scenario === 'schedule'
        ? pruneStepRequest({ kind: 'budget', event: 'schedule' }, where)
        : postStepRequest(
            jobExport(ghaJobState(svc.defaultRef, 'buildkit', [svc.defaultRef], svc.now)),
            where,
          )
    // Each delete takes GitHub's second on the run's clock (not in wall time).
    let paced = 0
    const { deps, github } = wirePrune({
      github: {
        token: svc.githubToken,
        baseUrl: svc.apiUrl,
        repository: svc.repository,
        paceWrites: false,
      },
      credentials: { protocol: 'v2', url: svc.resultsUrl, token: svc.runtimeToken },
      cacheMode: { name: '', read: true, write: true },
      clock: () => svc.now + paced,
      log: { info: () => {}, debug: () => {}, warning: (m) => console.warn(m) },
    })
    const outcome: PruneOutcome = await pruneAndMark(run, {
      ...deps,
      api: {
        ...github,
        deleteCache: (id) => {
          paced += DELETE_PACE_MS
          return github.deleteCache(id)
        },
      },
    })
    const wallMs = performance.now() - started
    clearInterval(sampler)
    if (!outcome.plan || !outcome.execution) {
      throw new Error(`prune failed: ${outcome.problems.join('; ')}`)
    }
    if (outcome.problems.length > 0) {
      throw new Error(`prune had problems: ${outcome.problems.join('; ')}`)
    }
    const { counts } = await service.ask<{ counts: Record<string, number> }>({ type: 'counts' })
    const requests = counted(counts)
    const total = Object.values(requests).reduce((s, n) => s + n, 0)
    // The listings this algorithm needs: the whole repository, or the default branch, the index
    // entries and each ref it judged from times (and each closed pull request it dropped).
    const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE_SIZE))
    const policy = outcome.plan.analysis.policy as { evidenceRefs?: string[]; dropRefs?: string[] }
    const listPages =
      outcome.listed === 'repository'
        ? pages(svc.entries)
        : pages(svc.refEntries[svc.defaultRef] ?? 0) +
          pages(svc.indexEntries) +
          [...(policy.evidenceRefs ?? []), ...(policy.dropRefs ?? [])]
            .map((ref) => pages(svc.refEntries[ref] ?? 0))
            .reduce((a, b) => a + b, 0)
    const liveIndexes = outcome.plan.analysis.reads.size
    const deletes = outcome.plan.deletions.length
    const rechecks = deletes > 0 ? Math.ceil((deletes * DELETE_PACE_MS) / RECHECK_INTERVAL_MS) : 0
    const lowerBound = listPages + 2 * liveIndexes + rechecks + deletes
    return {
      scenario,
      entries: svc.entries,
      listPages,
      liveIndexes,
      rechecks,
      deletes,
      lowerBound,
      requests,
      total,
      ratio: total / lowerBound,
      wallMs,
      peakHeapMb: (heapPeak - heapBase) / 1e6,
      peakRssMb: rssPeak / 1e6,
      usageBeforeGb: outcome.plan.usageBeforeBytes / 1e9,
      usageAfterGb: (outcome.plan.usageBeforeBytes - outcome.execution.freedBytes) / 1e9,
      budget: outcome.plan.budget,
      ...(outcome.execution.stopped
        ? {
            stopped: `${outcome.execution.stopped.reason}${outcome.execution.stopped.error ? ` (${outcome.execution.stopped.error})` : ''}`,
          }
        : {}),
      moved: outcome.execution.moved.length,
    }
  } finally {
    await service.stop()
  }
}

const SCENARIO_TEXT: Record<PruneScenario, string> = {
  schedule: 'scheduled, over target',
  post: 'post step, under target',
}

export function renderResults(results: PruneBenchResult[], seed: number): string {
  const rows = results.map(
    (r) =>
      `| ${SCENARIO_TEXT[r.scenario]} | ${r.entries} | ${r.usageBeforeGb.toFixed(1)} → ${r.usageAfterGb.toFixed(1)} GB (${r.budget}) | ${r.listPages} + 2×${r.liveIndexes} + ${r.rechecks} + ${r.deletes} = ${r.lowerBound} | ${r.total} | ${r.ratio.toFixed(3)}× | ${(r.wallMs / 1000).toFixed(1)} s | ${r.peakHeapMb.toFixed(0)} MB | ${r.peakRssMb.toFixed(0)} MB |`,
  )
  const detail = results.map(
    (r) =>
      `- ${SCENARIO_TEXT[r.scenario]}, ${r.entries} entries: ${Object.entries(r.requests)
        .map(([endpoint, n]) => `${endpoint} ${n}`)
        .join(', ')}`,
  )
  const stopped = results
    .filter((r) => r.stopped)
    .map(
      (r) =>
        `- ${SCENARIO_TEXT[r.scenario]}, ${r.entries} entries: ${r.requests['rest.deleteActionsCacheById'] ?? 0} of ${r.deletes} planned deletes sent, then ${r.stopped}`,
    )
  return [
    '# Pruning cost',
    '',
    `\`npx tsx bench/prune.ts\` (seed ${seed}): pruning runs on the default branch of a month-old repository holding 25 GB, on the local cache service: a scheduled prune over its target (a 25 GB limit, prune-target 9 GB), which lists the whole repository and enforces the budget; and a post step under its target (limit 100 GB), which lists its own ref, the repository's index entries (key prefix \`index-\`) and markers, and each stale ref it judges from times. Lower bound: the list pages this algorithm needs (the whole repository; or the default branch, the index entries and each stale ref) + lookup and download of every live index the job can read + one re-check page per 10 seconds of deleting (rule 10 of pruning-rules.md) + one delete per entry the plan deletes. Writes are not paced in wall time, but each delete moves the run's clock by the second github.com paces it at, so the run re-checks as often as it would there: the re-checks are about a tenth of the deletes, the price of rule 10.`,
    '',
    '| Run | Entries | Usage | Lower bound (pages + 2×indexes + re-checks + deletes) | Requests | Ratio | Wall time | Heap growth | Peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Requests by endpoint:',
    '',
    ...detail,
    ...(stopped.length > 0
      ? [
          '',
          'Runs that stopped before the end of their plan (their lower bound counts the whole plan, so their ratio is below 1): a pruning run that cannot re-check sends no further delete (rule 10).',
          '',
          ...stopped,
        ]
      : []),
    '',
    'Above the lower bound: one usage request; in the post step, one listing of the markers pull requests saved (one page here: the seeded repository holds none); in the scheduled run, one question per pull request or branch ref (is it closed, does it exist), asked because the repository is over its target and to drop closed pull requests.',
    '',
    "Wall time here is the local service's (about 10 ms a delete, four in flight). On github.com deletes go one a second and a `GITHUB_TOKEN` may send 1,000 REST requests an hour, so a repository this far over its budget is brought back over several runs: each run stops at its deadline (5 minutes in the post step, 30 in `prune`) or at the rate limit and leaves the rest to the next; deletions run in the order the plan chose them (the regular pass, then the budget's steps), so a run cut short has done the most important part. The heap figure is the pruning process's peak growth, garbage included; the service runs in a child process.",
    '',
  ].join('\n')
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const arg = (name: string) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : undefined
  }
  const sizes = (arg('--sizes') ?? '1000,10000,50000').split(',').map(Number)
  const seed = Number(arg('--seed') ?? 1)
  const results: PruneBenchResult[] = []
  for (const scenario of ['schedule', 'post'] as const) {
    for (const size of sizes) {
      const result = await benchPrune(size, seed, scenario)
      console.log(
        `${SCENARIO_TEXT[scenario]}, ${result.entries} entries: ${result.total} requests for a lower bound of ${result.lowerBound} (${result.ratio.toFixed(3)}×), ${(result.wallMs / 1000).toFixed(1)} s, heap +${result.peakHeapMb.toFixed(0)} MB, peak RSS ${result.peakRssMb.toFixed(0)} MB`,
      )
      results.push(result)
    }
  }
  const markdown = renderResults(results, seed)
  console.log(`\n${markdown}`)
  const out = arg('--write')
  if (out) writeFileSync(out, markdown)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
