/**
 * bench/startup.ts end to end with one round: it builds the goal's baseline (the esbuild one; the ncc
 * builds type-check the project and take some 18 s each, so `npm run bench` alone runs them), runs
 * every variant as the runner would, refuses a variant that did not export the runtime variables,
 * and states the ratio the goal is judged on.
 */
import { describe, expect, it } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import {
  goalRatio,
  runStartupBenchmark,
  STARTUP_BASELINES,
  STARTUP_GOAL,
  STARTUP_INPUTS,
  STARTUP_JOB_ENV,
} from '../../bench/startup.js'
import { scratchDir } from '../helpers/scratch.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const baselines = STARTUP_BASELINES.filter((b) => b.bundler === 'esbuild')

describe('start-up benchmark', () => {
  it('measures the main step against each baseline, the esbuilt one carrying the goal', () => {
    const workDir = scratchDir('startup-bench-')
    const result = runStartupBenchmark({
      root,
      runs: 1,
      jobEnv: STARTUP_JOB_ENV,
      inputs: STARTUP_INPUTS,
      workDir,
      baselines,
    })
    expect(result.variants.map((v) => v.name)).toEqual([
      'node -e ""',
      'minimal action, @actions/core 3 bundled as ghaction-github-runtime is (esbuild, minified CJS)',
      'buildkit-cache-action main step',
    ])
    const [, esbuilt, main] = result.variants
    // Built as that action ships: one minified CommonJS file of some 418 KB.
    expect(esbuilt.bytes).toBeGreaterThan(300_000)
    expect(esbuilt.bytes).toBeLessThan(600_000)
    expect(esbuilt.args[0]).toMatch(/\.cjs$/)
    expect(goalRatio(result)).toMatchObject({ baseline: esbuilt.name, goal: STARTUP_GOAL })
    expect(goalRatio(result)?.wall).toBeCloseTo(main.medianMs / esbuilt.medianMs)
    expect(result.ratios.map((r) => r.baseline)).toEqual(['node -e ""', esbuilt.name])
  }, 60_000)

  it('refuses a variant that did not export the runtime variables', () => {
    const workDir = scratchDir('startup-bench-')
    expect(() =>
      runStartupBenchmark({
        root,
        runs: 1,
        jobEnv: STARTUP_JOB_ENV,
        // The main step told not to expose the runtime: fast, and not the work measured.
        inputs: { ...STARTUP_INPUTS, 'expose-runtime': 'false' },
        workDir,
        baselines,
      }),
    ).toThrow(
      'buildkit-cache-action main step did not export ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL, ACTIONS_CACHE_URL, ACTIONS_CACHE_SERVICE_V2',
    )
  }, 60_000)
})
