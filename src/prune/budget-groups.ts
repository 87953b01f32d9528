/**
 * The budget's last step (rule 9): whole groups, the unit the budget evicts. A group is one
 * scope's index generations in one ref with the blobs only they use, or a whole ref where the
 * usage graph cannot tell its blobs apart.
 */
import { type Classified, lastUsed } from './analysis.js'
import type { Decisions } from './decisions.js'
import type { BudgetPassPolicy } from './budget-pass.js'
import { indexesFirst } from './delete-order.js'

/**
 * Eviction groups, in the order they go: groups never read since they were written first, then
 * groups whose layers were imported again, each least recently used first. Where the graph tells
 * which index uses which blob (`attributable`), one group per scope: its generations and the blobs
 * of its ref that only its surviving indexes use (a blob another scope may use stays with that
 * one). Elsewhere the whole ref is one group, unless an entry the graph cannot read may use any
 * of its layers (then none). A group with anything used within prune-grace is not a candidate.
 */
export function evictionGroups(
  d: Decisions,
  policy: Pick<BudgetPassPolicy, 'defaultRef' | 'protectDefaultBranch'>,
): Classified[][] {
  const { graph } = d
  const refs = new Map<string, Classified[]>()
  for (const c of d.analysis.entries) {
    d.step()
    if (c.kind === 'foreign' || d.deleted(c.entry.id)) continue
    if (c.entry.ref === policy.defaultRef && policy.protectDefaultBranch) continue
    const list = refs.get(c.entry.ref)
    if (list) list.push(c)
    else refs.set(c.entry.ref, [c])
  }
  const groups: Classified[][] = []
  for (const [ref, members] of refs) {
    if (!graph.attributable(ref)) {
      if (!graph.unknownUserIn(ref)) groups.push(members)
      continue
    }
    const byScope = new Map<string, Classified[]>()
    for (const c of members) {
      // A marker goes with its index (a later run finds it stale), a note when it expires.
      if (c.kind === 'blob' || c.kind === 'marker' || c.kind === 'note') continue
      const list = byScope.get(c.scope ?? '')
      if (list) list.push(c)
      else byScope.set(c.scope ?? '', [c])
    }
    for (const owners of byScope.values()) {
      const ids = new Set(owners.map((c) => c.entry.id))
      const exclusive = members.filter((c) => {
        if (c.kind !== 'blob') return false
        const users = graph.users(c).filter((id) => !d.deleted(id))
        return users.length > 0 && users.every((id) => ids.has(id))
      })
      groups.push([...owners, ...exclusive])
    }
  }
  const lastUse = (group: Classified[]) => Math.max(...group.map((c) => lastUsed(c.entry)))
  const reused = (group: Classified[]) => (group.some((c) => reusedLayers(d, c)) ? 1 : 0)
  return groups
    .filter((group) => !group.some((c) => d.withinGrace(c)))
    .sort(
      (x, y) =>
        reused(x) - reused(y) ||
        lastUse(x) - lastUse(y) ||
        x[0].entry.ref.localeCompare(y[0].entry.ref) ||
        (x[0].scope ?? '').localeCompare(y[0].scope ?? ''),
    )
}

/**
 * Whether a group member shows that its layers are imported again (rule 9): a blob, or a blob in
 * the same ref that an index uses, accessed more than prune-grace after it was created (the
 * writing job's own lookups come within that). Blobs of other refs say nothing about this group:
 * the default branch's are read by every build.
 */
function reusedLayers(d: Decisions, c: Classified): boolean {
  const graceMs = d.graceMs
  const read = (blob: Classified) => blob.entry.lastAccessedAt - blob.entry.createdAt > graceMs
  if (c.kind === 'blob') return read(c)
  return d.graph.usedBy(c.entry.id).some((blob) => blob.entry.ref === c.entry.ref && read(blob))
}

/** Deletes a group whole: owners first, then the blobs nothing else needs any more. */
export function evict(d: Decisions, group: Classified[]): void {
  const owners = group.filter((c) => c.kind !== 'blob').sort(indexesFirst)
  for (const c of owners) d.tryDelete(c, 'budget-lru-group')
  for (const c of group) if (c.kind === 'blob') d.tryDelete(c, 'budget-lru-group')
  // Blobs that this group's indexes shared with groups evicted before it, in its ref or in a
  // ref its indexes see.
  for (const index of group) {
    for (const c of d.graph.usedBy(index.entry.id)) {
      if (d.deleted(c.entry.id)) continue
      if (d.graph.users(c).every((id) => d.deleted(id))) d.tryDelete(c, 'budget-lru-group')
    }
  }
}
