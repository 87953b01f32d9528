/**
 * Start-up cost of the built main step, as ratios against baselines measured in the same run:
 * `node -e ""` (the floor: starting Node at all) and a minimal bundled action that only exports the
 * runtime variables, built three ways: as lean as an action can be (the runner's protocol, no
 * library, ncc); on @actions/core 3 bundled the way the action users add today only for this ships
 * (esbuild, minified CommonJS: the goal's baseline); and on @actions/core 3 bundled with ncc, as our
 * own entry points are. Wall time and CPU time (user + sys of the child, where /proc says), runs
 * interleaved so drift on the machine hits every variant alike.
 */
import { spawnSync, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { EXPOSED_RUNTIME_ENV } from '../src/constants.js'
import { mintRuntimeToken, PERMISSION_READ, PERMISSION_WRITE } from '../dev/cache-service/token.js'
import { createStepFiles, stepEnvironment } from '../dev/demo/runner-env.js'
import { median, quantile } from './stats.js'

export interface StartupVariant {
  name: string
  args: string[]
  /** Size of the script Node runs; undefined for `node -e ""`. */
  bytes?: number
  medianMs: number
  p90Ms: number
  /** Median user + sys CPU of the process; undefined where the platform does not say. */
  cpuMedianMs?: number
  /** Mean user + sys CPU: finer than the median of 10 ms ticks. */
  cpuMeanMs?: number
}

/** The main step over one baseline: medians of wall time and of CPU time. */
export interface StartupRatio {
  baseline: string
  wall: number
  cpu?: number
  /** Mean CPU over mean CPU. */
  cpuMean?: number
  /** The ratio the main step must stay at or under, where there is one. */
  goal?: number
}

export interface StartupResult {
  runs: number
  variants: StartupVariant[]
  ratios: StartupRatio[]
  bundles: { name: string; bytes: number }[]
}

export interface StartupOptions {
  root: string
  runs: number
  /** Job environment the main step runs with (runtime variables of a running local cache service). */
  jobEnv: Record<string, string>
  inputs: Record<string, string>
  workDir: string
}

/** A runner-like job on the default branch, with the cache service's variables (nothing listens). */
export const STARTUP_JOB_ENV: Record<string, string> = {
  ACTIONS_RUNTIME_TOKEN: mintRuntimeToken(Buffer.from('start-up benchmark'), {
    scopes: [{ Scope: 'refs/heads/main', Permission: PERMISSION_READ | PERMISSION_WRITE }],
    nowMs: Date.now(),
  }),
  ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
  ACTIONS_CACHE_URL: 'http://127.0.0.1:9/',
  ACTIONS_CACHE_SERVICE_V2: 'True',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_JOB: 'build',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
}

export const STARTUP_INPUTS = { type: 'gha', scope: 'web', mode: 'max' }

/** The main step must cost no more CPU than the baseline users run today for the runtime alone. */
export const STARTUP_GOAL = 1.0

/** CPU time (ms) of this process's waited-for children so far, from /proc; undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    // Fields after the command name (which may hold spaces) start at state; cutime, cstime are 16, 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100 // USER_HZ is 100 on Linux
  } catch {
    return undefined
  }
}

/** ncc, as our own entry points are built (scripts/package.mjs). */
function buildWithNcc(root: string, outDir: string, source: string): string {
  const out = join(outDir, `${source.replace(/\.ts$/, '')}-ncc`)
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      join(root, 'bench', source),
      '-o',
      out,
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  )
  return join(out, 'index.js')
}

/**
 * esbuild with the options crazy-max/ghaction-github-runtime's build script passes: one minified
 * CommonJS file for node24 (its dist/index.cjs is 418 KB of @actions/core 3).
 */
function buildWithEsbuild(root: string, outDir: string, source: string): string {
  const outfile = join(outDir, `${source.replace(/\.ts$/, '')}-esbuild`, 'index.cjs')
  buildSync({
    absWorkingDir: root,
    entryPoints: [join(root, 'bench', source)],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    outfile,
    logLevel: 'warning',
  })
  return outfile
}

/** A baseline action: its source under bench/ and how it is bundled. */
export interface StartupBaseline {
  name: string
  source: string
  bundler: 'ncc' | 'esbuild'
  /** The ratio the main step must stay at or under (CPU), where there is one. */
  goal?: number
}

