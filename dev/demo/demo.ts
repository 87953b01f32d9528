/**
 * `npm run demo`: the whole lifecycle on one machine. Starts the local cache service, then for each
 * job of the story runs the built main step (dist/main) in a runner-like environment, a build, and
 * the built post step (dist/post), and prints each job summary. When the pull request closes, the
 * built `prune` entry point (dist/prune) runs as it would on `pull_request: closed`.
 *
 * The build is real `buildctl` when `buildctl` and `BUILDKIT_HOST` are available; otherwise the
 * BuildKit-format exporter (dev/buildkit) writes, through the cache service, exactly the entries
 * BuildKit writes (checked against recorded BuildKit v0.24.0 traffic in
 * __tests__/dev/buildkit/gha-fixtures.test.ts).
 *
 * The service runs on a driven clock set in the past and moved forward job by job, so the story
 * spans hours: the steps judge entries by the service's clock, as they judge them by GitHub's (the
 * Date header of its answers), so each post step sees the entries as old as they are then.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { ManualClock, startCacheService, type RunningCacheService } from '../cache-service/index.js'
import { runBuild, type BuildReport } from '../buildkit/builder.js'
import { createGhaBackend } from '../buildkit/gha-backend.js'
import { synthesizeBuild, type ImageSpec } from '../buildkit/synthetic-build.js'
import { DEMO_JOBS, DEMO_SCOPE, PR_CLOSED_HOURS_AGO, type DemoJob } from './jobs.js'
import { type MountsLegResult, runMountsLeg } from './mounts-leg.js'
import { type RegistryLegResult, runRegistryLeg } from './registry-leg.js'
import {
  closePullRequest,
  createStepFiles,
  readStepFiles,
  stepEnvironment,
  type StepResult,
} from './runner-env.js'
import {
  deletedByReason,
  jobTable,
  remainingTable,
  renderRunnerLine,
  type JobOutcome,
} from './report.js'
import { createCacheServiceClient } from '../../src/cache-service/client.js'
import type { CacheEntry } from '../../src/github/caches.js'
import { liveReadableIndexes } from '../../src/prune/analysis.js'
import { readIndexes } from '../../src/prune/index-reader.js'
import { plan } from '../../src/prune/planner.js'
import { formatBytes } from '../../src/units.js'
import { branchRef } from '../../src/refs.js'

const HOUR = 3_600_000
const MB = 1_000_000

/**
 * The image the exporter builds when there is no buildctl: a base layer, then the dependency and
 * application layers of dev/demo/app/Dockerfile.
 */
const DEMO_IMAGE: ImageSpec = {
  name: 'demo',
  stages: [
    {
      name: 'final',
      base: { image: 'busybox:1.37', size: 2 * MB },
      steps: [
        { name: 'deps', size: 2 * MB },
        { name: 'app', size: 20_000 },
      ],
    },
  ],
}

export interface DemoOptions {
  root: string
  log: (line: string) => void
  /** Force the exporter even when buildctl is available (tests). */
  exporterOnly?: boolean
  /** Where the built entry points are, default `<root>/dist`. */
  distDir?: string
}

export interface DemoJobResult {
  job: DemoJob
  main: StepResult
  build: BuildReport | 'buildctl'
  post: StepResult
}

export interface DemoResult {
  jobs: DemoJobResult[]
  prune?: StepResult
  builder: 'buildctl' | 'exporter'
  entries: { key: string; ref: string; sizeBytes: number }[]
  registry?: RegistryLegResult
  mounts?: MountsLegResult
}

/** Whether `env` names a BuildKit daemon and its PATH has a `buildctl` that runs. */
export function buildctlAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env.BUILDKIT_HOST) return false
  return spawnSync('buildctl', ['--version'], { stdio: 'ignore', env }).status === 0
}

/** Runs one built entry point, streaming its log lines with a prefix; rejects on a non-zero exit. */
/** Runs a built step (`node <script>`), its output prefixed line by line. */
function runStep(
  script: string,
  env: Record<string, string>,
  prefix: string,
  log: (line: string) => void,
): Promise<void> {
  return runProcess(process.execPath, [script], env, prefix, log)
}

/** A step's note that the runner's clock differs from the service's: true of every demo job. */
const CLOCK_LINE = /The runner's clock is .* GitHub's/

/** A job summary without the clock note (CLOCK_LINE, quoted) and the blank line after it. */
export function withoutClockLines(summary: string): string {
  return summary.replace(new RegExp(`^> ${CLOCK_LINE.source}.*\\n(\\n)?`, 'gm'), '')
}

