/**
 * Cache mounts in the steps: the main step reads which mounts to carry, restores and injects them;
 * the post step extracts and saves them, and reports. The work is src/cache-mounts/carry.ts's;
 * this shell reads inputs, files and the environment, and logs. A builder problem is a warning:
 * the user's build is never failed by a cache mount. Bad input (an explicit line without id or
 * target, no Dockerfile where `auto` looks) fails the main step, as any bad input does.
 */
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { detectBuilderTool } from '../builder/maintenance.js'
import { processRunner } from '../builder/process.js'
import { type ExportSetting, decideAccess } from '../cache-options/access.js'
import { Env, Input } from '../constants.js'
import { jobGitHubClient } from './prune-and-report.js'
import { honouringRetryAfter } from '../local/rate-limited-save.js'
import { InputError, type MountSettings, type PruneSettings } from '../inputs.js'
import { log, writeSummary } from '../runner/log.js'
import { singleLine, errorText } from '../runner/log-line.js'
import type { Environment, RuntimeInfo } from '../runtime.js'
import { type SavedMounts, saveMountsState } from '../state.js'

/** The folder under RUNNER_TEMP the mounts' tars and Dockerfiles live in. */
const MOUNTS_DIR = 'buildkit-cache-mounts'

/** Main step: restore and inject the mounts `settings` ask for. */
export async function carryMountsIn(o: {
  env: Environment
  settings: MountSettings
  scope: string
  exportSetting: ExportSetting
  runtime: RuntimeInfo
}): Promise<void> {
  const { env, settings } = o
  if (settings.mounts.kind === 'none') return
  const [{ selectMounts }, { restoreAndInject }, { builderTarget, describeTarget }] =
    await Promise.all([
      import('../cache-mounts/spec.js'),
      import('../cache-mounts/carry.js'),
      import('../cache-mounts/target.js'),
    ])
  const dockerfile =
    settings.mounts.kind === 'auto' ? await readDockerfile(settings.dockerfile, env) : undefined
  const selection = selectMounts(settings.mounts, settings.buildArgs, dockerfile)
  log.group('Cache mounts')
  try {
    for (const warning of selection.warnings) log.warning(singleLine(`cache-mounts: ${warning}`))
    if (selection.identities.length === 0) {
      log.info('No cache mount to carry')
      return
    }
    const runner = processRunner()
    const target = await builderTarget(settings.builder, env[Env.BuildkitHost], () =>
      detectBuilderTool(runner),
    )
    const access = decideAccess('gha', o.exportSetting, o.runtime, env[Env.Ref])
    if (!target) {
      log.warning(
        'cache-mounts: neither buildctl nor docker buildx is on PATH, so no cache mount is carried (set up buildx or BuildKit before this step)',
      )
      return
    }
    log.info(singleLine(`Builder: ${describeTarget(target)}; image ${settings.image}`))
    const cache = await import('@actions/cache')
    // Past the inputs, nothing here fails the step: the build runs with empty mounts instead.
    const result = await restoreAndInject(
      {
        identities: selection.identities,
        namespace: selection.namespace,
        scope: o.scope,
        dir: join(env[Env.RunnerTemp] || tmpdir(), MOUNTS_DIR),
        image: settings.image,
        target,
        ...(env[Env.Sha] ? { commit: env[Env.Sha] } : {}),
        importEnabled: access.importEnabled,
      },
      {
        restoreCache: cache.restoreCache,
        saveCache: cache.saveCache,
        isFeatureAvailable: cache.isFeatureAvailable,
        run: runner,
        now: Date.now,
      },
    ).catch((error: unknown) => {
      log.warning(
        singleLine(
          `cache-mounts: restoring the cache mounts failed, so the build starts them empty: ${errorText(error)}`,
        ),
      )
      return undefined
    })
    if (!result) return
    for (const line of result.lines) log.info(singleLine(line))
    for (const warning of result.warnings) log.warning(`cache-mounts: ${singleLine(warning)}`)
    saveMountsState({
      version: 1,
      mounts: result.state,
      exportEnabled: access.exportEnabled,
      exportReason: access.exportReason,
      restoreWarnings: result.warnings,
    })
  } finally {
    log.endGroup()
  }
}

/** The Dockerfile `cache-mounts: auto` reads; none there is bad input. */
async function readDockerfile(
  given: string,
  env: Environment,
): Promise<{ text: string; file: string }> {
  const path = isAbsolute(given) ? given : join(env[Env.Workspace] || process.cwd(), given)
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined)
    throw new InputError(
      Input.Dockerfile,
      `cache-mounts: auto reads the Dockerfile, and there is none at ${path}`,
      'the path of the Dockerfile the build uses, relative to the workspace (check out the repository first)',
    )
  return { text, file: given }
}

/** Post step: extract and save the mounts the main step restored; the summary shows each. */
export async function carryMountsOut(
  env: Environment,
  settings: PruneSettings | undefined,
  saved: SavedMounts,
): Promise<void> {
  const [{ extractAndSave }, { renderMountsReport }, { restEntryStore }, cache] = await Promise.all(
    [
      import('../cache-mounts/carry.js'),
      import('../cache-mounts/report.js'),
      import('../local/cleanup.js'),
      import('@actions/cache'),
    ],
  )
  const github = jobGitHubClient(env, settings?.githubToken)
  log.group('Cache mounts')
  let result
  try {
    result = await extractAndSave(
      saved.mounts,
      {
        ref: env[Env.Ref] ?? '',
        commit: env[Env.Sha] ?? '',
        runId: env[Env.RunId] ?? '',
        runAttempt: env[Env.RunAttempt] || '1',
        exportEnabled: saved.exportEnabled,
        exportReason: saved.exportReason,
      },
      {
        restoreCache: cache.restoreCache,
        saveCache: honouringRetryAfter(cache.saveCache, log.info),
        isFeatureAvailable: cache.isFeatureAvailable,
        run: processRunner(),
        now: Date.now,
        ...(github ? { entries: restEntryStore(github) } : {}),
      },
    )
    for (const line of result.lines) log.info(singleLine(line))
    for (const m of result.mounts) {
      log.info(
        singleLine(
          `${m.label}: ${m.outcome}${m.key ? ` as ${m.key}` : ''}${m.reason ? ` (${m.reason})` : ''}`,
        ),
      )
      for (const entry of m.deleted)
        log.info(singleLine(`Deleted the older generation ${entry.key} (id ${entry.id})`))
    }
  } finally {
    log.endGroup()
  }
  for (const warning of result.warnings) log.warning(`cache-mounts: ${singleLine(warning)}`)
  if (settings?.summary ?? true)
    await writeSummary(() => `${renderMountsReport(result, saved.restoreWarnings)}\n`)
}
