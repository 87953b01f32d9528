/**
 * The main step: read the inputs and the runtime, expose the runtime to later steps, decide what
 * to import and export, render the cache specs, and save what the post step needs.
 * It fails the step on bad input; everything it decides is logged with its reason.
 */
import * as runner from '../runner/workflow-commands.js'
import { log, maskSecret } from '../runner/log.js'
import { tmpdir } from 'node:os'
import { Env, Output } from '../constants.js'
import { defaultBranchOf, readEvent } from '../event.js'
import { singleLine, errorText } from '../runner/log-line.js'
import {
  readBuilderSettings,
  readCacheSettings,
  readMountSettings,
  readPruneSettings,
  type CacheSettings,
} from '../inputs.js'
import { pruneOptions } from '../builder/prune-options.js'
import {
  describeRuntime,
  discoverRuntime,
  exposeRuntime,
  missingForGha,
  tokenRefs,
  type Environment,
  type RuntimeInfo,
} from '../runtime.js'
import { decideAccess, type AccessDecision } from '../cache-options/access.js'
import type { CachePlan, CacheSpec } from '../cache-options/model.js'
import { localCacheDir, planCache } from '../cache-options/plan.js'
import type { RefContext } from '../refs.js'
import { bakeSet, buildctlArgs, buildPushLines, buildxArgs } from '../cache-options/render.js'
import { defaultScope } from '../cache-options/scope.js'
import { saveMainState, type LocalState } from '../state.js'
import { exportUsesKeyMap } from '../cache-options/key-map.js'
import { localPaths } from '../local/paths.js'

export async function run(): Promise<void> {
  try {
    await mainStep(process.env)
  } catch (error) {
    log.failed(errorText(error))
  }
}

async function mainStep(env: Environment): Promise<void> {
  const token = env[Env.RuntimeToken]
  if (token) maskSecret(token)
  const settings = readCacheSettings()
  // The post step's inputs are checked here too, so a typo fails this step before the build
  // rather than becoming a warning after it (the post step only warns).
  readPruneSettings()
  pruneOptions(readBuilderSettings())
  const mountSettings = readMountSettings()

  const runtime = discoverRuntime(env)
  prepareRuntime(settings, runtime, env)

  const refs = refContext(env)
  const scope = settings.scope ?? defaultScope(env[Env.Job], settings.matrix)
  const access = decideAccess(settings.type, settings.export, runtime, refs.ref)
  if (access.warning) log.warning(access.warning)
  const path = settings.type === 'local' ? localCachePath(settings.path, scope, env) : undefined

  const local =
    path !== undefined
      ? await restoreLocalCache({
          scope,
          path,
          importEnabled: access.importEnabled,
          commit: env[Env.Sha],
        })
      : undefined

  const plan = planCache(
    {
      type: settings.type,
      mode: settings.mode,
      scope,
      ignoreError: settings.ignoreError,
      attrs: settings.attrs,
      ...(settings.ref ? { ref: settings.ref } : {}),
      ...(path !== undefined ? { path } : {}),
    },
    refs,
    access,
  )
  logSpecs(settings, scope, access, plan)
  setOutputs(plan, settings.bakeTarget, scope, access)
  if (local) runner.setOutput(Output.CacheHit, String(local.cacheHit))

  const { readable, writable, exportRef } = tokenRefs(runtime)
  saveMainState({
    version: 1,
    type: settings.type,
    scope,
    ...(path !== undefined ? { path } : {}),
    importEnabled: access.importEnabled,
    exportEnabled: access.exportEnabled,
    protocol: runtime.protocol,
    ...(env[Env.Ref] ? { ref: env[Env.Ref] } : {}),
    readableRefs: readable,
    writableRefs: writable,
    ...(exportRef ? { exportRef } : {}),
    startedAt: new Date().toISOString(),
    ...(exportUsesKeyMap(plan.exports) ? { exportKeyMap: true } : {}),
    ...(local ? { local } : {}),
  })

  if (mountSettings.mounts.kind !== 'none') {
    // Loaded only when asked for: the cache mounts' code and @actions/cache stay out of start-up.
    const { carryMountsIn } = await import('./cache-mounts.js')
    await carryMountsIn({
      env,
      settings: mountSettings,
      scope,
      exportSetting: settings.export,
      runtime,
    })
  }
}

/**
 * Logs the cache runtime and, for type gha, insists on it and exposes it to later steps. Only gha
 * and local use the Actions cache: for the others the runtime is a debugging detail.
 */
function prepareRuntime(settings: CacheSettings, runtime: RuntimeInfo, env: Environment): void {
  if (settings.type === 'gha' || settings.type === 'local') {
    log.group('Cache runtime')
    for (const line of describeRuntime(runtime)) log.info(line)
    log.endGroup()
    for (const warning of runtime.warnings) log.warning(warning)
  } else {
    for (const line of [...describeRuntime(runtime), ...runtime.warnings]) log.debug(line)
  }
  if (settings.type !== 'gha') return
  const missing = missingForGha(runtime)
  if (missing.length > 0) {
    throw new Error(
      `type gha needs ${missing.join(' and ')}, and this step does not have them: the runner sets them only for JavaScript actions. ` +
        'Run this action as a step of a GitHub Actions job (not from a script, nor a container step that drops these variables), ' +
        'or choose another type (registry, local, s3, azblob, inline).',
    )
  }
  if (settings.exposeRuntime) {
    const exported = exposeRuntime(env)
    log.info(`Exposed to later steps: ${exported.join(', ')} (the token masked)`)
  } else {
    log.info('Runtime variables not exposed: expose-runtime is false')
  }
}

