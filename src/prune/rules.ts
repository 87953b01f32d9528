/**
 * The rulebook as data: every reason a plan gives an entry, the rule of docs/pruning-rules.md it
 * applies (by number), whether it keeps or deletes, and its words in the log and the job summary.
 * A test ties RULE_TITLES to the rulebook's headings, so a rule renumbered in one place fails the
 * suite; change a rule's number here and there together.
 */

/** The rulebook's numbered headings (`## N. Title`), in order. */
export const RULE_TITLES = [
  'The invariant',
  'Only what is ours',
  'prune-grace',
  'A listing is complete or unused',
  'Read exactly; what cannot be understood keeps everything it might reference',
  'What a live index of another ref may use is kept while it lives',
  "Without the other refs' live indexes, orphan-age",
  'Copies',
  'Order',
  'The budget',
  'Re-check before deleting',
  'Deletes',
  'Bounded in time, memory and quota',
  'Markers',
] as const

export type RuleNumber = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13

interface ReasonRow {
  readonly rule: RuleNumber
  readonly verdict: 'keep' | 'delete'
  readonly text: string
}

/** Every reason, with its rule, its verdict and its words. */
export const REASONS = {
  foreign: { rule: 1, verdict: 'keep', text: "not BuildKit's or this action's" },
  'unknown-layout': {
    rule: 1,
    verdict: 'keep',
    text: "BuildKit's or this action's version on a key this version of the action cannot parse (a newer one may have written it)",
  },
  'within-grace': { rule: 2, verdict: 'keep', text: 'created or used within prune-grace' },
  'newest-generation': { rule: 2, verdict: 'keep', text: 'the newest index generation' },
  'recently-superseded': { rule: 2, verdict: 'keep', text: 'superseded within prune-grace' },
  referenced: { rule: 0, verdict: 'keep', text: 'referenced by a live index' },
  'failed-read-index': {
    rule: 4,
    verdict: 'keep',
    text: 'a live index that may use it could not be read',
  },
  'out-of-reach-index': {
    rule: 5,
    verdict: 'keep',
    text: 'a live index of its ref, which this job cannot read, may use it (by its marker, or by times)',
  },
  'other-ref-index': {
    rule: 5,
    verdict: 'keep',
    text: 'a live index of another ref, which this job cannot read, may use it (by its marker, or by times): kept while that index lives',
  },
  'recently-used': {
    rule: 6,
    verdict: 'keep',
    text: "used within orphan-age, and which live indexes of other refs may use it could not be told (the repository's index listing failed)",
  },
  'local-entry': { rule: 1, verdict: 'keep', text: 'a type=local entry, rotated by its own step' },
  marker: {
    rule: 13,
    verdict: 'keep',
    text: 'declares what a live index of its ref references',
  },
  'budget-note': {
    rule: 12,
    verdict: 'keep',
    text: 'tells post steps that the budget could not be met, and until when to back off',
  },
  'not-pruned-here': { rule: 12, verdict: 'keep', text: 'in a ref this run does not prune' },
  superseded: { rule: 2, verdict: 'delete', text: 'superseded index generation' },
  unreferenced: { rule: 5, verdict: 'delete', text: 'no live index references it' },
  copy: {
    rule: 7,
    verdict: 'delete',
    text: 'a copy of a layer the default branch keeps for a live index: the indexes that may use it find that one',
  },
  'stale-marker': {
    rule: 13,
    verdict: 'delete',
    text: 'declares what an index that is no longer live referenced',
  },
  'stale-note': { rule: 12, verdict: 'delete', text: 'a budget note whose back-off is over' },
  'pr-closed': {
    rule: 1,
    verdict: 'delete',
    text: 'cache of the closed pull request (or of a merge queue entry that ended)',
  },
  'budget-closed-pr': {
    rule: 9,
    verdict: 'delete',
    text: 'over budget: cache of a closed pull request',
  },
  'budget-deleted-branch': {
    rule: 9,
    verdict: 'delete',
    text: 'over budget: cache of a deleted branch',
  },
  'budget-superseded': {
    rule: 9,
    verdict: 'delete',
    text: 'over budget: superseded index generation',
  },
  'budget-unreferenced': {
    rule: 9,
    verdict: 'delete',
    text: 'over budget: no live index may use it (orphan-age aside)',
  },
  'budget-copy': {
    rule: 9,
    verdict: 'delete',
    text: 'over budget: a copy of a layer the default branch keeps for a live index (the indexes that may use it find that one)',
  },
  'budget-lru-group': {
    rule: 9,
    verdict: 'delete',
    text: 'over budget: (ref, scope) group, least recently used (groups no later job read go first)',
  },
} as const satisfies Record<string, ReasonRow>

export type Reason = keyof typeof REASONS
export type KeepReason = {
  [R in Reason]: (typeof REASONS)[R]['verdict'] extends 'keep' ? R : never
}[Reason]
export type DeleteReason = Exclude<Reason, KeepReason>

/** A reason in words (the log and the job summary). */
export const REASON_TEXT: Record<Reason, string> = Object.fromEntries(
  Object.entries(REASONS).map(([reason, row]) => [reason, row.text]),
) as Record<Reason, string>

/** Whether deleting for this reason needs the copy's lookups first (rule 7). */
export const isCopy = (reason: Reason): boolean => reason === 'copy' || reason === 'budget-copy'
