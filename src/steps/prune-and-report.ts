/**
 * The shell both pruning steps share (the post step and `prune`): wires and runs the pruning run,
 * then warns, sets the outputs and writes the job summary. The only place pruning touches the
 * runner (src/runner/workflow-commands.ts).
 */
import * as runner from '../runner/workflow-commands.js'
import { log, writeSummary } from '../runner/log.js'
import { formatBytes } from '../units.js'
import { Env, Output } from '../constants.js'
import { defaultBranchOf } from '../event.js'
import { describeError } from '../github/errors.js'
import type { OctokitSettings } from '../github/octokit.js'
import { type GitHubClient, createGitHubClient } from '../github/client.js'
import { type PruneSettings, withCacheLimit, withRetention } from '../inputs.js'
import { singleLine } from '../runner/log-line.js'
import { inventory, peakCreationsPerMinute, scopeCollisions } from '../prune/inventory.js'
import { beforeDeadline } from '../prune/deadline.js'
import { REASON_TEXT } from '../prune/planner.js'
import { type PruneOutcome, type PruneRun, pruneAndMark } from '../prune/pruner.js'
import { wirePrune } from '../prune/wiring.js'
import type { JobExport, RunSettings } from '../prune/request.js'
import { outcomeWarnings } from '../prune/warnings.js'
import { type Environment, discoverRuntime, runtimeCredentials } from '../runtime.js'
import { branchRef } from '../refs.js'
import type { MainState } from '../state.js'
import { renderSummary } from '../prune/summary.js'

export interface PruneAndReport {
  title: string
  settings: PruneSettings
  env: Environment
  event: unknown
  readableRefs: readonly string[]
  /** How long the whole pruning run may take (rule 12). */
  timeLimitMs: number
  makeRun: (settings: RunSettings) => PruneRun
  /** The main step's state (post step): scope collisions and read-only tokens are judged on it. */
  state?: MainState
}

/**
 * Prunes, then warns, sets the outputs and writes the summary. Shared by the post step and
 * `prune`; the only place pruning touches the runner.
 */
export async function pruneAndReport(o: PruneAndReport): Promise<void> {
  const { settings } = o
  const warnings: string[] = []
  let outcome: PruneOutcome | undefined
  log.group('Pruning the Actions cache')
  try {
    outcome = await prune(o, warnings)
  } catch (error) {
    warnings.push(`pruning failed: ${describeError(error)}`)
  } finally {
    log.endGroup()
  }

  if (outcome) warnings.push(...judge(outcome, o.state))
  const plan = outcome?.plan
  const execution = outcome?.execution
  for (const warning of warnings) log.warning(warning)
  for (const notice of outcome?.notices ?? []) log.info(singleLine(notice))

  const deleted = execution?.deleted ?? []
  const freed = execution?.freedBytes ?? 0
  const gone = [...deleted, ...(execution?.missing ?? [])].reduce(
    (sum, p) => sum + p.entry.sizeInBytes,
    0,
  )
  runner.setOutput(Output.DeletedCount, String(deleted.length))
  runner.setOutput(Output.FreedBytes, String(freed))
  if (plan) runner.setOutput(Output.UsageBytes, String(Math.max(0, plan.usageBeforeBytes - gone)))

  if (!settings.summary) return
  await writeSummary(() =>
    renderSummary({
      title: o.title,
      dryRun: settings.dryRun,
      ...(plan
        ? {
            usage: {
              beforeBytes: plan.usageBeforeBytes,
              afterBytes: settings.dryRun ? plan.usageAfterBytes : plan.usageBeforeBytes - gone,
              limitBytes: plan.limitBytes,
              targetBytes: plan.targetBytes,
              budget: plan.budget,
            },
            inventory: inventory(plan),
          }
        : {}),
      deleted: settings.dryRun ? (plan?.deletions ?? []) : deleted,
      ...(execution
        ? {
            execution: {
              failed: execution.failed.length,
              skipped: settings.dryRun ? 0 : execution.skipped.length,
              missing: execution.missing.length,
              moved: execution.moved.length,
              ...(execution.stopped ? { stopped: execution.stopped.reason } : {}),
            },
          }
        : {}),
      warnings,
      notices: outcome?.notices ?? [],
      ...(outcome ? { requests: outcome.requests } : {}),
    }),
  )
}

