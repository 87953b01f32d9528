/**
 * Carries cache mounts across runners (docs/cache-mounts.md). Main step: restore each mount's
 * newest saved tar from the Actions cache and inject the restored ones into the builder in one
 * throwaway build. Post step: extract every mount in one throwaway build, and save each one whose
 * content changed under a new key, deleting its older generations in this ref (as `type=local`).
 *
 * Nothing here fails the user's build: a builder that cannot be reached, a failed inject or
 * extract, a refused save are warnings. The runner never unpacks a tar: they are made and
 * unpacked inside the builder, so owners and modes survive.
 */
import { errorText } from '../runner/log-line.js'
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Runner } from '../builder/process.js'
import type { CacheEntryStore, LocalEntry } from '../local/cleanup.js'
import { localCacheKey, restoreNewest } from '../local/keys.js'
import { deleteOlderGenerations } from '../local/save.js'
import {
  type BuilderTarget,
  type CarriedMount,
  buildCommand,
  extractDockerfile,
  injectDockerfile,
} from './commands.js'
import type { MountIdentity } from './identity.js'
import { MOUNT_KEY_PREFIX, mountHash, mountLabel, mountScope } from './keys.js'
import { tarSummary } from './tar-digest.js'
import type { SaveCache } from '../local/rate-limited-save.js'

/** What the post step needs of the main step's work, per mount. JSON-safe. */
export interface MountState {
  identity: MountIdentity
  label: string
  /** `<hash>.tar`: its file in the folders and in the builds. */
  file: string
  restoredKey?: string
  /** The restored tar's digest (tar-digest.ts): an extract with the same is not saved again. */
  restoredDigest?: string
  /** Whether the inject build put it into the builder. */
  injected?: boolean
}

export interface MountsState {
  /** Where the tars, Dockerfiles and outputs live (under RUNNER_TEMP). */
  dir: string
  scope: string
  namespace: string
  image: string
  target: BuilderTarget
  mounts: MountState[]
  injectMs?: number
}

export interface CarryDeps {
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
  ): Promise<string | undefined>
  /** The entry id, or -1 when @actions/cache logged a failure instead of throwing. */
  saveCache: SaveCache
  isFeatureAvailable(): boolean
  run: Runner
  /** Epoch ms. */
  now(): number
  /** For durations (ms). */
  elapsed?(): number
  /** REST listing and deletion of older generations; without it they wait for the pruner. */
  entries?: CacheEntryStore
}

export interface RestoreSettings {
  identities: readonly MountIdentity[]
  namespace: string
  scope: string
  dir: string
  image: string
  target: BuilderTarget
  /** `GITHUB_SHA`: this commit's saves first. */
  commit?: string
  /** Whether this job may read the Actions cache (cache-mode, the token). */
  importEnabled: boolean
}

export interface RestoreResult {
  state: MountsState
  /** One line per mount and step, for the log. */
  lines: string[]
  warnings: string[]
}

const tarPath = (dir: string, file: string) => join(dir, 'src', file)

/** A changing build argument: the throwaway builds must run, and never with `--no-cache`. */
const cacheBust = (now: number) => `${now}${randomBytes(4).toString('hex')}`

/** The last lines of a tool's error output, on one line. */
const tail = (stderr: string) =>
  stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 500) || 'no output'

async function runBuild(
  deps: CarryDeps,
  target: BuilderTarget,
  kind: 'inject' | 'extract',
  dir: string,
  dockerfile: string,
  namespace: string,
  paths: { source?: string; output?: string },
): Promise<{ ok: true; ms: number } | { ok: false; ms: number; why: string }> {
  const dockerfileDir = join(dir, kind)
  await rm(dockerfileDir, { recursive: true, force: true })
  await mkdir(dockerfileDir, { recursive: true })
  await writeFile(join(dockerfileDir, 'Dockerfile'), dockerfile)
  const { program, args } = buildCommand(
    target,
    kind,
    { dockerfileDir, ...paths },
    cacheBust(deps.now()),
    namespace,
  )
  const clock = deps.elapsed ?? deps.now
  const started = clock()
  const result = await deps.run(program, args)
  const ms = clock() - started
  if (result.exitCode === 0) return { ok: true, ms }
  const why =
    result.exitCode === 127
      ? `${program} is not on PATH`
      : `${program} ${args.slice(0, 2).join(' ')} … exited ${result.exitCode}: ${tail(result.stderr)}`
  return { ok: false, ms, why }
}