export const STARTUP_BASELINES: StartupBaseline[] = [
  {
    name: 'minimal action, lean (no library, ncc)',
    source: 'export-runtime-lean.ts',
    bundler: 'ncc',
  },
  {
    name: 'minimal action, @actions/core 3 bundled as ghaction-github-runtime is (esbuild, minified CJS)',
    source: 'export-runtime-action.ts',
    bundler: 'esbuild',
    goal: STARTUP_GOAL,
  },
  {
    name: 'minimal action, @actions/core 3 bundled with ncc',
    source: 'export-runtime-action.ts',
    bundler: 'ncc',
  },
]

export function runStartupBenchmark(
  options: StartupOptions & { baselines?: StartupBaseline[] },
): StartupResult {
  const main = join(options.root, 'dist/main/index.js')
  if (!existsSync(main)) throw new Error(`${main} is missing; run "npm run package" first`)
  mkdirSync(options.workDir, { recursive: true })
  const { root, workDir } = options
  const build = { ncc: buildWithNcc, esbuild: buildWithEsbuild }
  const variants: { name: string; args: string[]; goal?: number }[] = [
    { name: 'node -e ""', args: ['-e', ''] },
    ...(options.baselines ?? STARTUP_BASELINES).map((b) => ({
      name: b.name,
      args: [build[b.bundler](root, workDir, b.source)],
      ...(b.goal !== undefined ? { goal: b.goal } : {}),
    })),
    { name: 'buildkit-cache-action main step', args: [main] },
  ]
  const MAIN = variants.length - 1
  const times = variants.map(() => [] as number[])
  const cpu = variants.map(() => [] as number[])
  for (let run = 0; run < options.runs; run++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (run + k) % variants.length // rotate the order each round
      const files = createStepFiles(join(workDir, `run-${run}-${i}`))
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...stepEnvironment(options.jobEnv, options.inputs, files),
      }
      const cpuBefore = childrenCpuMs()
      const started = process.hrtime.bigint()
      const child = spawnSync(process.execPath, variants[i].args, { env, encoding: 'utf8' })
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6
      const cpuAfter = childrenCpuMs()
      if (cpuBefore !== undefined && cpuAfter !== undefined) cpu[i].push(cpuAfter - cpuBefore)
      if (child.status !== 0)
        throw new Error(
          `${variants[i].name} exited ${child.status}: ${child.stdout}${child.stderr}`,
        )
      // An action that skipped the work would look fast: each must have exported the variables.
      if (variants[i].args[0] !== '-e') {
        const exported = readFileSync(files.env, 'utf8')
        // What every action variant must export to later steps, where the job has it.
        const missing = EXPOSED_RUNTIME_ENV.filter(
          (name) => name in options.jobEnv && !exported.includes(`${name}<<`),
        )
        if (missing.length > 0)
          throw new Error(`${variants[i].name} did not export ${missing.join(', ')}`)
      }
      times[i].push(elapsed)
    }
  }
  const measured: StartupVariant[] = variants.map((v, i) => ({
    name: v.name,
    args: v.args,
    ...(v.args[0] === '-e' ? {} : { bytes: statSync(v.args[0]).size }),
    medianMs: median(times[i]),
    p90Ms: quantile(times[i], 0.9),
    ...(cpu[i].length > 0
      ? {
          cpuMedianMs: median(cpu[i]),
          cpuMeanMs: cpu[i].reduce((sum, x) => sum + x, 0) / cpu[i].length,
        }
      : {}),
  }))
  const over = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b ? a / b : undefined
  const ratios: StartupRatio[] = measured.slice(0, MAIN).map((baseline, i) => {
    const cpu = over(measured[MAIN].cpuMedianMs, baseline.cpuMedianMs)
    const cpuMean = over(measured[MAIN].cpuMeanMs, baseline.cpuMeanMs)
    return {
      baseline: baseline.name,
      wall: measured[MAIN].medianMs / baseline.medianMs,
      ...(cpu !== undefined ? { cpu } : {}),
      ...(cpuMean !== undefined ? { cpuMean } : {}),
      ...(variants[i].goal !== undefined ? { goal: variants[i].goal } : {}),
    }
  })
  const bundles = ['main', 'post', 'prune']
    .map((name) => join('dist', name, 'index.js'))
    .filter((path) => existsSync(join(root, path)))
    .map((path) => ({ name: path, bytes: statSync(join(root, path)).size }))
  return { runs: options.runs, variants: measured, ratios, bundles }
}

/** The ratio with a goal, if the run measured one. */
export function goalRatio(result: StartupResult): StartupRatio | undefined {
  return result.ratios.find((r) => r.goal !== undefined)
}
