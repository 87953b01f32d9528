/**
 * The order of deletes (rule 8): in which order a step takes what it deletes, and what each
 * delete must wait for. An entry waits for the deletes that, left undone, would leave it needed:
 * a blob for the indexes that used it, the newest generation for the older ones of its series.
 */
import { type Classified, byGeneration, lastUsed } from './analysis.js'
import type { Decisions } from './decisions.js'

export const byLastUse = (a: Classified, b: Classified) =>
  lastUsed(a.entry) - lastUsed(b.entry) || a.entry.id - b.entry.id

/**
 * Indexes before blobs (a blob becomes free once its indexes go), older generations before newer
 * (rule 8), blobs least recently used first.
 */
export const indexesFirst = (a: Classified, b: Classified) =>
  Number(a.kind === 'blob') - Number(b.kind === 'blob') ||
  (a.kind === 'index' && b.kind === 'index' ? byGeneration(a, b) : byLastUse(a, b))

/** The ids a deleted entry must wait for. */
export function waitsFor(d: Decisions, c: Classified): number[] {
  if (c.kind === 'index') {
    // Deleting the newest generation while an older one of its series stays would make that one
    // the newest again, its blobs perhaps gone (rule 8): it waits for the older ones it deletes.
    if (d.analysis.generation.get(c.entry.id) !== 'newest') return []
    return d.analysis.entries
      .filter(
        (o) =>
          o.kind === 'index' &&
          o.series === c.series &&
          byGeneration(o, c) < 0 &&
          d.deleted(o.entry.id),
      )
      .map((o) => o.entry.id)
      .sort((x, y) => x - y)
  }
  if (c.kind !== 'blob') return []
  return d.graph.waitsFor(c, d, (id) => d.chosenBefore(id, c.entry.id))
}