/** Main step: restore each mount, then inject the restored ones in one build. */
export async function restoreAndInject(
  settings: RestoreSettings,
  deps: CarryDeps,
): Promise<RestoreResult> {
  const { dir, namespace } = settings
  const lines: string[] = []
  const warnings: string[] = []
  const mounts: MountState[] = settings.identities.map((identity) => ({
    identity,
    label: mountLabel(identity, namespace),
    file: `${mountHash(identity)}.tar`,
  }))
  const state: MountsState = {
    dir,
    scope: settings.scope,
    namespace,
    image: settings.image,
    target: settings.target,
    mounts,
  }
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'src'), { recursive: true })
  if (!settings.importEnabled) {
    lines.push('Cache mounts start empty: this job does not read the Actions cache')
    return { state, lines, warnings }
  }
  if (!deps.isFeatureAvailable()) {
    warnings.push(
      'The Actions cache service is not available to this job: cache mounts start empty and are not saved',
    )
    return { state, lines, warnings }
  }
  for (const mount of mounts) {
    const said = await restoreMount(mount, settings, deps)
    if ('warning' in said) warnings.push(said.warning)
    else lines.push(said.line)
  }
  const restored = mounts.filter((m) => m.restoredKey !== undefined)
  if (restored.length === 0) return { state, lines, warnings }
  const carried: CarriedMount[] = restored.map((m) => ({ identity: m.identity, file: m.file }))
  const build = await runBuild(
    deps,
    settings.target,
    'inject',
    dir,
    injectDockerfile(carried, namespace, settings.image),
    namespace,
    { source: join(dir, 'src') },
  )
  state.injectMs = build.ms
  if (!build.ok) {
    warnings.push(
      `Injecting ${restored.length} cache mount(s) into the builder failed, so the build starts them empty: ${build.why}`,
    )
    return { state, lines, warnings }
  }
  for (const m of restored) m.injected = true
  lines.push(
    `Injected ${restored.map((m) => m.label).join(', ')} in ${(build.ms / 1000).toFixed(1)} s (only into empty mounts: a builder that keeps its mounts keeps what it has)`,
  )
  return { state, lines, warnings }
}

/** Restores one mount's newest saved tar into `settings.dir`; a failure leaves it empty. */
async function restoreMount(
  mount: MountState,
  settings: RestoreSettings,
  deps: CarryDeps,
): Promise<{ line: string } | { warning: string }> {
  const path = tarPath(settings.dir, mount.file)
  try {
    const restoredKey = await restoreNewest(deps.restoreCache, [path], {
      scope: mountScope(settings.scope, mount.identity),
      ...(settings.commit ? { commit: settings.commit } : {}),
      kind: MOUNT_KEY_PREFIX,
    })
    if (restoredKey === undefined)
      return { line: `${mount.label}: nothing saved yet; it starts empty` }
    const summary = await tarSummary(path)
    Object.assign(mount, { restoredKey, restoredDigest: summary.digest })
    return {
      line: `${mount.label}: restored ${restoredKey} (${summary.entries} entries, ${summary.contentBytes} bytes of content)`,
    }
  } catch (error) {
    await rm(path, { force: true })
    return {
      warning: `cache mount ${mount.label}: restore failed, it starts empty: ${errorText(error)}`,
    }
  }
}

export type MountOutcome =
  /** A new generation was saved. */
  | 'saved'
  /** Its content is the restored one's: nothing uploaded. */
  | 'unchanged'
  /** Not saved, `reason` says why. */
  | 'not-saved'

export interface MountReport {
  label: string
  outcome: MountOutcome
  reason?: string
  restoredKey?: string
  injected: boolean
  /** The extracted tar's size. */
  bytes?: number
  entries?: number
  key?: string
  deleted: LocalEntry[]
}

export interface SaveContext {
  ref: string
  commit: string
  runId: string
  runAttempt: string
  /** Whether this job may write the Actions cache (cache-mode, export, the token). */
  exportEnabled: boolean
  /** Why not, when it may not. */
  exportReason?: string
}