/** Runs a command found on `env.PATH`, its output prefixed line by line; rejects on a non-zero exit. */
function runProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  prefix: string,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let pending = ''
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8')
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const shown = renderRunnerLine(line, process.env.DEMO_DEBUG === '1')
        if (shown !== undefined && !CLOCK_LINE.test(shown)) log(`${prefix}${shown}`)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('error', reject)
    child.on('close', (code) => {
      const shown = pending ? renderRunnerLine(pending, process.env.DEMO_DEBUG === '1') : undefined
      if (shown !== undefined) log(`${prefix}${shown}`)
      if (code === 0) resolve()
      else reject(new Error(`${command} exited with ${code}`))
    })
  })
}

/** The `scope=` of every gha line in a rendered cache-from/cache-to output (BuildKit's CSV). */
export function ghaScopes(lines: string): string[] {
  const scopes: string[] = []
  for (const line of lines.split('\n').filter((l) => l.trim() !== '')) {
    const [fields] = parse(line, { relax_quotes: true }) as string[][]
    const attrs = new Map(
      fields.map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]),
    )
    if (attrs.get('type') === 'gha') scopes.push(attrs.get('scope') ?? 'buildkit')
  }
  return scopes
}

/** The size of the demo's dependency layer. */
export const DEPS_BYTES = 2 * MB

/**
 * Writes a job's build context for dev/demo/app/Dockerfile into `dir`: `deps.bin`, 2 MB that are
 * the same for the same `deps` (so the layer is found in the cache until DEPS changes), and
 * `app.txt`, which names the commit.
 */
export function writeDemoContext(dir: string, job: Pick<DemoJob, 'deps' | 'commit'>): void {
  const chunks: Buffer[] = []
  let block = createHash('sha256').update(`demo dependencies ${job.deps}`).digest()
  for (let size = 0; size < DEPS_BYTES; size += block.length) {
    chunks.push(block)
    block = createHash('sha256').update(block).digest()
  }
  writeFileSync(join(dir, 'deps.bin'), Buffer.concat(chunks).subarray(0, DEPS_BYTES))
  writeFileSync(join(dir, 'app.txt'), `application ${job.commit}\n`)
}

/**
 * The `buildctl build` of a demo job: the context `context` (writeDemoContext) with the demo
 * app's Dockerfile, built by the Dockerfile frontend inside BuildKit (no image to pull), and one
 * `--import-cache` per line of the main step's `cache-from` and one `--export-cache` per line of
 * its `cache-to`, each passed as one argument (no shell).
 */
export function buildctlArgs(
  context: string,
  outputs: Record<string, string>,
  root: string,
): string[] {
  const args = [
    'build',
    '--frontend',
    'dockerfile.v0',
    '--local',
    `context=${context}`,
    '--local',
    `dockerfile=${join(root, 'dev/demo/app')}`,
  ]
  const lines = (name: string) => (outputs[name] ?? '').split('\n').filter((l) => l.trim() !== '')
  for (const line of lines('cache-from')) args.push('--import-cache', line)
  for (const line of lines('cache-to')) args.push('--export-cache', line)
  return args
}

/** Runs the job's build with the `buildctl` on `env.PATH` (BUILDKIT_HOST names the daemon). */
export function buildWithBuildctl(
  job: Pick<DemoJob, 'deps' | 'commit'>,
  outputs: Record<string, string>,
  root: string,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'demo-context-'))
  writeDemoContext(context, job)
  const args = buildctlArgs(context, outputs, root)
  const count = (flag: string) => args.filter((a) => a === flag).length
  log(
    `  buildctl build (BUILDKIT_HOST=${env.BUILDKIT_HOST ?? ''}) with ${count('--import-cache')} --import-cache and ${count('--export-cache')} --export-cache`,
  )
  return runProcess('buildctl', args, env, '  buildctl | ', log).finally(() =>
    rmSync(context, { recursive: true, force: true }),
  )
}

async function build(
  job: DemoJob,
  jobEnv: Record<string, string>,
  main: StepResult,
  at: number,
  useBuildctl: boolean,
  options: DemoOptions,
): Promise<BuildReport | 'buildctl'> {
  const env = { ...jobEnv, ...main.exportedEnv }
  if (useBuildctl) {
    await buildWithBuildctl(
      job,
      main.outputs,
      options.root,
      { ...process.env, ...env } as Record<string, string>,
      options.log,
    )
    return 'buildctl'
  }
  const cacheFrom = ghaScopes(main.outputs['cache-from'] ?? '')
  const cacheTo = ghaScopes(main.outputs['cache-to'] ?? '')
  const backend = createGhaBackend({
    protocol: 'v2',
    url: env.ACTIONS_RESULTS_URL,
    token: env.ACTIONS_RUNTIME_TOKEN,
  })
  const records = synthesizeBuild(
    DEMO_IMAGE,
    { 'final/deps': String(job.deps), 'final/app': job.commit },
    new Date(at).toISOString(),
  )
  const report = await runBuild(backend, records, {
    cacheFrom,
    ...(cacheTo[0] ? { cacheTo: { scope: cacheTo[0], mode: 'max' } } : {}),
  })
  options.log(
    `  build | imported ${report.importedIndexes.join(', ') || 'nothing'}; ${report.cached}/${report.steps} steps from cache; ` +
      `uploaded ${report.blobsUploaded} blob(s); ${report.indexKey ? `wrote ${report.indexKey}` : 'no export'}`,
  )
  return report
}

