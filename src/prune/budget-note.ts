/**
 * Budget notes: a cache entry of a few bytes that says, in its key, that the budget could not be
 * met and until when post steps should not list the whole repository again for it (rule 12 of
 * docs/pruning-rules.md). Every job lists every key through the REST API, so one request tells a
 * post step whether to back off. Saved with this action's own entry version (marker.ts), which no
 * lookup asks for. Pure: no I/O.
 *
 * Layout: `buildkit-cache-action-budget-1-<until, seconds since the epoch>`.
 */

export const NOTE_KEY_PREFIX = 'buildkit-cache-action-budget-'

const NOTE_KEY = /^buildkit-cache-action-budget-1-([1-9][0-9]{0,11})$/

/** How long post steps leave the whole-repository listing alone after the budget was not met. */
export const BUDGET_BACKOFF_MS = 60 * 60_000

export function noteKey(until: number): string {
  return `${NOTE_KEY_PREFIX}1-${Math.ceil(until / 1000)}`
}

/** Until when a note's key says to back off (ms), or undefined for anything else. */
export function parseNote(key: string): number | undefined {
  const match = NOTE_KEY.exec(key)
  return match ? Number(match[1]) * 1000 : undefined
}
