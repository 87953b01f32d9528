/**
 * The post step: for `type=gha`, prune what this job's ref no longer needs and keep the
 * repository under prune-target, then report. It never fails a job that built fine: every
 * failure is one warning.
 *
 * Seam: `type=local` (src/local: save and rotate the cache directory) and the builder's own
 * cache report (src/builder) are called from here, before pruning, once they land on main.
 */
import * as core from '@actions/core'
import { Env } from './constants.js'
import { readPruneSettings } from './inputs.js'
import { POST_DELETE_BUDGET_MS, postRun } from './prune/request.js'
import { pruneAndReport, readEvent } from './prune.js'
import type { Environment } from './runtime.js'
import { loadMainState } from './state.js'

export async function run(): Promise<void> {
  try {
    await postStep(process.env)
  } catch (error) {
    core.warning(`post step: ${error instanceof Error ? error.message : String(error)}`)
  }
}

async function postStep(env: Environment): Promise<void> {
  const token = env[Env.RuntimeToken]
  if (token) core.setSecret(token)
  const state = loadMainState()
  if (!state) {
    core.info('The main step saved no state (it failed or did not run): nothing to prune')
    return
  }
  if (state.type !== 'gha') {
    core.info(
      `type ${state.type}: the Actions cache holds no BuildKit entries of this job to prune`,
    )
    return
  }
  const settings = readPruneSettings()
  if (!settings.prune) {
    core.info('prune is false: not pruning')
    return
  }
  await pruneAndReport({
    title: 'BuildKit cache: post step',
    settings,
    env,
    event: readEvent(env),
    readableRefs: state.readableRefs,
    deleteBudgetMs: POST_DELETE_BUDGET_MS,
    makeRun: (ctx) => postRun(state, ctx),
    state,
  })
}
