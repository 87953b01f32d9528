/**
 * The benchmark's pruning arm: the action's own pruning code (src/prune/pruner.ts `pruneAndMark`, with
 * the post step's and the `prune` entry point's run requests from src/prune/request.ts), wired by
 * the action's own wiring (src/prune/wiring.ts) to the local service: its REST API, its cache
 * service with the job's runtime token, and its driven clock as "now". Not a model of the
 * planner: the planner itself.
 */
import { parsePruneSettings, type InputReader } from '../src/inputs.js'
import {
  pruneAndMark,
  type PruneDeps,
  type PruneOutcome,
  type PruneRun,
} from '../src/prune/pruner.js'
import { postStepRequest, pruneStepRequest } from '../src/prune/request.js'
import { jobExport, runSettings } from '../src/steps/prune-and-report.js'
import { wirePrune } from '../src/prune/wiring.js'
import type { MainState } from '../src/state.js'
import type { ArmHooks, HookContext, PostStepCost } from './cache-effectiveness.js'

const DEFAULT_REF = 'refs/heads/main'

/** GitHub's pace for deletes: one a second ("Best practices for using the REST API"). */
const DELETE_PACE_MS = 1000

/** Two days: what orphan-age bounded before a live index kept what it may use for as long as it lives. */
const TWO_DAYS_MS = 2 * 86_400_000

/** What the main step of a `type: gha` job on `ref` saves for its post step (v2, importing and exporting). */
export function ghaJobState(
  ref: string,
  scope: string,
  readableRefs: readonly string[],
  now: number,
): MainState {
  return {
    version: 1,
    type: 'gha',
    scope,
    importEnabled: true,
    exportEnabled: true,
    protocol: 'v2',
    ref,
    readableRefs,
    writableRefs: [ref],
    exportRef: ref,
    startedAt: new Date(now).toISOString(),
  }
}

/** The action's input defaults (action.yml), with the limit under test. */
export function settingsFor(cacheLimit: string, overrides: Record<string, string>) {
  const inputs: Record<string, string> = {
    prune: 'true',
    'cache-limit': cacheLimit,
    'prune-target': '90%',
    'prune-grace': '1h',
    'orphan-age': '7d',
    'protect-default-branch': 'true',
    'github-token': 'bench',
    'dry-run': 'false',
    summary: 'false',
    ...overrides,
  }
  const read: InputReader = (name) => inputs[name] ?? ''
  return parsePruneSettings(read)
}

const quiet = { info: () => undefined, debug: () => undefined, warning: () => undefined }

function deps(context: HookContext, ref: string, readRefs: readonly string[]): PruneDeps {
  return servicePruneDeps(context.service, context.clock, ref, readRefs)
}

/**
 * A pruning run's dependencies on the local service, as a job of `ref` that reads `readRefs` has
 * them, deletes paced at one a second on its driven clock.
 */
export function servicePruneDeps(
  service: HookContext['service'],
  clock: HookContext['clock'],
  ref: string,
  readRefs: readonly string[],
): PruneDeps {
  const { deps, github } = wirePrune({
    github: {
      token: service.githubToken,
      baseUrl: service.apiUrl,
      repository: service.repository,
      paceWrites: false,
    },
    credentials: {
      protocol: 'v2',
      url: service.url,
      token: service.runtimeToken({ ref, readRefs: [...readRefs] }),
    },
    cacheMode: { name: '', read: true, write: true },
    clock: () => clock.now(),
    log: quiet,
  })
  // Writes go one a second on GitHub: on the driven clock each delete takes that second, so a
  // pruning run takes as long as it would there and the builds that overlap it (bench/
  // cache-effectiveness.ts) export while it deletes and re-checks.
  return {
    ...deps,
    api: {
      ...github,
      deleteCache: async (id) => {
        clock.advance(DELETE_PACE_MS)
        return github.deleteCache(id)
      },
    },
  }
}

async function execute(
  run: PruneRun,
  d: PruneDeps,
  onOutcome: PruningArmOptions['onOutcome'],
  at: number,
): Promise<PruneOutcome> {
  const outcome = await pruneAndMark(run, d)
  onOutcome?.(outcome, at)
  if (outcome.problems.length > 0)
    throw new Error(`pruning reported problems: ${outcome.problems.join('; ')}`)
  return outcome
}

