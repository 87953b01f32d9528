/**
 * The post step: for `type=local`, swap in and save the new cache generation (src/local); report
 * and prune the builder's own cache when asked (src/builder); for `type=gha`, prune what this
 * job's ref no longer needs and keep the repository under prune-target, then report. It never
 * fails a job that built fine: every failure is one warning.
 */
import { log, maskSecret, writeSummary } from '../runner/log.js'
import { builderMaintenance } from '../builder/maintenance.js'
import { processRunner } from '../builder/process.js'
import { pruneOptions } from '../builder/prune-options.js'
import { renderBuilderReport } from '../builder/report.js'
import { Env } from '../constants.js'
import { readEvent } from '../event.js'
import { readBuilderSettings, readPruneSettings, type PruneSettings } from '../inputs.js'
import { restEntryStore } from '../local/cleanup.js'
import { nodeFs } from '../local/fs.js'
import { renderLocalReport } from '../local/report.js'
import { singleLine, errorText } from '../runner/log-line.js'
import { saveLocalCache } from '../local/save.js'
import { honouringRetryAfter } from '../local/rate-limited-save.js'
import { POST_TIME_LIMIT_MS, postStepRequest } from '../prune/request.js'
import { jobExport, jobGitHubClient, pruneAndReport } from './prune-and-report.js'
import type { Environment } from '../runtime.js'
import { loadMainState, loadMountsState, type MainState } from '../state.js'

export async function run(): Promise<void> {
  try {
    await postStep(process.env)
  } catch (error) {
    log.warning(`post step: ${errorText(error)}`)
  }
}

async function postStep(env: Environment): Promise<void> {
  const token = env[Env.RuntimeToken]
  if (token) maskSecret(token)
  const state = loadMainState()
  const settings = pruneSettings()
  // Before builder-prune, which would empty the mounts.
  await cacheMounts(env, settings)
  await builderCache(settings?.summary ?? true)
  if (!state) {
    log.info('The main step saved no state (it failed or did not run): nothing to prune')
    return
  }
  if (state.type === 'local') await saveLocal(state, env, settings)
  if (state.type !== 'gha') {
    log.info(`type ${state.type}: the Actions cache holds no BuildKit entries of this job to prune`)
    return
  }
  if (!settings) return
  if (!settings.prune) {
    log.info('prune is false: not pruning')
    return
  }
  await pruneAndReport({
    title: 'BuildKit cache: post step',
    settings,
    env,
    event: readEvent(env),
    readableRefs: state.readableRefs,
    timeLimitMs: POST_TIME_LIMIT_MS,
    makeRun: (settings) => postStepRequest(jobExport(state), settings),
    state,
  })
}

/** The prune inputs, or undefined (with a warning) when one is malformed. */
function pruneSettings(): PruneSettings | undefined {
  try {
    return readPruneSettings()
  } catch (error) {
    log.warning(`post step: ${errorText(error)}`)
    return undefined
  }
}

/** `type=local`: swap the new layout in, save it if it changed, delete older generations of the scope. */
async function saveLocal(
  state: MainState,
  env: Environment,
  settings: PruneSettings | undefined,
): Promise<void> {
  if (!state.path) return
  if (!state.exportEnabled) {
    log.info('type local: export is disabled for this run, nothing to save')
    return
  }
  const cache = await import('@actions/cache')
  const github = jobGitHubClient(env, settings?.githubToken)
  const entries = github && restEntryStore(github)
  log.group(`Local cache ${state.scope}`)
  const report = await saveLocalCache(
    {
      scope: state.scope,
      path: state.path,
      ...(state.local?.restoredKey ? { restoredKey: state.local.restoredKey } : {}),
      ...(state.local?.manifestDigest ? { manifestDigest: state.local.manifestDigest } : {}),
    },
    {
      // The entry lands in the token's writable ref; the older generations to delete are there.
      ref: state.exportRef ?? state.ref ?? env[Env.Ref] ?? '',
      commit: env[Env.Sha] ?? '',
      runId: env[Env.RunId] ?? '',
      runAttempt: env[Env.RunAttempt] || '1',
    },
    {
      saveCache: honouringRetryAfter(cache.saveCache, log.info),
      isFeatureAvailable: cache.isFeatureAvailable,
      fs: nodeFs,
      ...(entries ? { entries } : {}),
      now: Date.now,
    },
  )
  // Keys come from the listing (anybody's to choose after our prefix); reasons may quote them.
  log.info(singleLine(`type local: ${report.outcome}${report.key ? ` as ${report.key}` : ''}`))
  if (report.reason) log.info(singleLine(report.reason))
  for (const entry of report.deleted)
    log.info(singleLine(`Deleted the older generation ${entry.key} (id ${entry.id})`))
  log.endGroup()
  if (report.outcome === 'failed' || report.outcome === 'incomplete') {
    log.warning(`type local: ${report.reason ?? report.outcome}`)
  }
  for (const warning of report.warnings) log.warning(`type local: ${warning}`)
  if (settings?.summary ?? true)
    await writeSummary(() => withEol(renderLocalReport(state.scope, report)))
}

/** Cache mounts the main step restored: extract, save, report (src/steps/cache-mounts.ts). */
async function cacheMounts(env: Environment, settings: PruneSettings | undefined): Promise<void> {
  const saved = loadMountsState()
  // Their code is loaded only when there are some.
  if (!saved || saved.mounts.mounts.length === 0) return
  try {
    const { carryMountsOut } = await import('./cache-mounts.js')
    await carryMountsOut(env, settings, saved)
  } catch (error) {
    log.warning(`cache-mounts: ${errorText(error)}`)
  }
}

/** builder-usage / builder-prune: the builder's own cache, through buildctl or docker buildx. */
async function builderCache(summary: boolean): Promise<void> {
  let request
  try {
    const builder = readBuilderSettings()
    if (!builder.usage && !builder.prune) return
    request = { usage: builder.usage, ...(builder.prune ? { prune: pruneOptions(builder) } : {}) }
  } catch (error) {
    log.warning(`builder cache: ${errorText(error)}`)
    return
  }
  log.group('Builder cache')
  const report = await builderMaintenance(request, processRunner())
  if (report.prune)
    log.info(`Pruned ${report.prune.records} records, ${report.prune.freedBytes} bytes`)
  if (report.usage)
    log.info(`Usage: ${report.usage.totalBytes} bytes in ${report.usage.records} records`)
  log.endGroup()
  for (const warning of report.warnings) log.warning(`builder cache: ${warning}`)
  if (summary) await writeSummary(() => withEol(renderBuilderReport(report)))
}

/** A report that says something, ending in a line break before the next report's heading. */
const withEol = (markdown: string) => (markdown ? `${markdown}\n` : '')