/**
 * The planner's verdict on what is left, from a view no job has: every ref readable (one token
 * reading them all), the whole repository listed.
 */
async function explainRemaining(service: RunningCacheService, now: number) {
  const entries: CacheEntry[] = service
    .entries()
    .filter((e) => e.committed)
    .map((e) => ({
      id: e.id,
      ref: e.ref,
      key: e.key,
      version: e.version,
      createdAt: e.createdAt,
      lastAccessedAt: e.lastAccessedAt,
      sizeInBytes: e.sizeBytes,
    }))
  const refs = [...new Set(entries.map((e) => e.ref))].sort()
  const defaultRef = branchRef(service.defaultBranch)
  const policy = {
    graceMs: 3_600_000,
    orphanAgeMs: 7 * 24 * 3_600_000,
    limitBytes: 10e9,
    targetBytes: 9e9,
    protectDefaultBranch: true,
    defaultRef,
    readableRefs: refs,
    pruneRefs: refs,
    evidenceRefs: [],
    dropRefs: [],
    refStates: new Map(),
    ownKeyPrefixes: [],
    exportsLookUpLayers: true,
  }
  const reader = createCacheServiceClient({
    protocol: 'v2',
    url: service.url,
    token: service.runtimeToken({ ref: defaultRef, readRefs: refs, write: false }),
  })
  const live = liveReadableIndexes(entries, policy, now)
  const { reads } = await readIndexes(reader, live)
  return plan({ entries, indexes: reads, policy, now, complete: true })
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { root, log } = options
  const dist = options.distDir ?? join(root, 'dist')
  for (const name of ['main', 'post', 'prune']) {
    const script = join(dist, name, 'index.js')
    if (!existsSync(script)) throw new Error(`${script} is missing; run "npm run package" first`)
  }
  const useBuildctl = !options.exporterOnly && buildctlAvailable()
  const end = Date.now()
  const clock = new ManualClock(end - (DEMO_JOBS[0].hoursAgo + 1) * HOUR)
  const work = mkdtempSync(join(tmpdir(), 'buildkit-cache-demo-'))
  let service: RunningCacheService | undefined
  try {
    log('Starting the local cache service (cache service v2 + Azurite, REST API)…')
    service = await startCacheService({ clock, uploadsPerMinute: 0 })
    log(
      `  listening at ${service.url}; builds with ${useBuildctl ? `buildctl (BUILDKIT_HOST=${process.env.BUILDKIT_HOST})` : 'the BuildKit-format exporter (no buildctl/BUILDKIT_HOST)'}`,
    )
    log(
      "  its clock runs hours behind this machine's so that the story spans hours; post steps judge entries by it, as by GitHub's, and the line each would print about the difference is left out below",
    )
    const inputs = {
      type: 'gha',
      scope: DEMO_SCOPE,
      mode: 'max',
      'cache-limit': '10GB',
      'github-token': service.githubToken,
      summary: 'true',
    }
    const result: DemoResult = {
      jobs: [],
      builder: useBuildctl ? 'buildctl' : 'exporter',
      entries: [],
    }
    const base = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_JOB: 'build',
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '1',
      RUNNER_OS: 'Linux',
    }

    const outcomes: JobOutcome[] = []
    for (const [n, job] of DEMO_JOBS.entries()) {
      const at = end - job.hoursAgo * HOUR
      clock.set(at)
      if (job.pullRequest)
        service.setPullRequest(job.pullRequest, { state: 'open', base: 'main', head: 'feature' })
      log('')
      log(`━━ Job ${n + 1}/${DEMO_JOBS.length}: ${job.title} (${job.ref}) ━━`)
      const dir = join(work, `job-${n + 1}`)
      mkdirSync(dir, { recursive: true })
      const event = join(dir, 'event.json')
      writeFileSync(
        event,
        JSON.stringify({
          repository: { default_branch: 'main', full_name: service.repository },
          ...(job.pullRequest
            ? {
                number: job.pullRequest,
                pull_request: {
                  number: job.pullRequest,
                  state: 'open',
                  base: { ref: 'main' },
                  head: { ref: 'feature' },
                },
              }
            : {}),
        }),
      )
      const jobEnv = {
        ...base,
        ...service.jobEnv({ ref: job.ref, ttlSeconds: 2 * 24 * 3600 }),
        GITHUB_EVENT_PATH: event,
        RUNNER_TEMP: dir,
        GITHUB_WORKSPACE: dir,
      }

      log('▶ main step (dist/main)')
      const mainFiles = createStepFiles(join(dir, 'main'))
      await runStep(
        join(dist, 'main/index.js'),
        stepEnvironment(jobEnv, inputs, mainFiles),
        '  main | ',
        log,
      )
      const main = readStepFiles(mainFiles)

      log(`▶ build (${useBuildctl ? 'buildctl' : 'BuildKit-format exporter'})`)
      const report = await build(job, jobEnv, main, at, useBuildctl, options)
      clock.set(at + 10 * 60_000) // the build took ten minutes

      log('▶ post step (dist/post)')
      const postFiles = createStepFiles(join(dir, 'post'))
      await runStep(
        join(dist, 'post/index.js'),
        stepEnvironment({ ...jobEnv, ...main.exportedEnv }, inputs, postFiles, main.state),
        '  post | ',
        log,
      )
      const post = readStepFiles(postFiles)
      const summary = withoutClockLines(post.summary || main.summary || '(no summary written)')
      if (n === DEMO_JOBS.length - 1) {
        log('▶ job summary')
        for (const line of summary.trimEnd().split('\n')) log(`  │ ${line}`)
      } else {
        log(
          `▶ job summary written (${summary.trimEnd().split('\n').length} lines; the last job's is shown in full)`,
        )
      }
      result.jobs.push({ job, main, build: report, post })
      outcomes.push({
        title: job.title,
        steps: report === 'buildctl' ? 0 : report.steps,
        cached: report === 'buildctl' ? 0 : report.cached,
        blobsUploaded: report === 'buildctl' ? 0 : report.blobsUploaded,
        bytesUploaded: report === 'buildctl' ? 0 : report.bytesUploaded,
        deleted: deletedByReason(post.summary),
      })
    }

    const pr = DEMO_JOBS.find((j) => j.pullRequest)
    if (pr?.pullRequest) {
      clock.set(end - PR_CLOSED_HOURS_AGO * HOUR)
      log('')
      log(
        `━━ Pull request #${pr.pullRequest} closed: prune entry point (dist/prune) on pull_request: closed ━━`,
      )
      const dir = join(work, 'prune')
      const event = closePullRequest(service, pr.pullRequest, 'feature', dir)
      const files = createStepFiles(dir)
      const env = {
        ...base,
        ...service.jobEnv({ ref: pr.ref, ttlSeconds: 2 * 24 * 3600 }),
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        RUNNER_TEMP: dir,
        GITHUB_WORKSPACE: dir,
      }
      await runStep(
        join(dist, 'prune/index.js'),
        stepEnvironment(env, { 'cache-limit': '10GB', 'github-token': service.githubToken }, files),
        '  prune | ',
        log,
      )
      result.prune = readStepFiles(files)
      for (const line of withoutClockLines(result.prune.summary || '(no summary written)')
        .trimEnd()
        .split('\n'))
        log(`  │ ${line}`)
    }

    clock.set(end)
    result.entries = service
      .entries()
      .filter((e) => e.committed)
      .map((e) => ({ key: e.key, ref: e.ref, sizeBytes: e.sizeBytes }))
    log('')
    log(
      `━━ What each job did${useBuildctl ? ' (buildctl builds report their steps in their own log)' : ''} ━━`,
    )
    for (const line of jobTable(outcomes)) log(`  ${line}`)
    log('')
    const total = result.entries.reduce((n, e) => n + e.sizeBytes, 0)
    log(
      `━━ What is left: ${result.entries.length} entries, ${formatBytes(total)}, and why each is kept (a plan that reads every ref) ━━`,
    )
    for (const line of remainingTable(await explainRemaining(service, clock.now())))
      log(`  ${line}`)
    result.mounts = await runMountsLeg({
      service,
      dist,
      work,
      base,
      realBuildKit: useBuildctl,
      log,
      runStep: (script, env, prefix) => runStep(script, env, prefix, log),
    })
    result.registry = await runRegistryLeg({
      service,
      dist,
      work,
      base,
      log,
      runStep: (script, env, prefix) => runStep(script, env, prefix, log),
    })
    return result
  } finally {
    await service?.stop()
    rmSync(work, { recursive: true, force: true })
  }
}
