/**
 * `npm run bench`: every benchmark, one report. Prints each table as it finishes and writes
 * docs/benchmarks.md, docs/benchmarks.json and the charts (docs/*.svg).
 *
 *   npm run bench                          the full run (a 30-day month; 1k, 10k, 50k entries; 20 start-up runs)
 *   npm run bench -- --quick               a 7-day month, 1k and 10k entries, 5 start-up runs
 *   npm run bench -- --only=startup,...    some of: effectiveness, prune-cost, startup, cache-service, fork-planning, cache-mounts
 *   npm run bench -- --only=startup --merge  run some, keep the recorded results of the others
 *   npm run bench -- --render              docs/benchmarks.md again from docs/benchmarks.json, running nothing
 *
 * The pruning-cost (bench/prune.ts) and cache-service (bench/cache-service.ts) benchmarks are
 * colleagues' own; they run here in-process and join the same report.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runArm, type ArmResult, type ArmSpec } from './cache-effectiveness.js'
import {
  effectivenessChart,
  renderMarkdown,
  checkStartupGoal,
  startupChart,
  startupRatioText,
  storageChart,
  FORK_ARM_PREFIX,
  type BenchmarkReport,
} from './report.js'
import { runCacheServiceBench, renderBench } from './cache-service.js'
import { benchPrune, renderResults, type PruneBenchResult } from './prune.js'
import { format, resolveConfig } from 'prettier'
import { pruningHooks } from './pruning-arm.js'
import { renderPlanScale, runPlanScale } from './plan-scale.js'
import { DEFAULT_MOUNT_BENCH, renderMountBench, runMountBench } from './cache-mounts.js'
import {
  runStartupBenchmark,
  STARTUP_INPUTS,
  STARTUP_JOB_ENV,
  type StartupResult,
} from './startup.js'
import { DEFAULT_WORKLOAD, generateWorkload } from './workload.js'
import type { Flood, FloodSpec } from '../dev/cache-service/index.js'
import { BUILDKIT_CACHE_VERSION } from '../src/buildkit/keys.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = join(root, 'docs')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const wants = (name: string) => !only || only.split(',').includes(name)
const log = (line: string) => console.log(line)

/** A report section by title: replaced when a merged run ran it again. */
function setExtra(report: BenchmarkReport, title: string, markdown: string): void {
  report.extra = [...report.extra.filter((x) => x.title !== title), { title, markdown }]
}

const GB = 1e9
/** GitHub's default (10 GB; the local service counts it as 10 GiB, as @actions/cache does). */
const DEFAULT_LIMIT = 10 * 1024 ** 3
/** A raised, paid limit that the month never reaches. */
const RAISED_LIMIT = 1000 * GB
const UNLIMITED = Number.MAX_SAFE_INTEGER

/**
 * A fork's pull request writing 200 BuildKit index entries a minute (GitHub's upload limit) from
 * `start` on, in its own ref, each in a scope of its own, never read, gone after 7 days unused.
 */
const forkFlood = (start: number): FloodSpec => ({
  ref: 'refs/pull/9999/merge',
  scopePrefix: 'fork',
  version: BUILDKIT_CACHE_VERSION,
  start,
  perMinute: 200,
  sizeBytes: 100,
  retentionMs: 7 * 86_400_000,
})

