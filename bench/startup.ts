/**
 * Start-up cost of the built main step, as ratios against baselines measured in the same run:
 * `node -e ""` (the floor: starting Node at all) and a minimal bundled action that only exports the
 * runtime variables, built twice: as lean as an action can be (the runner's protocol, no library)
 * and with @actions/core 3. Wall time and CPU time (user + sys of the child, where /proc says),
 * runs interleaved so drift on the machine hits every variant alike.
 */
import { spawnSync, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createStepFiles, stepEnvironment } from '../dev/demo/runner-env.js'
import { median, quantile } from './stats.js'

export interface StartupVariant {
  name: string
  args: string[]
  medianMs: number
  p90Ms: number
  /** Median user + sys CPU of the process; undefined where the platform does not say. */
  cpuMedianMs?: number
}

export interface StartupResult {
  runs: number
  variants: StartupVariant[]
  /** Main step's median wall time over each baseline's median. */
  ratios: {
    overNode: number
    overMinimalAction: number
    overLeanAction?: number
    /** The same ratios of CPU time. */
    cpuOverMinimalAction?: number
    cpuOverLeanAction?: number
  }
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

function buildBaseline(root: string, outDir: string, source: string): string {
  const out = join(outDir, source.replace(/\.ts$/, ''))
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
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  return join(out, 'index.js')
}

export function runStartupBenchmark(options: StartupOptions): StartupResult {
  const main = join(options.root, 'dist/main/index.js')
  if (!existsSync(main)) throw new Error(`${main} is missing; run "npm run package" first`)
  mkdirSync(options.workDir, { recursive: true })
  const baseline = buildBaseline(options.root, options.workDir, 'export-runtime-action.ts')
  const lean = buildBaseline(options.root, options.workDir, 'export-runtime-lean.ts')
  const variants = [
    { name: 'node -e ""', args: ['-e', ''] },
    { name: 'minimal action, lean (exports runtime variables, no library)', args: [lean] },
    { name: 'minimal action (exports runtime variables, @actions/core 3)', args: [baseline] },
    { name: 'buildkit-cache-action main step', args: [main] },
  ]
  const MAIN = 3
  const times = variants.map(() => [] as number[])
  const cpu = variants.map(() => [] as number[])
  for (let run = 0; run < options.runs; run++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (run + k) % variants.length // rotate the order each round
      const files = createStepFiles(join(options.workDir, `run-${run}-${i}`))
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
      times[i].push(elapsed)
    }
  }
  const measured = variants.map((v, i) => ({
    ...v,
    medianMs: median(times[i]),
    p90Ms: quantile(times[i], 0.9),
    ...(cpu[i].length > 0 ? { cpuMedianMs: median(cpu[i]) } : {}),
  }))
  const bundles = ['main', 'post', 'prune']
    .map((name) => ({
      name: `dist/${name}/index.js`,
      path: join(options.root, 'dist', name, 'index.js'),
    }))
    .filter((b) => existsSync(b.path))
    .map((b) => ({ name: b.name, bytes: statSync(b.path).size }))
  bundles.push({ name: 'minimal action, lean', bytes: statSync(lean).size })
  bundles.push({ name: 'minimal action, @actions/core 3', bytes: statSync(baseline).size })
  const cpuRatio = (i: number) => {
    const [ours, theirs] = [measured[MAIN].cpuMedianMs, measured[i].cpuMedianMs]
    return ours !== undefined && theirs ? ours / theirs : undefined
  }
  const cpuOverLean = cpuRatio(1)
  const cpuOverMinimal = cpuRatio(2)
  return {
    runs: options.runs,
    variants: measured,
    ratios: {
      overNode: measured[MAIN].medianMs / measured[0].medianMs,
      overLeanAction: measured[MAIN].medianMs / measured[1].medianMs,
      overMinimalAction: measured[MAIN].medianMs / measured[2].medianMs,
      ...(cpuOverLean !== undefined ? { cpuOverLeanAction: cpuOverLean } : {}),
      ...(cpuOverMinimal !== undefined ? { cpuOverMinimalAction: cpuOverMinimal } : {}),
    },
    bundles,
  }
}