export interface SaveResult {
  mounts: MountReport[]
  injectMs?: number
  extractMs?: number
  warnings: string[]
  lines: string[]
}

/** Post step: extract every mount in one build, save each one that changed. */
export async function extractAndSave(
  state: MountsState,
  context: SaveContext,
  deps: CarryDeps,
): Promise<SaveResult> {
  const warnings: string[] = []
  const lines: string[] = []
  const reports: MountReport[] = state.mounts.map((m) => ({
    label: m.label,
    outcome: 'not-saved',
    ...(m.restoredKey ? { restoredKey: m.restoredKey } : {}),
    injected: m.injected === true,
    deleted: [],
  }))
  const result: SaveResult = {
    mounts: reports,
    ...(state.injectMs === undefined ? {} : { injectMs: state.injectMs }),
    warnings,
    lines,
  }
  const notSaved = (reason: string) => {
    for (const r of reports) r.reason = reason
    return result
  }
  if (state.mounts.length === 0) return result
  if (!context.exportEnabled)
    return notSaved(context.exportReason ?? 'this job does not write the Actions cache')
  if (!deps.isFeatureAvailable()) return notSaved('the Actions cache service is not available')

  const out = join(state.dir, 'out')
  await rm(out, { recursive: true, force: true })
  const carried = state.mounts.map((m) => ({ identity: m.identity, file: m.file }))
  const build = await runBuild(
    deps,
    state.target,
    'extract',
    state.dir,
    extractDockerfile(carried, state.namespace, state.image),
    state.namespace,
    { output: out },
  )
  result.extractMs = build.ms
  if (!build.ok) {
    warnings.push(`Extracting the cache mounts from the builder failed: ${build.why}`)
    return notSaved('the extract build failed')
  }
  lines.push(`Extracted ${state.mounts.length} cache mount(s) in ${(build.ms / 1000).toFixed(1)} s`)

  for (const [i, mount] of state.mounts.entries()) {
    const report = reports[i]!
    try {
      await saveMount(mount, join(out, mount.file), report, { state, context, deps, warnings })
    } catch (error) {
      report.reason = errorText(error)
      warnings.push(`cache mount ${mount.label}: not saved: ${errorText(error)}`)
    }
  }
  return result
}

/**
 * Saves one extracted mount unless it is empty or unchanged, then deletes its older generations;
 * `report` says what happened.
 */
async function saveMount(
  mount: MountState,
  extracted: string,
  report: MountReport,
  o: { state: MountsState; context: SaveContext; deps: CarryDeps; warnings: string[] },
): Promise<void> {
  const { state, context, deps } = o
  const summary = await tarSummary(extracted)
  report.bytes = (await stat(extracted)).size
  report.entries = summary.entries
  if (summary.entries <= 1 && mount.restoredDigest === undefined) {
    report.reason = 'empty: the build did not write to it'
    return
  }
  if (summary.digest === mount.restoredDigest) {
    report.outcome = 'unchanged'
    report.reason = `the content restored from ${mount.restoredKey} is unchanged`
    return
  }
  // Saved from the path it is restored to: @actions/cache ties an entry to its paths.
  const path = tarPath(state.dir, mount.file)
  await mkdir(join(state.dir, 'src'), { recursive: true })
  await rename(extracted, path)
  const scope = mountScope(state.scope, mount.identity)
  const savedAt = deps.now()
  const key = localCacheKey(
    {
      scope,
      commit: context.commit,
      runId: context.runId,
      runAttempt: context.runAttempt,
      savedAt,
    },
    MOUNT_KEY_PREFIX,
  )
  report.key = key
  const id = await deps.saveCache([path], key)
  if (id === -1) {
    report.reason = `@actions/cache did not save ${key} (its log above says why)`
    return
  }
  report.outcome = 'saved'
  delete report.reason
  if (deps.entries) {
    await deleteOlderGenerations(
      { scope, kind: MOUNT_KEY_PREFIX, ref: context.ref, savedKey: key, savedAt },
      deps.entries,
      { deleted: report.deleted, warnings: o.warnings },
    )
  }
}