/** The warnings an outcome deserves; in the post step, judged against the job's own export. */
function judge(outcome: PruneOutcome, state: MainState | undefined): string[] {
  const plan = outcome.plan
  const ref = state?.exportRef ?? state?.ref
  const since = state ? Date.parse(state.startedAt) : NaN
  if (!state || !plan || !ref || Number.isNaN(since)) {
    return outcomeWarnings(outcome, { readOnlyToken: readOnlyToken(state) })
  }
  return outcomeWarnings(outcome, {
    readOnlyToken: readOnlyToken(state),
    collisions: scopeCollisions(plan, ref, since).filter((c) => c.scope === state.scope),
    peakCreationsPerMinute: peakCreationsPerMinute(plan, ref, since),
  })
}

/** The pruning core's settings from the step's inputs, where it runs and until when. */
export function runSettings(
  settings: PruneSettings,
  where: Pick<RunSettings, 'defaultRef' | 'readableRefs' | 'deadline'>,
): RunSettings {
  return {
    graceMs: settings.pruneGraceMs,
    orphanAgeMs: settings.orphanAgeMs,
    limitBytes: settings.cacheLimitBytes,
    targetBytes: settings.pruneTargetBytes,
    protectDefaultBranch: settings.protectDefaultBranch,
    dryRun: settings.dryRun,
    ...where,
  }
}

/** What the post step knows of the job's export, from the main step's state. */
export function jobExport(state: MainState): JobExport {
  const ref = state.exportRef ?? state.ref
  return {
    ...(ref === undefined ? {} : { ref }),
    keyMap: state.exportKeyMap === true,
    writableRefs: state.writableRefs,
  }
}

/** Whether the main step's token could read the cache but not write it (BuildKit could not export). */
export function readOnlyToken(state: MainState | undefined): boolean {
  return state?.type === 'gha' && state.readableRefs.length > 0 && state.writableRefs.length === 0
}

/** The REST client's settings for a pruning step: its token, the job's API URL, waits logged. */
export function restSettings(token: string, env: Environment): OctokitSettings {
  return {
    token,
    baseUrl: env[Env.ApiUrl] || 'https://api.github.com',
    onRateLimited: (ms, route) =>
      log.info(`Rate limited on ${route}: waiting ${Math.ceil(ms / 1000)} s`),
  }
}

/** The job's REST client (the repository's caches), or undefined without a token or repository. */
export function jobGitHubClient(
  env: Environment,
  token: string | undefined,
): GitHubClient | undefined {
  const repository = env[Env.Repository]
  return token && repository
    ? createGitHubClient({ ...restSettings(token, env), repository })
    : undefined
}

async function prune(o: PruneAndReport, warnings: string[]): Promise<PruneOutcome | undefined> {
  const { env } = o
  const token = o.settings.githubToken
  if (!token) {
    warnings.push(
      'github-token is empty: pruning needs a token for the REST cache API (the default is ${{ github.token }}, with "permissions: actions: write")',
    )
    return undefined
  }
  const repository = env[Env.Repository]
  if (!repository) {
    warnings.push(`${Env.Repository} is not set: no repository to prune`)
    return undefined
  }
  const runtime = discoverRuntime(env)
  const credentials = runtimeCredentials(env)
  const { deps, github } = wirePrune({
    github: { ...restSettings(token, env), repository },
    ...(credentials ? { credentials } : {}),
    cacheMode: {
      name: runtime.cacheMode,
      read: runtime.modeAllowsRead,
      write: runtime.modeAllowsWrite,
    },
    clock: Date.now,
    log: { info: log.info, debug: log.debug, warning: log.warning },
  })
  // One deadline over the whole run, from its first request (rule 12).
  const deadline = Date.now() + o.timeLimitMs
  const defaultBranch =
    defaultBranchOf(o.event) ??
    (await beforeDeadline(
      github.getDefaultBranch(),
      deadline,
      Date.now,
      'asking for the default branch',
    ))
  const limits = await repositoryLimits(o.settings, github, deadline)
  const settings = limits.settings
  const run = o.makeRun(
    runSettings(settings, {
      defaultRef: branchRef(defaultBranch),
      readableRefs: o.readableRefs,
      deadline,
    }),
  )
  log.info(
    singleLine(
      `Limit ${formatBytes(settings.cacheLimitBytes)}, target ${formatBytes(settings.pruneTargetBytes)}; pruning ${run.policy.pruneRefs.join(', ') || '(no ref)'}${run.policy.dropRefs.length ? `, dropping ${run.policy.dropRefs.join(', ')}` : ''}; readable: ${run.policy.readableRefs.join(', ') || '(none)'}${settings.dryRun ? ' (dry run)' : ''}`,
    ),
  )
  const outcome = await pruneAndMark(run, deps)
  outcome.notices.unshift(...limits.notices.map(singleLine))
  logOutcome(outcome, settings.dryRun)
  return outcome
}