async function effectiveness(report: BenchmarkReport): Promise<void> {
  const days = quick ? 7 : DEFAULT_WORKLOAD.days
  const start = Date.parse('2026-01-05T00:00:00Z')
  const events = generateWorkload({ ...DEFAULT_WORKLOAD, days }, start)
  const builds = events.filter((e) => e.kind === 'build').length
  log(
    `\n## Cache effectiveness: ${days} days, ${builds} builds, ${events.length} events (seed ${DEFAULT_WORKLOAD.seed})`,
  )
  const run = async (arm: ArmSpec): Promise<ArmResult> => {
    log(`- ${arm.name}…`)
    const result = await runArm(arm, {
      events,
      scopes: DEFAULT_WORKLOAD.scopes,
      start,
      days,
      progress: (l) => log(`  ${l}`),
    })
    log(
      `  done in ${(result.wallMs / 1000).toFixed(0)} s: ${result.scopes.map((s) => `${s.scope} ${(s.cacheShare * 100).toFixed(1)} %`).join(', ')}; peak ${(result.peakBytes / GB).toFixed(1)} GB`,
    )
    return result
  }
  const withPruning = async (
    name: string,
    limitBytes: number,
    cacheLimit: string,
    inputs: Record<string, string> = {},
  ): Promise<ArmResult[]> => [
    await run({ name, limitBytes, hooks: pruningHooks({ cacheLimit, inputs }) }),
  ]
  // The fork's flood, kept from the arm's setup for its figures at the end.
  let flood: Flood | undefined
  const defaultLimit = [
    await run({ name: 'GitHub eviction alone', limitBytes: DEFAULT_LIMIT }),
    ...(await withPruning('with pruning', DEFAULT_LIMIT, '10GB')),
    await run({
      name: `${FORK_ARM_PREFIX} 200 entries a minute`,
      limitBytes: DEFAULT_LIMIT,
      hooks: pruningHooks({ cacheLimit: '10GB' }),
      setup: (service, at) => void (flood = service.setFlood(forkFlood(at))),
      finish: (service) => ({
        refusedDeletes: flood!.refusedDeletes,
        floodAlive: flood!.usage(service.clock.now()).count,
      }),
    }),
    await run({ name: 'unlimited', limitBytes: UNLIMITED }),
  ]
  const raisedLimit = [
    await run({ name: 'raised limit, eviction alone', limitBytes: RAISED_LIMIT }),
    ...(await withPruning('raised limit, with pruning', RAISED_LIMIT, '1000GB')),
  ]
  report.effectiveness = { days, seed: DEFAULT_WORKLOAD.seed, builds, defaultLimit, raisedLimit }
  writeFileSync(join(docs, 'cache-effectiveness.svg'), effectivenessChart(defaultLimit))
  writeFileSync(
    join(docs, 'storage.svg'),
    storageChart([...raisedLimit, ...defaultLimit.filter((a) => a.arm === 'with pruning')]),
  )
}

function startup(report: BenchmarkReport): void {
  log('\n## Start-up')
  const runs = quick ? 5 : 20
  const workDir = mkdtempSync(join(tmpdir(), 'bench-startup-'))
  let result: StartupResult
  try {
    result = runStartupBenchmark({
      root,
      runs,
      jobEnv: STARTUP_JOB_ENV,
      inputs: STARTUP_INPUTS,
      workDir,
    })
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
  const ms = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(0)} ms`)
  for (const v of result.variants)
    log(
      `- ${v.name}: median ${ms(v.medianMs)}, p90 ${ms(v.p90Ms)}, CPU median ${ms(v.cpuMedianMs)}`,
    )
  for (const r of result.ratios) log(`- main step ÷ ${r.baseline}: ${startupRatioText(r)}`)
  const goal = checkStartupGoal(result)
  if (goal) log(`- goal: ${goal.goal}: ${goal.measured}, ${goal.met ? 'met' : 'NOT met'}`)
  report.startup = result
  writeFileSync(join(docs, 'startup.svg'), startupChart(result))
}

/** Pruning cost at 1k, 10k and 50k entries: the pruning benchmark (bench/prune.ts), in this report. */
async function pruningCost(report: BenchmarkReport): Promise<void> {
  const sizes = quick ? [1000, 10_000] : [1000, 10_000, 50_000]
  log(`\n## Pruning cost: ${sizes.join(', ')} entries`)
  const results: PruneBenchResult[] = []
  for (const scenario of ['schedule', 'post'] as const) {
    for (const size of sizes) {
      results.push(await benchPrune(size, 1, scenario))
      log(`- ${scenario}, ${size} entries done`)
    }
  }
  const markdown = renderResults(results, 1)
  log(markdown)
  setExtra(report, '2. Pruning cost', markdown)
  report.pruningCost = results
}