/**
 * type local's directory, normalised once, so the specs, the restore and the post step's swap
 * name the same directories (`/cache/` must export to `/cache-new`, not into `/cache/-new`).
 */
function localCachePath(given: string | undefined, scope: string, env: Environment): string {
  return localPaths(
    given ?? localCacheDir(env[Env.RunnerTemp] || tmpdir(), scope),
    ([Env.Workspace, Env.Home, Env.RunnerTemp, Env.ToolCache] as const).map((name) => ({
      name,
      dir: env[name] ?? '',
    })),
  ).path
}

function logSpecs(
  settings: CacheSettings,
  scope: string,
  access: AccessDecision,
  plan: CachePlan,
): void {
  log.group('Cache specs')
  log.info(singleLine(`Type ${settings.type}, scope ${scope}, mode ${settings.mode}`))
  if (settings.ref?.given) {
    log.info(
      singleLine(
        `ref: "${settings.ref.given}" has upper-case letters in its repository path, which OCI does not allow; using ${settings.ref.name} (the tag keeps its case)`,
      ),
    )
  }
  log.info(access.importReason)
  log.info(access.exportReason)
  // One log line per spec: a value may hold a line break (quoted, so the spec is intact).
  const logLines = (specs: readonly CacheSpec[]) =>
    specs.length > 0 ? specs.map((spec) => singleLine(buildPushLines([spec]))) : ['(none)']
  log.info(['cache-from:', ...logLines(plan.imports)].join('\n'))
  log.info(['cache-to:', ...logLines(plan.exports)].join('\n'))
  log.endGroup()
}

function setOutputs(
  plan: CachePlan,
  bakeTarget: CacheSettings['bakeTarget'],
  scope: string,
  access: AccessDecision,
): void {
  runner.setOutput(Output.CacheFrom, buildPushLines(plan.imports))
  runner.setOutput(Output.CacheTo, buildPushLines(plan.exports))
  runner.setOutput(Output.BuildctlArgs, buildctlArgs(plan))
  runner.setOutput(Output.BuildxArgs, buildxArgs(plan))
  const bake = bakeSet(plan, bakeTarget)
  if ('unavailable' in bake) log.warning(`bake-set is empty: ${bake.unavailable}`)
  runner.setOutput(Output.BakeSet, 'lines' in bake ? bake.lines : '')
  runner.setOutput(Output.BuildArgs, plan.buildArgs.join('\n'))
  runner.setOutput(Output.Scope, scope)
  runner.setOutput(Output.ExportEnabled, String(access.exportEnabled))
}

/** This run's refs: `GITHUB_REF`, `GITHUB_BASE_REF`, and the default branch from the event. */
function refContext(env: Environment): RefContext {
  const ref = env[Env.Ref]
  const baseRef = env[Env.BaseRef]
  const defaultBranch = defaultBranchOf(readEvent(env))
  if (!defaultBranch) log.debug('Default branch unknown: the event payload does not name it')
  return {
    ...(ref ? { ref } : {}),
    ...(baseRef ? { baseRef } : {}),
    ...(defaultBranch ? { defaultBranch } : {}),
  }
}

/** What the `type=local` seam is asked to do. */
export interface LocalRestoreRequest {
  readonly scope: string
  readonly path: string
  readonly importEnabled: boolean
  /** `GITHUB_SHA`: this commit's saves are restored first. */
  readonly commit?: string
}

/**
 * `type=local` restore through `src/local/`: the newest saved generation of this scope into
 * `path`. It and @actions/cache are imported here, on demand, so that no other type loads them at
 * start-up (ncc emits them as chunks of their own).
 */
export async function restoreLocalCache(request: LocalRestoreRequest): Promise<LocalState> {
  const [{ nodeFs }, { restoreLocalCache: restoreLocal }] = await Promise.all([
    import('../local/fs.js'),
    import('../local/restore.js'),
  ])
  if (!request.importEnabled) {
    // Nothing to restore (ACTIONS_CACHE_MODE write-only), but a stale export left in <path>-new
    // would still be swapped in and saved as this build's.
    await nodeFs.remove(localPaths(request.path).export)
    return { cacheHit: false }
  }
  const cache = await import('@actions/cache')
  log.group(`Local cache ${request.scope}`)
  try {
    const result = await restoreLocal(
      {
        scope: request.scope,
        path: request.path,
        ...(request.commit ? { commit: request.commit } : {}),
      },
      {
        restoreCache: cache.restoreCache,
        isFeatureAvailable: cache.isFeatureAvailable,
        fs: nodeFs,
      },
    )
    for (const warning of result.warnings) log.warning(`type local: ${warning}`)
    log.info(
      singleLine(
        result.restoredKey
          ? `Restored ${result.restoredKey} into ${result.src} (cache manifest ${result.manifestDigest ?? 'unreadable'})`
          : `Nothing saved yet for scope ${request.scope}; BuildKit starts from ${result.src} as it is`,
      ),
    )
    return {
      cacheHit: result.cacheHit,
      ...(result.restoredKey ? { restoredKey: result.restoredKey } : {}),
      ...(result.manifestDigest ? { manifestDigest: result.manifestDigest } : {}),
    }
  } finally {
    log.endGroup()
  }
}