/**
 * cache-limit and orphan-age left empty: what GitHub reports for the repository (a raised, paid
 * limit; a retention an administrator set), else its defaults; each said once, in a notice.
 */
async function repositoryLimits(
  given: PruneSettings,
  github: Pick<GitHubClient, 'getCacheStorageLimit' | 'getCacheRetention'>,
  deadline: number,
): Promise<{ settings: PruneSettings; notices: string[] }> {
  let settings = given
  const ask = async (question: Promise<number | undefined>, what: string) => {
    try {
      const value = await beforeDeadline(question, deadline, Date.now, `asking for ${what}`)
      return value === undefined ? { why: 'GitHub reported none' } : { value }
    } catch (error) {
      return { why: `reading it failed: ${describeError(error)}` }
    }
  }
  const unread = (why: string) => `${why}; the token needs "actions: read"`
  // Both questions at once: neither answer depends on the other.
  const [limit, retention] = await Promise.all([
    settings.cacheLimitSource === 'default'
      ? ask(github.getCacheStorageLimit(), "the repository's cache limit")
      : undefined,
    settings.orphanAgeSource === 'default'
      ? ask(github.getCacheRetention(), "the repository's cache retention")
      : undefined,
  ])
  let limitNotice = `Cache limit ${formatBytes(settings.cacheLimitBytes)}: cache-limit`
  if (limit) {
    if (limit.value !== undefined) settings = withCacheLimit(settings, limit.value)
    limitNotice =
      limit.value !== undefined
        ? `Cache limit ${formatBytes(settings.cacheLimitBytes)}: the repository's, as GitHub reports it`
        : `Cache limit ${formatBytes(settings.cacheLimitBytes)}: GitHub's default (cache-limit is empty, and the repository's limit could not be read: ${unread(limit.why)})`
  }
  const days = (ms: number) => `${+(ms / 86_400_000).toFixed(2)} days`
  let retentionNotice = `orphan-age ${days(settings.orphanAgeMs)}: orphan-age`
  if (retention) {
    if (retention.value !== undefined) settings = withRetention(settings, retention.value)
    retentionNotice =
      retention.value !== undefined
        ? `orphan-age ${days(settings.orphanAgeMs)}: the repository's cache retention, as GitHub reports it`
        : `orphan-age ${days(settings.orphanAgeMs)}: GitHub's default retention (orphan-age is empty, and the repository's could not be read: ${unread(retention.why)})`
  }
  return { settings, notices: [limitNotice, retentionNotice] }
}

/** The run's deletions and their result, in the log. */
function logOutcome(outcome: PruneOutcome, dryRun: boolean): void {
  // A dry run prints the whole plan; a real run keeps the per-entry lines for debug logging.
  const line = dryRun ? log.info : log.debug
  for (const planned of outcome.plan?.deletions ?? []) {
    // Keys and refs come from the listing: a type=local key is anybody's to choose after our prefix.
    line(
      singleLine(
        `${dryRun ? 'would delete' : 'delete'} ${planned.entry.id} ${planned.entry.ref} ${planned.entry.key} (${formatBytes(planned.entry.sizeInBytes)}): ${REASON_TEXT[planned.reason]}`,
      ),
    )
  }
  const e = outcome.execution
  if (e) {
    log.info(
      dryRun
        ? `Dry run: ${outcome.plan?.deletions.length ?? 0} entries would be deleted`
        : `Deleted ${e.deleted.length} entries (${formatBytes(e.freedBytes)}); ${e.missing.length} already gone, ${e.failed.length} failed, ${e.skipped.length} not attempted`,
    )
  }
}