/** The local cache service's own throughput (bench/cache-service.ts), in this report. */
async function cacheService(report: BenchmarkReport): Promise<void> {
  log('\n## Local cache service')
  const result = await runCacheServiceBench(quick ? { bigMiB: 64, smallMiB: 16, rounds: 1 } : {})
  const markdown = renderBench(result)
  log(markdown)
  setExtra(report, '4. Local cache service', markdown)
}

/** Planning beside a fork's 50,000 indexes (bench/plan-scale.ts), in this report. */
function forkPlanning(report: BenchmarkReport): void {
  log('\n## Planning beside a fork')
  const forks = quick ? 10_000 : 50_000
  const results = [runPlanScale(5000, forks, 3, 30), runPlanScale(5000, forks, 3, 0.01)]
  const markdown = renderPlanScale(results)
  log(markdown)
  setExtra(report, '5. Planning beside a fork', markdown)
}

/** A build cache mount carried across runners for a month (bench/cache-mounts.ts), in this report. */
async function cacheMounts(report: BenchmarkReport): Promise<void> {
  log('\n## Cache mounts')
  const result = await runMountBench(
    quick ? { ...DEFAULT_MOUNT_BENCH, days: 2 } : DEFAULT_MOUNT_BENCH,
    (line) => log(`  ${line}`),
  )
  const markdown = renderMountBench(result)
  log(markdown)
  setExtra(report, '6. Cache mounts', markdown)
}

/** docs/benchmarks.md as the repository's prettier settings lay it out, so the check stays green. */
async function writeMarkdown(report: BenchmarkReport): Promise<void> {
  const file = join(docs, 'benchmarks.md')
  const options = (await resolveConfig(file)) ?? {}
  writeFileSync(file, await format(renderMarkdown(report), { ...options, filepath: file }))
}

if (args.includes('--render')) {
  // The prose around the numbers changes more often than the numbers: no need to rerun the month.
  const recorded = JSON.parse(
    readFileSync(join(docs, 'benchmarks.json'), 'utf8'),
  ) as BenchmarkReport
  // The pruning-cost section is rendered from its recorded results, like the others.
  if (Array.isArray(recorded.pruningCost)) {
    const markdown = renderResults(recorded.pruningCost as PruneBenchResult[], 1)
    recorded.extra = recorded.extra.map((x) =>
      x.title === '2. Pruning cost' ? { ...x, markdown } : x,
    )
  }
  await writeMarkdown(recorded)
  log(
    `Wrote docs/benchmarks.md from docs/benchmarks.json (${recorded.command}, ${recorded.generatedAt}).`,
  )
} else {
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`
  const generatedAt = new Date().toISOString()
  // --merge (with --only): the recorded report, with the sections run now replaced and said so.
  const report: BenchmarkReport =
    args.includes('--merge') && only
      ? (() => {
          const recorded = JSON.parse(
            readFileSync(join(docs, 'benchmarks.json'), 'utf8'),
          ) as BenchmarkReport
          return {
            ...recorded,
            updates: [
              // An earlier rerun of the same sections is replaced by this one.
              ...(recorded.updates ?? []).filter(
                (u) => !u.sections.every((x) => only.split(',').includes(x)),
              ),
              { sections: only.split(','), command, generatedAt, machine },
            ],
          }
        })()
      : { generatedAt, machine, command, extra: [] }
  mkdirSync(docs, { recursive: true })
  if (wants('effectiveness')) await effectiveness(report)
  if (wants('prune-cost')) await pruningCost(report)
  if (wants('startup')) startup(report)
  if (wants('cache-service')) await cacheService(report)
  if (wants('fork-planning')) forkPlanning(report)
  if (wants('cache-mounts')) await cacheMounts(report)
  writeFileSync(join(docs, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`)
  await writeMarkdown(report)
  log('\nWrote docs/benchmarks.md, docs/benchmarks.json and the charts.')
}
