/**
 * Start-up cost of the built main step, as ratios against two baselines measured in the same run:
 * `node -e ""` (the floor: starting Node at all) and a minimal bundled action that only exports the
 * runtime variables. Runs are interleaved so drift on the machine hits every variant alike.
 */
import { spawnSync, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createStepFiles, stepEnvironment } from '../dev/demo/runner-env.js'
import { median, quantile } from './stats.js'

export interface StartupVariant {
  name: string
  args: string[]
  medianMs: number
  p90Ms: number
}

export interface StartupResult {
  runs: number
  variants: StartupVariant[]
  /** Main step's median over each baseline's median. */
  ratios: { overNode: number; overMinimalAction: number }
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

function buildBaseline(root: string, outDir: string): string {
  const out = join(outDir, 'export-runtime')
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      join(root, 'bench/export-runtime-action.ts'),
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
  const baseline = buildBaseline(options.root, options.workDir)
  const variants = [
    { name: 'node -e ""', args: ['-e', ''] },
    { name: 'minimal action (exports runtime variables)', args: [baseline] },
    { name: 'buildkit-cache-action main step', args: [main] },
  ]
  const times = variants.map(() => [] as number[])
  for (let run = 0; run < options.runs; run++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (run + k) % variants.length // rotate the order each round
      const files = createStepFiles(join(options.workDir, `run-${run}-${i}`))
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...stepEnvironment(options.jobEnv, options.inputs, files),
      }
      const started = process.hrtime.bigint()
      const child = spawnSync(process.execPath, variants[i].args, { env, encoding: 'utf8' })
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6
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
  }))
  const bundles = ['main', 'post', 'prune']
    .map((name) => ({
      name: `dist/${name}/index.js`,
      path: join(options.root, 'dist', name, 'index.js'),
    }))
    .filter((b) => existsSync(b.path))
    .map((b) => ({ name: b.name, bytes: statSync(b.path).size }))
  bundles.push({ name: 'minimal action', bytes: statSync(baseline).size })
  return {
    runs: options.runs,
    variants: measured,
    ratios: {
      overNode: measured[2].medianMs / measured[0].medianMs,
      overMinimalAction: measured[2].medianMs / measured[1].medianMs,
    },
    bundles,
  }
}