export interface PruningArmOptions {
  /** The `cache-limit` input, e.g. "10GB". */
  cacheLimit: string
  /** Other inputs, by name, over the action's defaults (e.g. `{ 'orphan-age': '6h' }`). */
  inputs?: Record<string, string>
  /** Sees every pruning run's outcome and when it ran (bench/diagnose.ts). */
  onOutcome?: (outcome: PruneOutcome, at: number) => void
}

/**
 * Per ref, what the last run that listed it kept only for live indexes of other refs (reason
 * `other-ref-index`): the bytes, and those last used more than two days before that run.
 */
function keptForOtherRefs(): {
  record(outcome: PruneOutcome): void
  total(): { bytes: number; pastTwoDays: number }
} {
  const byRef = new Map<string, { bytes: number; pastTwoDays: number }>()
  return {
    record(outcome) {
      const plan = outcome.plan
      if (!plan) return
      const refs = new Set(plan.entries.map((p) => p.entry.ref))
      if (outcome.listed !== 'repository') for (const ref of outcome.listed) refs.add(ref)
      for (const ref of refs) byRef.set(ref, { bytes: 0, pastTwoDays: 0 })
      for (const p of plan.entries) {
        if (p.reason !== 'other-ref-index') continue
        const kept = byRef.get(p.entry.ref)!
        kept.bytes += p.entry.sizeInBytes
        const idle = plan.analysis.now - Math.max(p.entry.createdAt, p.entry.lastAccessedAt)
        if (idle > TWO_DAYS_MS) kept.pastTwoDays += p.entry.sizeInBytes
      }
    },
    total() {
      let bytes = 0
      let pastTwoDays = 0
      for (const kept of byRef.values()) {
        bytes += kept.bytes
        pastTwoDays += kept.pastTwoDays
      }
      return { bytes, pastTwoDays }
    },
  }
}

/** Every request a run made, whatever its kind. */
const requestsOf = (outcome: PruneOutcome) =>
  Object.values(outcome.requests).reduce((sum, n) => sum + n, 0)

export function pruningHooks(options: PruningArmOptions): ArmHooks {
  const settings = settingsFor(options.cacheLimit, options.inputs ?? {})
  const kept = keptForOtherRefs()
  const costs: PostStepCost[] = []
  const onOutcome = (outcome: PruneOutcome, at: number) => {
    kept.record(outcome)
    options.onOutcome?.(outcome, at)
  }
  return {
    keptForOtherRefs: () => kept.total(),
    defaultPostSteps: () => costs,
    async afterBuild(context) {
      const readableRefs = [context.ref, ...context.readRefs]
      const state = ghaJobState(context.ref, context.scope, readableRefs, context.clock.now())
      const where = runSettings(settings, { defaultRef: DEFAULT_REF, readableRefs })
      const started = performance.now()
      const outcome = await execute(
        postStepRequest(jobExport(state), where),
        deps(context, context.ref, context.readRefs),
        onOutcome,
        context.clock.now(),
      )
      if (context.ref === DEFAULT_REF) {
        costs.push({
          wallMs: performance.now() - started,
          requests: requestsOf(outcome),
          planningMs: outcome.planningMs ?? 0,
        })
      }
    },
    async pullRequestClosed(context) {
      const ref = `refs/pull/${context.pullRequest}/merge`
      const where = runSettings(settings, {
        defaultRef: DEFAULT_REF,
        readableRefs: [ref, DEFAULT_REF],
      })
      await execute(
        pruneStepRequest({ kind: 'pull-request-closed', number: context.pullRequest, ref }, where),
        deps(context, ref, [DEFAULT_REF]),
        onOutcome,
        context.clock.now(),
      )
    },
    async scheduled(context) {
      const where = runSettings(settings, { defaultRef: DEFAULT_REF, readableRefs: [DEFAULT_REF] })
      await execute(
        pruneStepRequest({ kind: 'budget', event: 'schedule' }, where),
        deps(context, DEFAULT_REF, []),
        onOutcome,
        context.clock.now(),
      )
    },
  }
}
