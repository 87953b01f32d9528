/**
 * `prune` with `type: registry`: deletes the cache tags the main step derived for pull requests
 * that closed and branches that were deleted (src/registry), then logs, sets `deleted-count` and
 * writes the job summary. Never fails the job: every failure is one warning.
 */
import * as runner from '../runner/workflow-commands.js'
import { Env, Output } from '../constants.js'
import { defaultBranchOf } from '../event.js'
import { createGitHubClient } from '../github/client.js'
import { describeError } from '../github/errors.js'
import { type GitHubOctokit, createOctokit } from '../github/octokit.js'
import type { PruneSettings, RegistryPruneSettings } from '../inputs.js'
import { log, maskSecret, writeSummary } from '../runner/log.js'
import { singleLine } from '../runner/log-line.js'
import type { Trigger } from '../prune/request.js'
import { TAG_KEEP_TEXT, tagNames, tagsIn } from '../registry/tag-planner.js'
import type { RegistryOutcome } from '../registry/tag-pruner.js'
import { type RegistryRunResult, runRegistryPrune } from '../registry/run.js'
import { renderRegistrySummary } from '../registry/summary.js'
import { connectRegistry } from '../registry/wiring.js'
import type { Environment } from '../runtime.js'
import { plural } from '../units.js'
import { restSettings } from './prune-and-report.js'

export interface RegistryPruneStep {
  settings: PruneSettings
  targets: RegistryPruneSettings
  trigger: Trigger
  env: Environment
  event: unknown
}

export async function registryPruneStep(o: RegistryPruneStep): Promise<void> {
  const { settings } = o
  const warnings: string[] = []
  const result = await pruneTags(o, warnings)
  warnings.push(...(result?.warnings ?? []))
  for (const warning of warnings) log.warning(warning)

  const outcomes = result?.outcomes ?? []
  for (const outcome of outcomes) logOutcome(outcome, settings.dryRun)
  const deletedTags = outcomes.reduce((n, outcome) => n + tagsIn(outcome.deleted), 0)
  runner.setOutput(Output.DeletedCount, String(deletedTags))

  if (!settings.summary) return
  await writeSummary(() =>
    renderRegistrySummary({
      title: 'BuildKit cache: registry prune',
      dryRun: settings.dryRun,
      outcomes,
      warnings,
    }),
  )
}

/** Runs the registry prune; its own failures become warnings. */
async function pruneTags(
  o: RegistryPruneStep,
  warnings: string[],
): Promise<RegistryRunResult | undefined> {
  const { settings, env } = o
  const repository = env[Env.Repository]
  if (!settings.githubToken) {
    warnings.push(
      'github-token is empty: registry pruning asks GitHub which pull requests closed and which branches are gone (the default is ${{ github.token }}, with "permissions: pull-requests: read" and, for ghcr.io, "packages: write")',
    )
    return undefined
  }
  if (!repository) {
    warnings.push(`${Env.Repository} is not set: no repository whose refs to judge`)
    return undefined
  }
  const octokitSettings = restSettings(settings.githubToken, env)
  let octokit: GitHubOctokit | undefined
  const defaultBranch = defaultBranchOf(o.event)
  log.group('Pruning registry cache tags')
  try {
    return await runRegistryPrune(
      {
        targets: o.targets,
        trigger: o.trigger,
        graceMs: settings.pruneGraceMs,
        dryRun: settings.dryRun,
        ...(defaultBranch ? { defaultBranch } : {}),
      },
      {
        github: createGitHubClient({ ...octokitSettings, repository }),
        registryFor: (image) =>
          connectRegistry(image, {
            octokit: () => (octokit ??= createOctokit(octokitSettings)),
            env,
            maskSecret,
            log,
          }),
        clock: Date.now,
        log,
      },
    )
  } catch (error) {
    warnings.push(`registry pruning failed: ${describeError(error)}`)
    return undefined
  } finally {
    log.endGroup()
  }
}

/** One repository's outcome in the log: a dry run's plan, what was kept (debug), and a count. */
function logOutcome(outcome: RegistryOutcome, dryRun: boolean): void {
  const planned = outcome.plan.deletions
  if (dryRun) {
    for (const d of planned) {
      log.info(
        singleLine(
          `would delete ${outcome.repository}:${tagNames(d)} (${d.target}): ${d.tags[0]?.ended?.why ?? ''}`,
        ),
      )
    }
  }
  for (const kept of outcome.plan.kept) {
    log.debug(
      singleLine(`keep ${outcome.repository}:${kept.tag.tag}: ${TAG_KEEP_TEXT[kept.reason]}`),
    )
  }
  const tags = tagsIn(dryRun ? planned : outcome.deleted)
  const done =
    tags === 0
      ? 'no cache tag to delete'
      : `${dryRun ? 'would delete' : 'deleted'} ${plural(tags, 'cache tag')}`
  log.info(
    singleLine(
      `${outcome.repository}: ${done}; kept ${outcome.plan.kept.length} of this action's; left ${plural(outcome.plan.otherTags, 'other tag')} alone`,
    ),
  )
}
