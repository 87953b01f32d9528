/**
 * What of a pruning run's outcome deserves a warning: one line per thing the user should act on,
 * each naming its cause. Pure; the steps log them and put them in the job summary.
 */
import type { PruneOutcome } from './pruner.js'
import { formatBytes } from '../units.js'
import { UPLOADS_PER_MINUTE } from './inventory.js'

export interface WarningContext {
  /** The post step's runtime token could read the cache but not write it (the export failed). */
  readOnlyToken?: boolean
  /** Scopes with more than one export in this run (see inventory.ts scopeCollisions). */
  collisions?: readonly { scope: string; generations: number }[]
  /** The most entries this job's export created within one minute (peakCreationsPerMinute). */
  peakCreationsPerMinute?: number
}

/** A job alone at this share of GitHub's upload rate is told so (it meets 429s with company). */
export const NEAR_UPLOAD_RATE = 0.75

/** Usage at or above this share of the limit after pruning earns a warning. */
export const NEAR_LIMIT = 0.9

/** One line per thing the user should act on; each names its cause. */
export function outcomeWarnings(outcome: PruneOutcome, ctx: WarningContext = {}): string[] {
  const warnings = [...outcome.problems]
  const stopped = outcome.execution?.stopped
  if (stopped?.reason === 'permission-denied') {
    warnings.push(
      `the github-token may not delete caches (${stopped.error}); give the job "permissions: actions: write". The plan below shows what would have been deleted.`,
    )
  } else if (stopped?.reason === 'rate-limited') {
    warnings.push(
      `GitHub's API rate limit stopped the deletions (${stopped.error}); the rest is left for the next run`,
    )
  } else if (stopped?.reason === 'failures') {
    warnings.push(
      `deletions kept failing (last: ${stopped.error}); the rest is left for the next run`,
    )
  } else if (stopped?.reason === 'deadline') {
    warnings.push('the time allowed for pruning ran out; the rest is left for the next run')
  } else if (stopped?.reason === 'recheck-failed') {
    warnings.push(
      `re-checking the plan against a fresh listing failed (${stopped.error}), so no deletion was sent after it; the rest is left for the next run`,
    )
  }
  const plan = outcome.plan
  if (plan?.limitRaised) {
    warnings.push(
      `usage (${formatBytes(plan.usageBeforeBytes)}) is well above cache-limit (${formatBytes(plan.limitBytes)}), which GitHub would not allow: the repository's limit is evidently higher than cache-limit. Pruning deleted garbage but evicted no branch's or pull request's live cache to meet a target below what GitHub allows; leave cache-limit empty to use the limit GitHub reports (the token needs actions: read), or set it to the repository's limit`,
    )
  }
  if (plan?.budget === 'not-met' && !plan.limitRaised) {
    warnings.push(
      `usage stays above prune-target after everything pruning may delete: what is left is in use, within prune-grace or the protected default branch's live cache; post steps back off from listing the whole repository for an hour; raise prune-target or cache-limit (if the repository's limit is higher), or turn protection off`,
    )
  }
  if (plan && !plan.limitRaised) {
    const after = plan.usageAfterBytes
    if (after >= NEAR_LIMIT * plan.limitBytes) {
      warnings.push(
        `cache usage is ${Math.round((100 * after) / plan.limitBytes)}% of cache-limit after pruning: GitHub evicts least recently used entries above the limit, live layers included`,
      )
    }
  }
  const peak = ctx.peakCreationsPerMinute ?? 0
  if (peak >= NEAR_UPLOAD_RATE * UPLOADS_PER_MINUTE) {
    warnings.push(
      `this job's export created ${peak} cache entries within one minute; GitHub lets a repository create ${UPLOADS_PER_MINUTE} a minute and answers 429 beyond it (BuildKit writes one entry per new layer): use mode: min, or fewer scopes or matrix legs exporting at once`,
    )
  }
  for (const c of ctx.collisions ?? []) {
    warnings.push(
      `scope "${c.scope}" got ${c.generations} exports in this run: each replaces the last (BuildKit does not merge indexes); give each job or matrix leg its own scope`,
    )
  }
  if (ctx.readOnlyToken) {
    warnings.push(
      'the runtime token is read-only (an untrusted trigger such as pull_request_target): BuildKit could not export, and this job’s cache was not updated',
    )
  }
  return warnings
}
