/**
 * `npm run bench`: every benchmark, one report. Prints each table as it finishes and writes
 * docs/benchmarks.md, docs/benchmarks.json and the charts (docs/*.svg).
 *
 *   npm run bench                     the full run (a 30-day month, 20 start-up runs per variant)
 *   npm run bench -- --quick          a 7-day month, 5 start-up runs
 *   npm run bench -- --only=startup   one benchmark (effectiveness, startup, or a colleague's file name)
 *
 * Colleagues' benchmarks (bench/prune*.ts, bench/local*.ts, bench/cache-service*.ts) join the same
 * report: a module exporting `benchmark({ quick })` that resolves to `{ title, markdown, json? }` is
 * called in-process; any other such file is run with tsx and its output included as it printed it.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runArm, type ArmHooks, type ArmResult, type ArmSpec } from './cache-effectiveness.js'
import {
  effectivenessChart,
  renderMarkdown,
  startupChart,
  storageChart,
  type BenchmarkReport,
  type ExtraSection,
} from './report.js'
import { runStartupBenchmark, type StartupResult } from './startup.js'
import { DEFAULT_WORKLOAD, generateWorkload } from './workload.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = join(root, 'docs')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const wants = (name: string) => !only || only.split(',').includes(name)
const log = (line: string) => console.log(line)

const GB = 1e9
/** GitHub's default (10 GB; the local service counts it as 10 GiB, as @actions/cache does). */
const DEFAULT_LIMIT = 10 * 1024 ** 3
/** A raised, paid limit that the month never reaches. */
const RAISED_LIMIT = 1000 * GB
const UNLIMITED = Number.MAX_SAFE_INTEGER

/**
 * The pruning arm's hooks (bench/pruning-arm.ts), which run the action's planner and executor
 * (src/prune). Loaded by path so the other benchmarks run on a tree where pruning has not landed.
 */
type PruningHooks = (o: { cacheLimit: string; inputs?: Record<string, string> }) => ArmHooks

async function loadPruningHooks(): Promise<PruningHooks | undefined> {
  const path = join(root, 'bench', 'pruning-arm.ts')
  if (!existsSync(path)) return undefined
  const module = (await import(pathToFileURL(path).href)) as { pruningHooks: PruningHooks }
  return module.pruningHooks
}

async function effectiveness(report: BenchmarkReport): Promise<void> {
  const pruningHooks = await loadPruningHooks()
  if (!pruningHooks) log('(bench/pruning-arm.ts is not here: the pruning arms are skipped)')
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
  ): Promise<ArmResult[]> =>
    pruningHooks
      ? [await run({ name, limitBytes, hooks: pruningHooks({ cacheLimit, inputs }) })]
      : []
  const defaultLimit = [
    await run({ name: 'GitHub eviction alone', limitBytes: DEFAULT_LIMIT }),
    ...(await withPruning('with pruning', DEFAULT_LIMIT, '10GB')),
    await run({ name: 'unlimited', limitBytes: UNLIMITED }),
  ]
  const raisedLimit = [
    await run({ name: 'raised limit, eviction alone', limitBytes: RAISED_LIMIT }),
    ...(await withPruning('raised limit, with pruning', RAISED_LIMIT, '1000GB')),
    // orphan-age keeps unreferenced blobs other refs' indexes might use; under a raised limit a
    // shorter one trades that safety margin for storage.
    ...(await withPruning('raised limit, with pruning, orphan-age 6h', RAISED_LIMIT, '1000GB', {
      'orphan-age': '6h',
    })),
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
  const jobEnv = {
    ACTIONS_RUNTIME_TOKEN: `e30.${Buffer.from(JSON.stringify({ ac: JSON.stringify([{ Scope: 'refs/heads/main', Permission: 3 }]), nbf: 0, exp: 4102444800 })).toString('base64url')}.`,
    ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
    ACTIONS_CACHE_URL: 'http://127.0.0.1:9/',
    ACTIONS_CACHE_SERVICE_V2: 'True',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_JOB: 'build',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
  }
  const workDir = mkdtempSync(join(tmpdir(), 'bench-startup-'))
  let result: StartupResult
  try {
    result = runStartupBenchmark({
      root,
      runs,
      jobEnv,
      inputs: { type: 'gha', scope: 'web', mode: 'max' },
      workDir,
    })
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
  for (const v of result.variants)
    log(`- ${v.name}: median ${v.medianMs.toFixed(0)} ms, p90 ${v.p90Ms.toFixed(0)} ms`)
  log(
    `- ratios: ${result.ratios.overNode.toFixed(2)}× node -e "", ${result.ratios.overMinimalAction.toFixed(2)}× minimal action`,
  )
  report.startup = result
  writeFileSync(join(docs, 'startup.svg'), startupChart(result))
}

/** Colleagues' benchmark files, run in-process when they export `benchmark`, else as scripts. */
async function colleagues(report: BenchmarkReport): Promise<void> {
  const files = readdirSync(join(root, 'bench'))
    .filter((f) => /^(prune|local|cache-service).*\.ts$/.test(f))
    .sort()
  for (const file of files) {
    const name = basename(file, '.ts')
    if (!wants(name) && !wants('prune-cost')) continue
    log(`\n## ${name}`)
    const module = (await import(pathToFileURL(join(root, 'bench', file)).href)) as {
      benchmark?: (o: { quick: boolean }) => Promise<ExtraSection & { json?: unknown }>
    }
    if (typeof module.benchmark === 'function') {
      const section = await module.benchmark({ quick })
      log(section.markdown)
      report.extra.push({ title: section.title, markdown: section.markdown })
      continue
    }
    const output = execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/tsx/dist/cli.mjs'),
        join(root, 'bench', file),
        ...(quick ? ['--quick'] : []),
      ],
      { cwd: root, encoding: 'utf8' },
    )
    log(output)
    report.extra.push({ title: name, markdown: `\`\`\`\n${output.trim()}\n\`\`\`` })
  }
}

const report: BenchmarkReport = {
  generatedAt: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  extra: [],
}
mkdirSync(docs, { recursive: true })
if (wants('effectiveness')) await effectiveness(report)
await colleagues(report)
if (wants('startup')) startup(report)
writeFileSync(join(docs, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`)
writeFileSync(join(docs, 'benchmarks.md'), renderMarkdown(report))
log('\nWrote docs/benchmarks.md, docs/benchmarks.json and the charts.')
