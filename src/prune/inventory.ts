/**
 * What the job summary reports about a plan: per (ref, scope) the index generations and the
 * blobs their live indexes reference, per ref the blobs nothing readable references, and what
 * was deleted or kept and why. Pure.
 */
import type { CacheEntry } from '../github/caches.js'
import { isLive } from './analysis.js'
import type { PrunePlan, Reason } from './planner.js'

export interface Tally {
  count: number
  bytes: number
}

export interface ScopeRow {
  ref: string
  scope: string
  generations: number
  liveGenerations: number
  /** Whether the live indexes were read: all, some failed, or the token cannot read the ref. */
  read: 'read' | 'failed' | 'not-readable'
  /** Blob entries the live indexes reference (unknown unless read). */
  liveBlobs?: Tally
  deleted: Tally
}

export interface RefRow {
  ref: string
  entries: Tally
  /** Blob entries no live readable index references (unknown for a ref the token cannot read). */
  unreferencedBlobs?: Tally
  deleted: Tally
}

export interface ReasonRow {
  verdict: 'keep' | 'delete'
  reason: Reason
  tally: Tally
}

export interface Inventory {
  scopes: ScopeRow[]
  refs: RefRow[]
  reasons: ReasonRow[]
}

const add = (tally: Tally, entry: CacheEntry) => {
  tally.count++
  tally.bytes += entry.sizeInBytes
}
const empty = (): Tally => ({ count: 0, bytes: 0 })

export function inventory(plan: PrunePlan): Inventory {
  const { analysis } = plan
  const readable = new Set(analysis.policy.readableRefs)
  const deleted = new Set(plan.deletions.map((d) => d.entry.id))

  const scopes = new Map<string, ScopeRow>()
  const refs = new Map<string, RefRow>()
  const reasons = new Map<string, ReasonRow>()
  for (const planned of plan.entries) {
    const { entry } = planned
    const reasonKey = `${planned.verdict}\n${planned.reason}`
    const reasonRow = reasons.get(reasonKey) ?? {
      verdict: planned.verdict,
      reason: planned.reason,
      tally: empty(),
    }
    add(reasonRow.tally, entry)
    reasons.set(reasonKey, reasonRow)
    if (planned.kind === 'foreign') continue

    const refRow = refs.get(entry.ref) ?? {
      ref: entry.ref,
      entries: empty(),
      ...(readable.has(entry.ref) ? { unreferencedBlobs: empty() } : {}),
      deleted: empty(),
    }
    add(refRow.entries, entry)
    if (deleted.has(entry.id)) add(refRow.deleted, entry)
    if (
      planned.kind === 'blob' &&
      refRow.unreferencedBlobs &&
      !analysis.referencers.has(entry.id)
    ) {
      add(refRow.unreferencedBlobs, entry)
    }
    refs.set(entry.ref, refRow)

    if (planned.kind !== 'index' || planned.scope === undefined) continue
    const scopeKey = `${entry.ref}\n${planned.scope}`
    const row = scopes.get(scopeKey) ?? {
      ref: entry.ref,
      scope: planned.scope,
      generations: 0,
      liveGenerations: 0,
      read: readable.has(entry.ref) ? 'read' : 'not-readable',
      deleted: empty(),
    }
    row.generations++
    if (isLive(analysis.generation.get(entry.id))) {
      row.liveGenerations++
      const read = analysis.reads.get(entry.id)
      if (row.read === 'read' && (read === undefined || !read.ok)) row.read = 'failed'
    }
    if (deleted.has(entry.id)) add(row.deleted, entry)
    scopes.set(scopeKey, row)
  }

  const liveBlobs = liveBlobsByScope(analysis)
  const scopeRows = [...scopes.entries()].map(([key, row]) => ({
    ...row,
    ...(row.read === 'read' ? { liveBlobs: liveBlobs.get(key) ?? empty() } : {}),
  }))
  const byRef = (a: { ref: string }, b: { ref: string }) => a.ref.localeCompare(b.ref)
  return {
    scopes: scopeRows.sort((a, b) => byRef(a, b) || a.scope.localeCompare(b.scope)),
    refs: [...refs.values()].sort(byRef),
    reasons: [...reasons.values()].sort(
      (a, b) => a.verdict.localeCompare(b.verdict) || b.tally.bytes - a.tally.bytes,
    ),
  }
}

/** Blobs referenced by each scope's live indexes (a blob shared by two scopes counts in both). */
function liveBlobsByScope(analysis: PrunePlan['analysis']): Map<string, Tally> {
  const liveBlobs = new Map<string, Tally>()
  for (const [blobId, indexIds] of analysis.referencers) {
    const blob = analysis.byId.get(blobId)!.entry
    const seen = new Set<string>()
    for (const indexId of indexIds) {
      const index = analysis.byId.get(indexId)!
      const scopeKey = `${index.entry.ref}\n${index.scope}`
      if (seen.has(scopeKey)) continue
      seen.add(scopeKey)
      const tally = liveBlobs.get(scopeKey) ?? empty()
      add(tally, blob)
      liveBlobs.set(scopeKey, tally)
    }
  }

  return liveBlobs
}

/**
 * Scopes that got more than one index generation in `ref` since `since`: two exports to one
 * scope within a run, so one job's index replaced another's (docs/buildkit-gha-format.md §4, last writer
 * wins; matrix jobs sharing a scope).
 */
export function scopeCollisions(
  plan: PrunePlan,
  ref: string,
  since: number,
): { scope: string; generations: number }[] {
  const counts = new Map<string, number>()
  for (const { entry, kind, scope } of plan.entries) {
    if (kind !== 'index' || scope === undefined || entry.ref !== ref || entry.createdAt < since) {
      continue
    }
    counts.set(scope, (counts.get(scope) ?? 0) + 1)
  }
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([scope, generations]) => ({ scope, generations }))
    .sort((a, b) => a.scope.localeCompare(b.scope))
}

/** GitHub's limit on cache entries a repository may create in one minute (429 beyond it). */
export const UPLOADS_PER_MINUTE = 200

/**
 * The most entries created in `ref` since `since` within any one minute: what this job's export
 * asked of the repository's upload rate (UPLOADS_PER_MINUTE), as the listing shows it.
 */
export function peakCreationsPerMinute(plan: PrunePlan, ref: string, since: number): number {
  const times = plan.entries
    .filter(({ entry }) => entry.ref === ref && entry.createdAt >= since)
    .map(({ entry }) => entry.createdAt)
    .sort((a, b) => a - b)
  let peak = 0
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= 60_000) start++
    peak = Math.max(peak, end - start + 1)
  }
  return peak
}
