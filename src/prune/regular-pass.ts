/**
 * The regular pass (rules 2, 5 to 7, 13): every listed entry gets its verdict. It removes the
 * garbage of the refs the run prunes: superseded generations, stale markers and notes, blobs no
 * surviving use keeps, and everything of the refs it drops (a closed pull request).
 */
import { type Classified, isLive } from './analysis.js'
import type { Decisions } from './decisions.js'

export interface RegularPassPolicy {
  /** Refs whose garbage this run removes. */
  pruneRefs: readonly string[]
  /** Refs this job cannot read whose garbage it removes, judged from times alone. */
  evidenceRefs: readonly string[]
  /** Refs whose every entry goes: the pull request closed in this event. */
  dropRefs: readonly string[]
}

export function regularPass(d: Decisions, policy: RegularPassPolicy): void {
  const { analysis, graph } = d
  const drop = new Set(policy.dropRefs)
  // Readable refs by their indexes; others, when times can tell, by evidence.
  const prune = new Set([
    ...policy.pruneRefs.filter((ref) => graph.isReadable(ref)),
    ...(graph.evidence ? policy.evidenceRefs.filter((ref) => !graph.isReadable(ref)) : []),
  ])
  const blobs: Classified[] = []
  for (const c of analysis.entries) {
    d.step()
    const protection = c.kind === 'blob' ? undefined : d.protection(c)
    if (c.kind === 'blob') blobs.push(c)
    // A closed pull request's entries go with it whatever their keys (a fork writes any), but
    // not what was used within prune-grace nor somebody else's version (rule 1).
    else if (protection === 'unknown-layout' && drop.has(c.entry.ref) && !d.withinGrace(c))
      d.delete(c, 'pr-closed')
    else if (protection !== undefined) d.keep(c, protection)
    else if (drop.has(c.entry.ref)) d.delete(c, 'pr-closed')
    else if (c.kind === 'marker') judgeMarker(d, c, prune)
    else if (c.kind === 'note') judgeNote(d, c, prune)
    else if (analysis.generation.get(c.entry.id) === 'newest') d.keep(c, 'newest-generation')
    else if (!prune.has(c.entry.ref)) d.keep(c, 'not-pruned-here')
    else if (c.kind === 'local') d.keep(c, 'local-entry')
    else d.delete(c, 'superseded')
  }
  // Blobs last: whether one is used depends on which indexes survive.
  for (const blob of blobs) {
    d.step()
    const ref = blob.entry.ref
    const protection = d.protection(blob, false)
    if (protection !== undefined) d.keep(blob, protection)
    else if (!drop.has(ref) && !prune.has(ref)) d.keep(blob, 'not-pruned-here')
    else {
      const used = graph.outOfReachUse(blob, d)
      if (used !== undefined && !drop.has(ref) && graph.copyOfKept(blob, d)) d.delete(blob, 'copy')
      else if (used !== undefined) d.keep(blob, used)
      else if (drop.has(ref)) d.delete(blob, 'pr-closed')
      else judgeUnused(d, blob)
    }
  }
}

/**
 * A blob that no surviving use keeps, in a ref this run prunes: garbage (rule 5), unless which
 * live indexes of other refs may use it cannot be told, in a ref others read: then it is kept for
 * orphan-age after its last use (rule 6).
 */
function judgeUnused(d: Decisions, blob: Classified): void {
  const kept = d.graph.unknownUse(blob)
  if (kept !== undefined) d.keep(blob, kept)
  else d.delete(blob, 'unreferenced')
}

/**
 * Rule 13. A marker stays while the index it describes lives; in a ref this run prunes (listed
 * whole) it goes once that index is superseded or gone.
 */
function judgeMarker(d: Decisions, c: Classified, prune: ReadonlySet<string>): void {
  const index = d.analysis.byId.get(c.marker?.indexId ?? 0)
  const live = index?.entry.ref === c.entry.ref && isLive(d.analysis.generation.get(index.entry.id))
  if (live) d.keep(c, 'marker')
  else if (!prune.has(c.entry.ref)) d.keep(c, 'not-pruned-here')
  else d.delete(c, 'stale-marker')
}

/** A budget note stays until its back-off is over (rule 12), then goes where the run prunes. */
function judgeNote(d: Decisions, c: Classified, prune: ReadonlySet<string>): void {
  if ((c.until ?? 0) > d.analysis.now) d.keep(c, 'budget-note')
  else if (!prune.has(c.entry.ref)) d.keep(c, 'not-pruned-here')
  else d.delete(c, 'stale-note')
}
