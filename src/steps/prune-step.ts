/**
 * The `prune` entry point (prune/action.yml). On `pull_request: closed` it drops that pull
 * request's caches; on `schedule`, `workflow_dispatch` or anything else it prunes the refs its
 * token can read and keeps the repository under prune-target. With `type: registry` it deletes
 * registry cache tags instead (src/steps/registry-prune.ts). `prune` is a job of its own, so an
 * invalid input fails the step (a misconfigured schedule must not pass green while pruning
 * nothing); failures of the world (the API, the network, the registry) become one warning each,
 * and the summary is written whatever happened (src/steps/prune-and-report.ts, the shell it shares with
 * the post step).
 */
import { log, maskSecret } from '../runner/log.js'
import { Env } from '../constants.js'
import { readEvent } from '../event.js'
import { InputError, readPruneSettings, readRegistryPruneSettings } from '../inputs.js'
import { singleLine, errorText } from '../runner/log-line.js'
import { PRUNE_TIME_LIMIT_MS, pruneStepRequest, triggerOf } from '../prune/request.js'
import { type Environment, discoverRuntime, tokenRefs } from '../runtime.js'
import { pruneAndReport } from './prune-and-report.js'
import { registryPruneStep } from './registry-prune.js'

export async function run(): Promise<void> {
  try {
    await pruneStep(process.env)
  } catch (error) {
    if (error instanceof InputError) log.failed(error.message)
    else log.warning(`prune: ${errorText(error)}`)
  }
}

async function pruneStep(env: Environment): Promise<void> {
  const token = env[Env.RuntimeToken]
  if (token) maskSecret(token)
  const settings = readPruneSettings()
  const targets = readRegistryPruneSettings()
  const event = readEvent(env)
  const trigger = triggerOf(env[Env.EventName] ?? '', event)
  if (targets) {
    log.info(
      trigger.kind === 'pull-request-closed'
        ? `Pull request #${trigger.number} was closed: deleting its registry cache tags`
        : `Event ${singleLine(trigger.event || '(unknown)')}: deleting the registry cache tags of closed pull requests and deleted branches`,
    )
    await registryPruneStep({ settings, targets, trigger, env, event })
    return
  }
  log.info(
    trigger.kind === 'pull-request-closed'
      ? `Pull request #${trigger.number} was closed: dropping its caches (${trigger.ref})`
      : `Event ${singleLine(trigger.event || '(unknown)')}: pruning readable refs and keeping the repository under prune-target`,
  )
  const refs = tokenRefs(discoverRuntime(env))
  await pruneAndReport({
    title: 'BuildKit cache: prune',
    settings,
    env,
    event,
    readableRefs: refs.readable,
    timeLimitMs: PRUNE_TIME_LIMIT_MS,
    makeRun: (settings) => pruneStepRequest(trigger, settings),
  })
}
