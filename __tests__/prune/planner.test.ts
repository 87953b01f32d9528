/** Table tests for the pruning planner (src/prune/planner.ts): every entry's verdict and reason. */
import { describe, expect, it } from '@jest/globals'
import { BUILDKIT_CACHE_VERSION, blobKey } from '../../src/buildkit/keys.js'
import type { CacheEntry } from '../../src/github/caches.js'
import { couldReference, liveReadableIndexes } from '../../src/prune/analysis.js'
import { plan, type BudgetOutcome, type PrunePolicy, type Reason } from '../../src/prune/planner.js'
import { MARKER_KEY_PREFIX, MARKER_VERSION, markerKey } from '../../src/prune/marker.js'
import { MOUNT_KEY_PREFIX } from '../../src/cache-mounts/keys.js'
import { OWN_KEY_PREFIXES } from '../../src/prune/request.js'
import {
  DAY,
  FEATURE,
  HOUR,
  LOCAL_PREFIX,
  MAIN,
  MINUTE,
  NOW,
  PR7,
  World,
  digest,
  policy,
} from './world.js'

interface Case {
  name: string
  build: (w: World) => void
  policy?: Partial<PrunePolicy>
  complete?: boolean
  /** The refs whose entries the run listed (default: every ref). */
  listed?: string[]
  /** Whether the run listed the repository's index entries too (the `index-` listing). */
  indexListing?: boolean
  reasons: Record<string, Reason>
  budget?: BudgetOutcome
}

function run(c: Case) {
  const w = new World()
  c.build(w)
  const listed = c.listed
  const p = plan({
    entries: listed ? w.entries.filter((e) => listed.includes(e.ref)) : w.entries,
    ...(c.indexListing
      ? { indexListing: w.entries.filter((e) => e.key.startsWith('index-')) }
      : {}),
    indexes: w.reads,
    policy: policy(c.policy),
    now: NOW,
    complete: c.complete ?? false,
  })
  const reasons = Object.fromEntries(p.entries.map((e) => [w.label(e.entry.id), e.reason] as const))
  return { w, p, reasons }
}

/** A plan on a whole listing of `build`'s world with a target, pull request 7 open. */
function overBudget(
  build: (w: World) => void,
  targetBytes: number,
  overrides: Partial<PrunePolicy> = {},
) {
  return run({
    name: '',
    build,
    complete: true,
    policy: { targetBytes, refStates: new Map([[PR7, 'alive' as const]]), ...overrides },
    reasons: {},
  })
}

const regular: Case[] = [
  {
    name: 'keeps the newest generation and one superseded within grace, deletes older ones',
    build: (w) => {
      w.index('app#1', MAIN, 'app', 1, [], { age: 5 * DAY })
      w.index('app#2', MAIN, 'app', 2, [], { age: 3 * DAY })
      w.index('app#3', MAIN, 'app', 3, [], { age: 30 * MINUTE + HOUR, idle: 2 * HOUR })
      w.index('app#4', MAIN, 'app', 4, [], { age: 30 * MINUTE + HOUR, idle: 2 * HOUR })
      // #4 superseded #3 90 minutes ago; #5 superseded #4 30 minutes ago.
      w.index('app#5', MAIN, 'app', 5, [], { age: 30 * MINUTE })
    },
    reasons: {
      'app#1': 'superseded',
      'app#2': 'superseded',
      'app#3': 'superseded',
      'app#4': 'recently-superseded',
      'app#5': 'within-grace',
    },
  },
  {
    name: 'orders generations by creation, not by number: #10 follows #9, a late #2 is newest',
    build: (w) => {
      w.index('a#9', MAIN, 'a', 9, [], { age: 3 * DAY })
      w.index('a#10', MAIN, 'a', 10, [], { age: 2 * DAY })
      w.index('b#3', MAIN, 'b', 3, [], { age: 3 * DAY })
      w.index('b#2', MAIN, 'b', 2, [], { age: 2 * DAY })
    },
    reasons: {
      'a#9': 'superseded',
      'a#10': 'newest-generation',
      'b#3': 'superseded',
      'b#2': 'newest-generation',
    },
  },
  {
    name: 'keeps the newest of the signed and of the unsigned group: an unsigned prefix matches both',
    build: (w) => {
      w.index('plain#1', MAIN, 'app', 1, [], { age: 4 * DAY })
      w.index('signed#1', MAIN, 'app', 1, [], { age: 3 * DAY }, true)
      w.index('signed#2', MAIN, 'app', 2, [], { age: 2 * DAY }, true)
    },
    reasons: {
      'plain#1': 'newest-generation',
      'signed#1': 'superseded',
      'signed#2': 'newest-generation',
    },
  },
  {
    name: 'keeps blobs live indexes reference, and deletes the rest once orphan-age has passed',
    build: (w) => {
      w.index('old#1', MAIN, 'app', 1, ['a', 'b'], { age: 5 * DAY })
      w.index('cur#2', MAIN, 'app', 2, ['a', 'c'], { age: 4 * DAY })
      w.blob('a', MAIN, 'a', { age: 5 * DAY })
      w.blob('b', MAIN, 'b', { age: 5 * DAY })
      w.blob('c', MAIN, 'c', { age: 4 * DAY })
      w.blob('d-used', MAIN, 'd', { age: 9 * DAY, idle: DAY })
      w.blob('e-new', MAIN, 'e', { age: 20 * MINUTE })
      w.blob('f-touched', MAIN, 'f', { age: 9 * DAY, idle: 10 * MINUTE })
    },
    reasons: {
      'old#1': 'superseded',
      'cur#2': 'newest-generation',
      a: 'referenced',
      b: 'unreferenced',
      c: 'referenced',
      'd-used': 'recently-used',
      'e-new': 'within-grace',
      'f-touched': 'within-grace',
    },
  },
  {
    name: 'keeps the blobs of a generation superseded within grace',
    build: (w) => {
      w.index('prev#1', MAIN, 'app', 1, ['a'], { age: 3 * DAY })
      w.index('cur#2', MAIN, 'app', 2, ['b'], { age: 30 * MINUTE })
      w.blob('a', MAIN, 'a', { age: 3 * DAY })
      w.blob('b', MAIN, 'b', { age: 30 * MINUTE })
    },
    reasons: {
      'prev#1': 'recently-superseded',
      'cur#2': 'within-grace',
      a: 'referenced',
      b: 'within-grace',
    },
  },
  {
    name: 'keeps every blob an index whose read failed could reference, and only those',
    build: (w) => {
      w.index('main', MAIN, 'app', 1, 'failed-read', { age: 3 * DAY })
      w.index('other', FEATURE, 'app', 1, undefined, { age: 3 * DAY })
      w.blob('main-blob', MAIN, 'a', { age: 3 * DAY })
      w.blob('feature-blob', FEATURE, 'b', { age: 3 * DAY })
    },
    policy: { readableRefs: [MAIN, FEATURE], pruneRefs: [MAIN, FEATURE] },
    reasons: {
      main: 'newest-generation',
      other: 'newest-generation',
      'main-blob': 'failed-read-index',
      // The feature index was not read (absent from the reads): as unknown as a failed one.
      'feature-blob': 'failed-read-index',
    },
  },
  {
    name: "never touches somebody else's entries, however old",
    build: (w) => {
      w.other('npm', MAIN, 'node-cache-Linux-npm-abc', 'f'.repeat(64), { age: 60 * DAY })
      w.other(
        'blob-other-version',
        MAIN,
        `buildkit-blob-1-sha256:${'a'.repeat(64)}`,
        '1'.repeat(64),
        {
          age: 60 * DAY,
        },
      )
      w.other('odd-key', MAIN, 'index-without-generation', BUILDKIT_CACHE_VERSION, {
        age: 60 * DAY,
      })
    },
    reasons: { npm: 'foreign', 'blob-other-version': 'foreign', 'odd-key': 'unknown-layout' },
  },
  {
    name: "a dropped pull request's blob that its index within prune-grace may use waits for that index (rule 5)",
    build: (w) => {
      w.index('pr#1', PR7, 'app', 1, undefined, { age: 30 * MINUTE })
      w.blob('pr-used', PR7, 'p', { age: 2 * DAY, idle: 2 * HOUR })
      w.blob('pr-unused', PR7, 'q', { age: 2 * DAY, idle: 2 * DAY })
    },
    policy: { dropRefs: [PR7] },
    indexListing: true,
    reasons: { 'pr#1': 'within-grace', 'pr-used': 'out-of-reach-index', 'pr-unused': 'pr-closed' },
  },
  {
    name: "counts an entry with BuildKit's version on a key it cannot parse as a failed read of its ref (rule 4)",
    build: (w) => {
      w.index('main#1', MAIN, 'app', 1, [], { age: 5 * DAY })
      w.blob('unreferenced', MAIN, 'u', { age: 6 * DAY })
      w.blob('pr-blob', PR7, 'p', { age: 6 * DAY })
      // A newer BuildKit's index key, in a pull request this job cannot read (index listing).
      w.other('future-index', PR7, 'index-app-2-deadbeef#1', BUILDKIT_CACHE_VERSION, {
        age: 3 * DAY,
      })
      w.other('future-marker', PR7, `${MARKER_KEY_PREFIX}9-1-1-AA`, MARKER_VERSION, {
        age: 3 * DAY,
      })
    },
    listed: [MAIN],
    indexListing: true,
    // In a ref this job cannot read, it is judged like an index there, by times (rule 5): the
    // blob was last used three days before it was written.
    reasons: { 'main#1': 'newest-generation', unreferenced: 'unreferenced' },
  },
  {
    name: "counts an entry with BuildKit's version on a key it cannot parse, in a readable ref, as a failed read of it (rule 4)",
    build: (w) => {
      w.index('main#1', MAIN, 'app', 1, [], { age: 5 * DAY })
      w.blob('unreferenced', MAIN, 'u', { age: 6 * DAY })
      w.other('future-index', MAIN, 'index-app-2-deadbeef#1', BUILDKIT_CACHE_VERSION, {
        age: 3 * DAY,
      })
    },
    listed: [MAIN],
    indexListing: true,
    reasons: {
      'main#1': 'newest-generation',
      unreferenced: 'failed-read-index',
      'future-index': 'unknown-layout',
    },
  },
  {
    name: "one entry freezes all blob pruning: a fork's key this code cannot parse keeps only what times say it may use (rules 4, 5)",
    build: (w) => {
      w.index('main#1', MAIN, 'app', 1, ['l'], { age: 5 * DAY })
      w.blob('live', MAIN, 'l', { age: 5 * DAY })
      w.blob('old', MAIN, 'o', { age: 6 * DAY })
      // In use when the fork's entry was written: it may have used it.
      w.blob('near', MAIN, 'n', { age: 6 * DAY, idle: 2 * DAY + 10 * MINUTE })
      w.other('index-x', PR7, 'index-x', BUILDKIT_CACHE_VERSION, { age: 2 * DAY })
    },
    policy: { readableRefs: [MAIN], pruneRefs: [MAIN] },
    indexListing: true,
    reasons: {
      'main#1': 'newest-generation',
      live: 'referenced',
      old: 'unreferenced',
      near: 'other-ref-index',
      'index-x': 'unknown-layout',
    },
  },
  {
    name: "a closed pull request's entries go with it, whatever their keys, except what was used within prune-grace",
    build: (w) => {
      w.index('main#1', MAIN, 'app', 1, [], { age: 5 * DAY })
      w.other('index-x', PR7, 'index-x', BUILDKIT_CACHE_VERSION, { age: 2 * DAY })
      w.other('index-y', PR7, 'index-y', BUILDKIT_CACHE_VERSION, { age: 10 * MINUTE })
      w.blob('pr-blob', PR7, 'p', { age: 6 * DAY })
      w.other('npm', PR7, 'npm-cache', 'f'.repeat(64), { age: 6 * DAY })
    },
    policy: { readableRefs: [PR7, MAIN], pruneRefs: [], dropRefs: [PR7] },
    listed: [PR7],
    reasons: {
      'index-x': 'pr-closed',
      'index-y': 'unknown-layout',
      // What the entry within prune-grace may reference stays with it.
      'pr-blob': 'failed-read-index',
      npm: 'foreign',
    },
  },
  {
    name: 'leaves refs outside the run alone, except to count references from readable ones',
    build: (w) => {
      w.index('f#1', FEATURE, 'app', 1, ['m', 'f'], { age: 5 * DAY })
      w.index('f#2', FEATURE, 'app', 2, ['m', 'g'], { age: 4 * DAY })
      w.blob('m', MAIN, 'm', { age: 6 * DAY })
      w.blob('f', FEATURE, 'f', { age: 5 * DAY })
      w.blob('g', FEATURE, 'g', { age: 4 * DAY })
      w.index('main#1', MAIN, 'app', 1, [], { age: 5 * DAY })
      w.index('main#2', MAIN, 'app', 2, [], { age: 4 * DAY })
      w.blob('main-only', MAIN, 'x', { age: 6 * DAY })
    },
    // A post step on the feature branch: reads feature and main, prunes feature.
    policy: { readableRefs: [FEATURE, MAIN], pruneRefs: [FEATURE] },
    reasons: {
      'f#1': 'superseded',
      'f#2': 'newest-generation',
      // Main's blob is needed by the feature index: kept, though main is not pruned here.
      m: 'referenced',
      f: 'unreferenced',
      g: 'referenced',
      'main#1': 'not-pruned-here',
      'main#2': 'newest-generation',
      'main-only': 'not-pruned-here',
    },
  },
  {
    name: "relies on orphan-age for blobs of the default branch that other refs' indexes may use",
    build: (w) => {
      w.index('main#1', MAIN, 'app', 1, ['a'], { age: 5 * DAY })
      w.index('feature#1', FEATURE, 'app', 1, ['a', 'b', 'c'], { age: 5 * DAY })
      w.blob('a', MAIN, 'a', { age: 5 * DAY })
      w.blob('b-used', MAIN, 'b', { age: 5 * DAY, idle: 3 * HOUR })
      w.blob('c-idle', MAIN, 'c', { age: 5 * DAY, idle: 3 * DAY })
    },
    policy: { readableRefs: [MAIN], pruneRefs: [MAIN] },
    reasons: {
      'main#1': 'newest-generation',
      'feature#1': 'newest-generation',
      a: 'referenced',
      'b-used': 'recently-used',
      'c-idle': 'unreferenced',
    },
  },
  {
    name: 'drops a closed pull request, except what was used within grace and what that still needs',
    build: (w) => {
      w.index('pr#1', PR7, 'app', 1, ['p', 'q'], { age: 3 * DAY })
      w.index('pr#2', PR7, 'app', 2, ['q', 'r'], { age: 20 * MINUTE })
      w.blob('p', PR7, 'p', { age: 3 * DAY })
      w.blob('q', PR7, 'q', { age: 3 * DAY })
      w.blob('r', PR7, 'r', { age: 20 * MINUTE })
      w.other('npm', PR7, 'npm-cache', 'f'.repeat(64), { age: 3 * DAY })
      w.other('local', PR7, `${LOCAL_PREFIX}x`, 'f'.repeat(64), { age: 3 * DAY })
      w.index('main#1', MAIN, 'app', 1, [], { age: 3 * DAY })
    },
    policy: { readableRefs: [PR7, MAIN], pruneRefs: [], dropRefs: [PR7] },
    reasons: {
      'pr#1': 'recently-superseded',
      'pr#2': 'within-grace',
      p: 'referenced',
      q: 'referenced',
      r: 'within-grace',
      npm: 'foreign',
      local: 'pr-closed',
      'main#1': 'newest-generation',
    },
  },
  {
    name: 'drops everything of a closed pull request that nobody used within grace',
    build: (w) => {
      w.index('pr#1', PR7, 'app', 1, undefined, { age: 3 * DAY })
      w.index('pr#2', PR7, 'app', 2, undefined, { age: 2 * DAY })
      w.blob('p', PR7, 'p', { age: 3 * DAY })
      w.blob('recent', PR7, 'q', { age: 3 * DAY, idle: 5 * MINUTE })
    },
    // The scheduled run on main cannot read the pull request's indexes.
    policy: { readableRefs: [MAIN], pruneRefs: [MAIN], dropRefs: [PR7] },
    reasons: { 'pr#1': 'pr-closed', 'pr#2': 'pr-closed', p: 'pr-closed', recent: 'within-grace' },
  },
  {
    name: 'leaves our type=local entries to their own step; keeps the signature blob of a signed index',
    build: (w) => {
      w.other('local', MAIN, `${LOCAL_PREFIX}main-1`, 'f'.repeat(64), { age: 30 * DAY })
      w.index('signed', MAIN, 'app', 1, ['a', 'sig'], { age: 3 * DAY }, true)
      w.blob('a', MAIN, 'a', { age: 3 * DAY })
      w.blob('sig', MAIN, 'sig', { age: 3 * DAY })
    },
    reasons: {
      local: 'local-entry',
      signed: 'newest-generation',
      a: 'referenced',
      sig: 'referenced',
    },
  },
  {
    name: 'treats timestamps in the future (a skewed clock) as within grace',
    build: (w) => {
      w.index('old', MAIN, 'app', 1, [], { age: 3 * DAY })
      w.index('future', MAIN, 'app', 2, [], { age: -10 * MINUTE })
      w.blob('future-blob', MAIN, 'z', { age: -10 * MINUTE })
    },
    reasons: { old: 'recently-superseded', future: 'within-grace', 'future-blob': 'within-grace' },
  },
]

describe('plan: the regular pass (rules 1, 2, 4, 8)', () => {
  it.each(regular.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { p, reasons } = run(c)
    expect(reasons).toEqual(c.reasons)
    expect(p.budget).toBe('not-checked')
    for (const e of p.entries) {
      expect(e.verdict).toBe(
        ['superseded', 'unreferenced', 'pr-closed'].includes(e.reason) ? 'delete' : 'keep',
      )
    }
  })
})

/**
 * The post step on main: its indexes read, a pull request's index (written 10 hours ago) known
 * only from the index listing, and unreferenced blobs of main used at various times around it.
 */
function evidenceWorld(w: World) {
  w.index('main#1', MAIN, 'app', 1, ['live'], { age: 5 * DAY, idle: 2 * HOUR })
  w.blob('live', MAIN, 'live', { age: 5 * DAY, idle: 2 * HOUR })
  w.index('pr#1', PR7, 'app', 1, undefined, { age: 10 * HOUR })
  w.blob('looked-up', MAIN, 'l', { age: 3 * DAY, idle: 10 * HOUR + 30 * MINUTE })
  w.blob('at-window', MAIN, 'w', { age: 3 * DAY, idle: 11 * HOUR })
  w.blob('used-since', MAIN, 'u', { age: 3 * DAY, idle: 4 * HOUR })
  w.blob('uploaded-with', MAIN, 'c', { age: 10 * HOUR })
  w.blob('idle-before', MAIN, 'i', { age: 3 * DAY, idle: 11 * HOUR + MINUTE })
  w.blob('created-after', MAIN, 'n', { age: 10 * HOUR - MINUTE })
  w.blob('beyond-orphan-age', MAIN, 'o', { age: 5 * DAY, idle: 3 * DAY })
}

/** What orphan-age alone keeps of evidenceWorld: every unreferenced blob used within it. */
const withoutEvidence: Record<string, Reason> = {
  'main#1': 'newest-generation',
  live: 'referenced',
  'looked-up': 'recently-used',
  'at-window': 'recently-used',
  'used-since': 'recently-used',
  'uploaded-with': 'recently-used',
  'idle-before': 'recently-used',
  'created-after': 'recently-used',
  'beyond-orphan-age': 'unreferenced',
}

const evidence: Case[] = [
  {
    name: 'keeps an unreferenced blob for orphan-age only if an index it cannot read was written while the blob was in use',
    build: evidenceWorld,
    listed: [MAIN],
    indexListing: true,
    reasons: {
      'main#1': 'newest-generation',
      live: 'referenced',
      // Used within prune-grace (the longest export) before the index was written, or since.
      'looked-up': 'other-ref-index',
      'at-window': 'other-ref-index',
      'used-since': 'other-ref-index',
      'uploaded-with': 'other-ref-index',
      // Last used more than an export before the index was written, or created after it.
      'idle-before': 'unreferenced',
      'created-after': 'unreferenced',
      'beyond-orphan-age': 'unreferenced',
    },
  },
  {
    name: 'without the index listing, orphan-age keeps every unreferenced blob',
    build: evidenceWorld,
    listed: [MAIN],
    reasons: withoutEvidence,
  },
  {
    name: "when exports skip their lookups (ghtoken), a blob's last use proves nothing: an index may use every blob older than it (rule 5)",
    build: evidenceWorld,
    listed: [MAIN],
    indexListing: true,
    policy: { exportsLookUpLayers: false },
    reasons: {
      'main#1': 'newest-generation',
      live: 'referenced',
      'looked-up': 'other-ref-index',
      'at-window': 'other-ref-index',
      'used-since': 'other-ref-index',
      'uploaded-with': 'other-ref-index',
      'idle-before': 'other-ref-index',
      'beyond-orphan-age': 'other-ref-index',
      'created-after': 'unreferenced',
    },
  },
  {
    name: 'keeps what an idle live index of another ref may use for as long as it lives, orphan-age or not (rule 5)',
    build: (w) => {
      w.index('main#1', MAIN, 'app', 1, ['live'], { age: 9 * DAY, idle: 2 * HOUR })
      w.blob('live', MAIN, 'live', { age: 9 * DAY, idle: 2 * HOUR })
      // Written six days ago and not used since (GitHub drops it after seven): still live.
      w.index('pr#1', PR7, 'app', 1, undefined, { age: 6 * DAY, idle: 6 * DAY })
      w.blob('old-deps', MAIN, 'd1', { age: 8 * DAY, idle: 6 * DAY + 10 * MINUTE })
      w.blob('before-it', MAIN, 'd0', { age: 8 * DAY, idle: 6 * DAY + 2 * HOUR })
    },
    listed: [MAIN],
    indexListing: true,
    policy: { orphanAgeMs: 2 * DAY },
    reasons: {
      'main#1': 'newest-generation',
      live: 'referenced',
      'old-deps': 'other-ref-index',
      'before-it': 'unreferenced',
    },
  },
  {
    name: 'counts only live indexes: newest generations, and those superseded within grace',
    build: (w) => {
      w.index('pr7#1', PR7, 'app', 1, undefined, { age: 20 * HOUR })
      w.index('pr7#2', PR7, 'app', 2, undefined, { age: 3 * HOUR })
      w.index('pr8#1', 'refs/pull/8/merge', 'app', 1, undefined, { age: 6 * HOUR })
      w.index('pr8#2', 'refs/pull/8/merge', 'app', 2, undefined, { age: 30 * MINUTE })
      w.blob('near-superseded', MAIN, 'a', { age: 3 * DAY, idle: 20 * HOUR })
      w.blob('near-newest', MAIN, 'b', { age: 3 * DAY, idle: 3 * HOUR })
      w.blob('near-recently-superseded', MAIN, 'c', { age: 3 * DAY, idle: 6 * HOUR })
    },
    listed: [MAIN],
    indexListing: true,
    reasons: {
      'near-superseded': 'unreferenced',
      'near-newest': 'other-ref-index',
      'near-recently-superseded': 'other-ref-index',
    },
  },
  {
    name: "a pull request's ref is read by nothing else: its unreferenced blobs go once outside grace",
    build: (w) => {
      w.index('pr#1', PR7, 'app', 1, ['p1'], { age: 5 * HOUR })
      w.index('pr#2', PR7, 'app', 2, ['p2'], { age: 2 * HOUR })
      w.blob('p1', PR7, 'p1', { age: 5 * HOUR })
      w.blob('p2', PR7, 'p2', { age: 2 * HOUR })
      w.blob('used-lately', PR7, 'p3', { age: 2 * DAY, idle: 90 * MINUTE })
      w.blob('in-grace', PR7, 'p4', { age: 2 * DAY, idle: 30 * MINUTE })
    },
    policy: { readableRefs: [PR7, MAIN], pruneRefs: [PR7] },
    listed: [PR7],
    reasons: {
      'pr#1': 'superseded',
      'pr#2': 'newest-generation',
      p1: 'unreferenced',
      p2: 'referenced',
      'used-lately': 'unreferenced',
      'in-grace': 'within-grace',
    },
  },
  {
    name: "a branch's blobs are read by pull requests, not by the default branch",
    build: (w) => {
      w.index('f#1', FEATURE, 'app', 1, [], { age: 2 * DAY })
      // Readable (and unable to read the branch): not evidence of anything.
      w.index('main#1', MAIN, 'app', 1, undefined, { age: 10 * HOUR })
      w.index('pr#1', PR7, 'app', 1, undefined, { age: 20 * HOUR })
      w.blob('near-pr', FEATURE, 'a', { age: 3 * DAY, idle: 20 * HOUR })
      w.blob('near-main', FEATURE, 'b', { age: 10 * HOUR })
    },
    policy: { readableRefs: [FEATURE, MAIN], pruneRefs: [FEATURE] },
    listed: [FEATURE],
    indexListing: true,
    reasons: {
      'f#1': 'newest-generation',
      'near-pr': 'other-ref-index',
      'near-main': 'unreferenced',
    },
  },
]

describe('plan: what live indexes of other refs may use, from markers and times (rules 5, 6)', () => {
  it.each(evidence.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { p, reasons } = run(c)
    expect(reasons).toEqual(c.reasons)
    expect(p.budget).toBe('not-checked')
  })

  it('a whole listing holds the indexes it cannot read itself', () => {
    const { p, reasons } = run({
      name: '',
      build: evidenceWorld,
      complete: true,
      policy: { targetBytes: 1e9 },
      reasons: {},
    })
    expect(p.budget).toBe('under-target')
    expect(reasons['pr#1']).toBe('newest-generation')
    expect(reasons['looked-up']).toBe('other-ref-index')
    expect(reasons['idle-before']).toBe('unreferenced')
    expect(reasons['created-after']).toBe('unreferenced')
  })
})

/**
 * A repository for the budget: main (default, protected) with a live and a superseded
 * generation, a closed PR, a deleted branch, an open feature branch and an old one, and
 * somebody else's entry. Sizes make each step's effect visible.
 */
function budgetWorld(w: World) {
  w.index('main#1', MAIN, 'app', 1, ['m1'], { age: 9 * DAY, size: 10 })
  w.index('main#2', MAIN, 'app', 2, ['m1', 'm2'], { age: 8 * DAY, idle: 5 * HOUR, size: 10 })
  w.blob('m1', MAIN, 'm1', { age: 9 * DAY, idle: 5 * HOUR, size: 1000 })
  w.blob('m2', MAIN, 'm2', { age: 8 * DAY, idle: 5 * HOUR, size: 1000 })
  w.blob('m-orphan', MAIN, 'm3', { age: 9 * DAY, idle: 20 * HOUR, size: 500 })
  w.index('pr#1', PR7, 'app', 1, undefined, { age: 6 * DAY, idle: 6 * DAY, size: 10 })
  w.blob('pr-blob', PR7, 'p1', { age: 6 * DAY, idle: 3 * HOUR, size: 1000 })
  w.index('gone#1', 'refs/heads/gone', 'app', 1, undefined, { age: 5 * DAY, size: 10 })
  w.blob('gone-blob', 'refs/heads/gone', 'g1', { age: 5 * DAY, idle: 4 * HOUR, size: 1000 })
  w.index('old#1', 'refs/heads/old', 'app', 1, undefined, { age: 7 * DAY, size: 10 })
  w.index('old#2', 'refs/heads/old', 'app', 2, undefined, {
    age: 6 * DAY,
    idle: 10 * HOUR,
    size: 10,
  })
  w.blob('old-blob', 'refs/heads/old', 'o1', { age: 7 * DAY, idle: 10 * HOUR, size: 1000 })
  w.index('new#1', FEATURE, 'app', 1, undefined, { age: 2 * DAY, idle: 2 * HOUR, size: 10 })
  w.blob('new-blob', FEATURE, 'n1', { age: 2 * DAY, idle: 2 * HOUR, size: 1000 })
  w.other('npm', MAIN, 'npm-cache', 'f'.repeat(64), { age: 30 * DAY, size: 1000 })
}
const states = new Map([
  [PR7, 'closed-pr' as const],
  ['refs/heads/gone', 'deleted-branch' as const],
  ['refs/heads/old', 'alive' as const],
  [FEATURE, 'alive' as const],
])

describe('plan: the budget (rule 9)', () => {
  function budget(targetBytes: number, overrides: Partial<PrunePolicy> = {}) {
    return run({
      name: '',
      build: budgetWorld,
      complete: true,
      policy: { targetBytes, refStates: states, pruneRefs: [], ...overrides },
      reasons: {},
    })
  }
  const total = (() => {
    const w = new World()
    budgetWorld(w)
    return w.entries.reduce((s, e) => s + e.sizeInBytes, 0)
  })()
  const deleted = (p: ReturnType<typeof budget>) =>
    Object.fromEntries(
      Object.entries(p.reasons).filter(
        ([, r]) =>
          ['superseded', 'unreferenced', 'pr-closed'].includes(r) || r.startsWith('budget-'),
      ),
    )

  it('does nothing beyond the regular pass under the target', () => {
    const r = budget(total)
    expect(r.p.budget).toBe('under-target')
    expect(deleted(r)).toEqual({})
    expect(r.p.usageBeforeBytes).toBe(total)
    expect(r.p.usageAfterBytes).toBe(total)
    expect(r.p.unknownRefStates).toEqual([])
  })

  it('does not enforce the budget on a partial listing', () => {
    const r = run({
      name: '',
      build: budgetWorld,
      complete: false,
      policy: { targetBytes: 0, refStates: states, pruneRefs: [] },
      reasons: {},
    })
    expect(r.p.budget).toBe('not-checked')
    expect(deleted(r)).toEqual({})
  })

  it('takes closed pull requests first and stops once under the target', () => {
    const r = budget(total - 1)
    expect(r.p.budget).toBe('met')
    // Indexes before blobs; the index alone (10 bytes) brings usage under the target.
    expect(deleted(r)).toEqual({ 'pr#1': 'budget-closed-pr' })
    expect(r.p.usageAfterBytes).toBe(total - 10)
  })

  it('goes on to deleted branches, superseded generations, unreferenced blobs, then LRU groups', () => {
    const r = budget(total - 1010 - 1010 - 20 - 500 - 1)
    expect(r.p.budget).toBe('met')
    expect(deleted(r)).toEqual({
      'pr#1': 'budget-closed-pr',
      'pr-blob': 'budget-closed-pr',
      'gone#1': 'budget-deleted-branch',
      'gone-blob': 'budget-deleted-branch',
      'main#1': 'budget-superseded',
      'old#1': 'budget-superseded',
      // m-orphan stays: the feature branch's live index may use it (rule 5). The least recently
      // used group goes instead: the old branch, whole.
      'old#2': 'budget-lru-group',
      'old-blob': 'budget-lru-group',
    })
    expect(r.reasons['m-orphan']).toBe('not-pruned-here')
    // The blob of an evicted ref this job cannot read waits for the indexes that times say may
    // use it: its ref's, and the closed pull request's (which reads any branch).
    const oldBlob = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'old-blob')
    expect(oldBlob?.after).toEqual([r.w.id('pr#1'), r.w.id('old#2')])
  })

  it('a blob that a live index of another ref may use goes only with that index, after it (rule 5)', () => {
    const r = budget(total - 1010 - 1010 - 20 - 1010 - 500 - 1)
    expect(r.p.budget).toBe('met')
    expect(deleted(r)).toMatchObject({
      'new#1': 'budget-lru-group',
      'm-orphan': 'budget-lru-group',
    })
    // It waits for every deleted index that may use it: the feature branch's, and those the
    // budget's earlier steps took.
    const orphan = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'm-orphan')
    expect(orphan?.after.map((id) => r.w.label(id))).toEqual(['pr#1', 'gone#1', 'old#2', 'new#1'])
  })

  it('usage well above cache-limit means a raised limit: garbage goes, no live group of another ref', () => {
    const r = budget(0, { limitBytes: Math.floor(total / 1.2) })
    expect(r.p.limitRaised).toBe(true)
    expect(r.p.budget).toBe('not-met')
    expect(Object.values(deleted(r))).not.toContain('budget-lru-group')
    expect(deleted(r)).toMatchObject({ 'pr#1': 'budget-closed-pr', 'main#1': 'budget-superseded' })
    expect(r.reasons['new#1']).toBe('newest-generation')
    // Just above the limit (within an hour's exports) is no evidence: groups go as usual.
    const near = budget(0, { limitBytes: Math.floor(total / 1.05) })
    expect(near.p.limitRaised).toBeUndefined()
    expect(Object.values(deleted(near))).toContain('budget-lru-group')
  })

  it("keeps the default branch's live set under any pressure while protected", () => {
    const r = budget(0)
    expect(r.p.budget).toBe('not-met')
    expect(r.reasons['main#2']).toBe('newest-generation')
    expect(r.reasons.m1).toBe('referenced')
    expect(r.reasons.m2).toBe('referenced')
    expect(r.reasons.npm).toBe('foreign')
    // The feature branch was used 2 hours ago: outside grace, so evicted too.
    expect(r.reasons['new#1']).toBe('budget-lru-group')
    expect(r.p.usageAfterBytes).toBe(10 + 1000 + 1000 + 1000)
  })

  it('evicts the default branch last-used-first when protection is off, index before blobs', () => {
    const r = budget(0, { protectDefaultBranch: false })
    expect(r.p.budget).toBe('not-met') // somebody else's entry still counts
    expect(r.reasons['main#2']).toBe('budget-lru-group')
    expect(r.reasons.m1).toBe('budget-lru-group')
    const m1 = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'm1')
    // The index that references it, and those of other refs that times say may use it (written
    // while it was in use), deleted before it.
    expect(m1?.after.map((id) => r.w.label(id))).toEqual(
      ['pr#1', 'gone#1', 'old#2', 'new#1', 'main#2'].sort((a, b) => r.w.id(a) - r.w.id(b)),
    )
    const order = r.p.deletions.map((d) => r.w.label(d.entry.id))
    expect(order.indexOf('main#2')).toBeLessThan(order.indexOf('m1'))
    expect(r.p.usageAfterBytes).toBe(1000)
  })

  it('skips a group with anything used within grace, so no chain is left half-evicted', () => {
    const r = run({
      name: '',
      build: (w) => {
        w.index('f#1', FEATURE, 'app', 1, undefined, { age: 5 * DAY, idle: 30 * MINUTE })
        w.blob('f-blob', FEATURE, 'f', { age: 5 * DAY })
        w.index('o#1', 'refs/heads/old', 'app', 1, undefined, { age: 5 * DAY })
        w.blob('o-blob', 'refs/heads/old', 'o', { age: 5 * DAY })
      },
      complete: true,
      policy: { targetBytes: 0, pruneRefs: [] },
      reasons: {},
    })
    expect(r.reasons).toEqual({
      'f#1': 'within-grace',
      'f-blob': 'not-pruned-here',
      'o#1': 'budget-lru-group',
      'o-blob': 'budget-lru-group',
    })
  })

  it.each([
    // a-blob read by a later job (accessed 3 days after it was written): group b goes first,
    // although group a was used longer ago.
    ['b, never read since written, before a, imported again', 2 * DAY, 'b'],
    // Neither group read again: least recently used first.
    ['a, least recently used, when neither was read again', 5 * DAY, 'a'],
  ])('evicts groups never read again before groups imported again: %s', (_, aIdle, evicted) => {
    const A = 'refs/heads/a'
    const B = 'refs/heads/b'
    const r = run({
      name: '',
      build: (w) => {
        w.index('a#1', A, 'app', 1, ['a'], { age: 5 * DAY, idle: 2 * DAY })
        w.blob('a-blob', A, 'a', { age: 5 * DAY, idle: aIdle })
        w.index('b#1', B, 'app', 1, ['b'], { age: DAY })
        w.blob('b-blob', B, 'b', { age: DAY })
      },
      complete: true,
      // One group (102 bytes) brings the 204 bytes under the target.
      policy: { targetBytes: 150, readableRefs: [MAIN, A, B], pruneRefs: [A, B] },
      reasons: {},
    })
    const kept = evicted === 'a' ? 'b' : 'a'
    expect(r.reasons).toMatchObject({
      [`${evicted}#1`]: 'budget-lru-group',
      [`${evicted}-blob`]: 'budget-lru-group',
      [`${kept}#1`]: 'newest-generation',
      [`${kept}-blob`]: 'referenced',
    })
    expect(r.p.budget).toBe('met')
  })

  it('asks for the states of pull request and branch refs when over the target', () => {
    const r = budget(total - 1, { refStates: new Map() })
    expect(r.p.unknownRefStates).toEqual([PR7, FEATURE, 'refs/heads/gone', 'refs/heads/old'].sort())
    // Without states, closed PRs and deleted branches are not known: the budget moves on.
    expect(r.reasons['pr#1']).toBe('newest-generation')
    expect(r.reasons['pr-blob']).toBe('not-pruned-here')
    expect(r.reasons['main#1']).toBe('budget-superseded')
  })
})

describe('plan: the budget judges blobs in refs it cannot read from times (rules 5, 9)', () => {
  // The post step on main over its target: a live pull request it cannot read holds a blob only
  // its superseded generation could have used.
  function world(w: World) {
    w.index('main#1', MAIN, 'app', 1, ['m'], { age: 3 * DAY, idle: 2 * HOUR, size: 10 })
    w.blob('m', MAIN, 'm', { age: 3 * DAY, idle: 2 * HOUR, size: 1000 })
    w.blob('m-near-pr', MAIN, 'n', { age: 3 * DAY, idle: 10 * HOUR + 30 * MINUTE, size: 500 })
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 3 * DAY, size: 10 })
    w.index('pr#2', PR7, 'app', 2, undefined, { age: 10 * HOUR, size: 10 })
    w.blob('pr-old', PR7, 'p1', { age: 3 * DAY, size: 1000 })
    w.blob('pr-live', PR7, 'p2', { age: 3 * DAY, idle: 10 * HOUR, size: 1000 })
  }
  const total = 10 + 1000 + 500 + 10 + 10 + 1000 + 1000
  const budget = (targetBytes: number, overrides: Partial<PrunePolicy> = {}) =>
    overBudget(world, targetBytes, overrides).reasons

  it('deletes what no live index could have used; what one may use goes only with its group', () => {
    expect(budget(total - 1010)).toEqual({
      'main#1': 'newest-generation',
      m: 'referenced',
      'm-near-pr': 'other-ref-index',
      'pr#1': 'budget-superseded',
      'pr#2': 'newest-generation',
      'pr-old': 'budget-unreferenced',
      'pr-live': 'not-pruned-here',
    })
    expect(budget(total - 1510)).toMatchObject({
      'pr-old': 'budget-unreferenced',
      'pr#2': 'budget-lru-group',
      'pr-live': 'budget-lru-group',
      'm-near-pr': 'budget-lru-group',
    })
  })

  it('without lookups to date them, an index may use every older blob: they go with its group', () => {
    expect(budget(total - 1010, { exportsLookUpLayers: false })).toEqual({
      'main#1': 'newest-generation',
      m: 'referenced',
      'm-near-pr': 'budget-lru-group',
      'pr#1': 'budget-superseded',
      'pr#2': 'budget-lru-group',
      'pr-old': 'budget-lru-group',
      'pr-live': 'budget-lru-group',
    })
  })
})

describe('plan: the budget takes copies before live groups (rules 7, 9)', () => {
  function world(w: World) {
    w.index('main#1', MAIN, 'app', 1, ['k'], { age: 2 * DAY, idle: 3 * HOUR, size: 10 })
    w.blob('k-main', MAIN, 'k', { age: 2 * DAY, idle: 3 * HOUR, size: 1000 })
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 10 * HOUR, size: 10 })
    // The pull request built the layer before main did: its own copy of main's key.
    w.blob('k-pr', PR7, 'k', { age: 3 * DAY, idle: 10 * HOUR, size: 1000 })
    w.blob('p', PR7, 'p', { age: 10 * HOUR, size: 1000 })
  }
  const total = 10 + 1000 + 10 + 1000 + 1000
  const budget = (overrides: Partial<PrunePolicy> = {}) =>
    overBudget(world, total - 1000, overrides).reasons

  it("deletes a pull request's copy of a blob the default branch keeps for a live index", () => {
    expect(budget()).toEqual({
      'main#1': 'newest-generation',
      'k-main': 'referenced',
      'pr#1': 'newest-generation',
      'k-pr': 'budget-copy',
      p: 'not-pruned-here',
    })
  })

  it('not when the default branch may lose its own copy to the budget', () => {
    expect(budget({ protectDefaultBranch: false })).toMatchObject({
      'k-main': 'referenced',
      'pr#1': 'budget-lru-group',
      'k-pr': 'budget-lru-group',
      p: 'budget-lru-group',
    })
  })
})

describe("plan: a pull request's copy of a layer the default branch keeps (rule 7)", () => {
  // The post step on main (it reads main only) judges a pull request's ref from times: the pull
  // request built layer k before main did, then built again once main had it.
  function world(w: World, t: { main?: number; indexes?: string[] } = {}) {
    w.index('main#1', MAIN, 'app', 1, t.indexes ?? ['k'], { age: 2 * HOUR })
    w.blob('k-main', MAIN, 'k', { age: t.main ?? 20 * HOUR, idle: 2 * HOUR })
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 30 * HOUR })
    w.index('pr#2', PR7, 'app', 2, undefined, { age: 10 * HOUR })
    w.blob('k-pr', PR7, 'k', { age: 30 * HOUR, idle: 10 * HOUR })
    w.blob('p', PR7, 'p', { age: 10 * HOUR })
  }
  const reasons = (
    t: Parameters<typeof world>[1] = {},
    overrides: Partial<PrunePolicy> = {},
    extra: (w: World) => void = () => {},
    complete = false,
  ) =>
    run({
      name: '',
      build: (w) => {
        world(w, t)
        extra(w)
      },
      complete,
      indexListing: true,
      policy: { evidenceRefs: [PR7], ...overrides },
      reasons: {},
    })

  it('deletes it, looking the key up first, when every live index that may use it was written after main had the layer', () => {
    const { p, reasons: r } = reasons()
    expect(r).toEqual({
      'main#1': 'newest-generation',
      'k-main': 'referenced',
      'pr#1': 'superseded',
      'pr#2': 'newest-generation',
      'k-pr': 'copy',
      p: 'out-of-reach-index',
    })
    const copy = p.deletions.find((d) => d.reason === 'copy')!
    expect(copy.lookUpFirst).toBe(true)
    expect(p.deletions.filter((d) => d.lookUpFirst).map((d) => d.reason)).toEqual(['copy'])
  })

  it.each<[string, Parameters<typeof reasons>]>([
    // pr#2 was written before main had the layer: only its own copy's last use dates it.
    ['main built the layer after the live index was written', [{ main: 5 * HOUR }]],
    ["main's live index does not use it (nothing keeps main's copy)", [{ indexes: [] }]],
    // A job on a branch reads the branch first: its lookup would not find main's entry.
    [
      'the job reads another ref than the default branch',
      [{}, { readableRefs: [FEATURE, MAIN], pruneRefs: [FEATURE] }],
    ],
    // Written within grace of the copy's last use and before main had the layer.
    [
      "a live index superseded within grace predates main's copy",
      [
        { main: 5 * HOUR },
        {},
        (w) => w.index('pr#3', PR7, 'app', 3, undefined, { age: 30 * MINUTE }),
      ],
    ],
  ])('keeps it when %s', (_, args) => {
    expect(reasons(...args).reasons['k-pr']).toBe('out-of-reach-index')
  })

  it.each<[string, number, Reason]>([
    ['deletes', 5 * HOUR, 'copy'],
    ['keeps', 12 * HOUR, 'out-of-reach-index'],
  ])(
    "%s a branch's copy when a pull request that may read it was written %d ms ago (main's copy 10 hours ago)",
    (_, prAge, reason) => {
      const { reasons: r } = run({
        name: '',
        build: (w) => {
          w.index('main#1', MAIN, 'app', 1, ['k'], { age: 2 * HOUR })
          w.blob('k-main', MAIN, 'k', { age: 10 * HOUR, idle: 2 * HOUR })
          w.index('f#1', FEATURE, 'app', 1, undefined, { age: 30 * HOUR })
          w.index('f#2', FEATURE, 'app', 2, undefined, { age: 8 * HOUR })
          // The branch's export found it 8 hours ago, a pull request on the branch later.
          w.blob('k-f', FEATURE, 'k', { age: 30 * HOUR, idle: Math.min(prAge, 8 * HOUR) })
          w.index('pr#1', PR7, 'app', 1, undefined, { age: prAge })
        },
        indexListing: true,
        policy: { evidenceRefs: [FEATURE] },
        reasons: {},
      })
      expect(r['k-f']).toBe(reason)
    },
  )

  it.each<[string, boolean, Reason]>([
    ['deletes', false, 'copy'],
    ['keeps', true, 'out-of-reach-index'],
  ])(
    "a pull request's job on a whole listing %s another pull request's copy (its own ref holds the key: %s)",
    (_, ownCopy, reason) => {
      const PR8 = 'refs/pull/8/merge'
      const r = reasons(
        {},
        { readableRefs: [PR8, MAIN], pruneRefs: [PR8], targetBytes: 1e9 },
        (w) => {
          if (ownCopy) w.blob('k-pr8', PR8, 'k', { age: 5 * HOUR })
        },
        true,
      )
      expect(r.reasons['k-pr']).toBe(reason)
    },
  )

  it('keeps it while used within grace', () => {
    const { reasons: r } = reasons({}, {}, (w) => {
      w.labels.get('k-pr')!.lastAccessedAt = NOW - 20 * MINUTE
    })
    expect(r['k-pr']).toBe('within-grace')
  })
})

describe('plan: groups in a ref the job cannot read, told apart by times (rules 5, 9)', () => {
  function world(w: World) {
    w.index('a#1', PR7, 'a', 1, undefined, { age: 3 * DAY, size: 10 })
    w.blob('only-a', PR7, 'oa', { age: 3 * DAY, size: 1000 })
    w.index('b#1', PR7, 'b', 1, undefined, { age: 10 * HOUR, size: 10 })
    w.blob('only-b', PR7, 'ob', { age: 10 * HOUR, size: 1000 })
    // In use when both were written.
    w.blob('shared', PR7, 's', { age: 3 * DAY, idle: 10 * HOUR, size: 1000 })
  }
  const total = 10 + 1000 + 10 + 1000 + 1000
  const budget = (targetBytes: number, overrides: Partial<PrunePolicy> = {}) =>
    overBudget(world, targetBytes, overrides)

  it('evicts the older scope with the blobs only it may use; what the other may use stays', () => {
    const r = budget(total - 1010)
    expect(r.reasons).toEqual({
      'a#1': 'budget-lru-group',
      'only-a': 'budget-lru-group',
      'b#1': 'newest-generation',
      'only-b': 'not-pruned-here',
      shared: 'not-pruned-here',
    })
    const onlyA = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'only-a')
    expect(onlyA?.after).toEqual([r.w.id('a#1')])
  })

  it('a blob both may use goes with the last of them', () => {
    expect(budget(0).reasons).toEqual({
      'a#1': 'budget-lru-group',
      'only-a': 'budget-lru-group',
      'b#1': 'budget-lru-group',
      'only-b': 'budget-lru-group',
      shared: 'budget-lru-group',
    })
  })

  it('without lookups to date them, the whole ref is one group', () => {
    expect(budget(total - 1010, { exportsLookUpLayers: false }).reasons).toEqual({
      'a#1': 'budget-lru-group',
      'only-a': 'budget-lru-group',
      'b#1': 'budget-lru-group',
      'only-b': 'budget-lru-group',
      shared: 'budget-lru-group',
    })
  })
})

describe('plan: groups in a readable ref (rule 9)', () => {
  it('evicts a scope with the blobs only it references; a blob another scope needs stays', () => {
    const r = run({
      name: '',
      build: (w) => {
        w.index('a#1', FEATURE, 'a', 1, ['shared', 'only-a'], { age: 5 * DAY, size: 10 })
        w.index('b#1', FEATURE, 'b', 1, ['shared', 'only-b'], { age: 4 * DAY, size: 10 })
        w.blob('shared', FEATURE, 'shared', { age: 5 * DAY, idle: 4 * DAY, size: 100 })
        w.blob('only-a', FEATURE, 'only-a', { age: 5 * DAY, size: 100 })
        w.blob('only-b', FEATURE, 'only-b', { age: 4 * DAY, size: 100 })
      },
      complete: true,
      policy: { readableRefs: [FEATURE, MAIN], pruneRefs: [FEATURE], targetBytes: 300 },
      reasons: {},
    })
    expect(r.reasons).toEqual({
      'a#1': 'budget-lru-group',
      'only-a': 'budget-lru-group',
      'b#1': 'newest-generation',
      shared: 'referenced',
      'only-b': 'referenced',
    })
    const onlyA = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'only-a')
    expect(onlyA?.after).toEqual([r.w.id('a#1')])
  })
})

describe('couldReference (rule 5)', () => {
  const at = (ref: string, created: number, used = created): CacheEntry => ({
    id: 1,
    ref,
    key: 'k',
    version: 'v',
    createdAt: NOW - created,
    lastAccessedAt: NOW - used,
    sizeInBytes: 1,
  })
  // The index was written 10 hours ago; prune-grace (the longest export) is an hour.
  const index = at(PR7, 10 * HOUR)
  it.each<[string, CacheEntry, boolean]>([
    ['another ref, looked up during the export', at(MAIN, 3 * DAY, 10 * HOUR + 5 * MINUTE), true],
    ['another ref, used exactly one export before', at(MAIN, 3 * DAY, 11 * HOUR), true],
    ['another ref, used since', at(MAIN, 3 * DAY, 2 * HOUR), true],
    ['another ref, created as the index was written', at(MAIN, 10 * HOUR), true],
    ['another ref, last used more than an export before', at(MAIN, 3 * DAY, 11 * HOUR + 1), false],
    ['another ref, created after the index', at(MAIN, 10 * HOUR - 1, 0), false],
    // A racing export in the same ref: reserved up to one more export earlier, or committed after.
    ['own ref, last used two exports before', at(PR7, 3 * DAY, 12 * HOUR), true],
    ['own ref, created an export after', at(PR7, 9 * HOUR), true],
    ['own ref, last used more than two exports before', at(PR7, 3 * DAY, 12 * HOUR + 1), false],
    ['own ref, created more than an export after', at(PR7, 9 * HOUR - 1), false],
  ])('%s', (_, blob, expected) => {
    expect(couldReference(index, blob, HOUR)).toBe(expected)
  })
  // The same index, in a listing that began 10 hours and 1 minute ago: its lookups may have come
  // after the listing read the blob, so the blob's listed last use says nothing.
  it.each<[string, CacheEntry, number, boolean]>([
    ['another ref, listed as last used days before', at(MAIN, 3 * DAY), 10 * HOUR + MINUTE, true],
    ['own ref, listed as last used days before', at(PR7, 3 * DAY), 10 * HOUR + MINUTE, true],
    ['another ref, created after the index', at(MAIN, 10 * HOUR - 1, 0), 10 * HOUR + MINUTE, false],
    ['written before the listing began', at(MAIN, 3 * DAY), 10 * HOUR - MINUTE, false],
  ])('listed while the index was written: %s', (_, blob, listedAgo, expected) => {
    expect(couldReference(index, blob, HOUR, NOW - listedAgo)).toBe(expected)
  })
})

describe('liveReadableIndexes', () => {
  it('lists the live generations in readable refs: what a pruner must download', () => {
    const w = new World()
    w.index('main#1', MAIN, 'app', 1, undefined, { age: 5 * DAY })
    w.index('main#2', MAIN, 'app', 2, undefined, { age: 3 * DAY })
    w.index('main#3', MAIN, 'app', 3, undefined, { age: 10 * MINUTE })
    w.index('feature#1', FEATURE, 'app', 1, undefined, { age: 5 * DAY })
    w.blob('a', MAIN, 'a')
    const live = liveReadableIndexes(w.entries, policy(), NOW).map((e) => w.label(e.id))
    expect(live).toEqual(['main#2', 'main#3'])
  })
})

describe('plan: a blob that live groups of two refs may use goes with the last of them (rules 8, 9)', () => {
  // The post step on a branch over its target: a pull request it cannot read (its base may be
  // the branch) looked the branch's layer up when it wrote its live index. Both groups were
  // written within the hour they were last read (neither counts as imported again), so the
  // least recently used goes first.
  function world(w: World) {
    w.index('f#1', FEATURE, 'app', 1, ['x'], { age: 6 * HOUR, size: 10 })
    w.blob('x', FEATURE, 'x', { age: 6 * HOUR, idle: 5 * HOUR + 30 * MINUTE, size: 1000 })
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 5 * HOUR, size: 10 })
    w.blob('p', PR7, 'p', { age: 5 * HOUR, size: 1000 })
  }
  const total = 10 + 1000 + 10 + 1000
  const budgetPlan = (targetBytes: number, overrides: Partial<PrunePolicy> = {}) =>
    run({
      name: '',
      build: world,
      complete: true,
      policy: {
        readableRefs: [FEATURE, MAIN],
        pruneRefs: [FEATURE],
        targetBytes,
        refStates: new Map([
          [FEATURE, 'alive' as const],
          [PR7, 'alive' as const],
        ]),
        ...overrides,
      },
      reasons: {},
    })
  const budget = (targetBytes: number, overrides: Partial<PrunePolicy> = {}) =>
    budgetPlan(targetBytes, overrides).reasons

  it("evicting the branch's group leaves the blob to the pull request's, which takes it", () => {
    const r = budgetPlan(total - 1010)
    expect(r.reasons).toEqual({
      'f#1': 'budget-lru-group',
      x: 'budget-lru-group',
      'pr#1': 'budget-lru-group',
      p: 'budget-lru-group',
    })
    const order = r.p.deletions.map((d) => r.w.label(d.entry.id))
    expect(order).toEqual(['f#1', 'pr#1', 'p', 'x'])
    const x = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'x')
    expect(x?.after).toEqual([r.w.id('f#1'), r.w.id('pr#1')])
  })

  it('deletes it once the last group that may use it goes', () => {
    expect(budget(0)).toMatchObject({
      'f#1': 'budget-lru-group',
      x: 'budget-lru-group',
      'pr#1': 'budget-lru-group',
      p: 'budget-lru-group',
    })
  })

  it('without lookups to date them, the pull request may use every older blob: the shared one goes with it', () => {
    const r = budgetPlan(total - 1010, { exportsLookUpLayers: false })
    expect(r.reasons).toEqual({
      'f#1': 'budget-lru-group',
      x: 'budget-lru-group',
      'pr#1': 'budget-lru-group',
      p: 'budget-lru-group',
    })
    const x = r.p.deletions.find((d) => r.w.label(d.entry.id) === 'x')
    expect(x?.after).toEqual([r.w.id('f#1'), r.w.id('pr#1')])
  })
})

describe('plan: markers (rule 13)', () => {
  function world(w: World) {
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 3 * DAY })
    w.index('pr#2', PR7, 'app', 2, undefined, { age: 5 * HOUR })
    w.other('mark#1', PR7, markerKey(w.id('pr#1'), []), MARKER_VERSION, { age: 3 * DAY })
    w.other('mark#2', PR7, markerKey(w.id('pr#2'), [blobKey(digest('used'))]), MARKER_VERSION, {
      age: 5 * HOUR,
    })
    w.other('mark-other', PR7, markerKey(999, []), MARKER_VERSION, { age: 3 * DAY })
    w.other('not-ours', PR7, markerKey(w.id('pr#2'), []), 'f'.repeat(64), { age: 3 * DAY })
    // Main's blobs last used while pr#2 was written: times alone keep both.
    w.blob('used', MAIN, 'used', { age: 3 * DAY, idle: 5 * HOUR })
    w.blob('unused', MAIN, 'unused', { age: 3 * DAY, idle: 5 * HOUR })
  }

  it("keeps a live index's marker, deletes the others where it prunes, and trusts only same-ref markers", () => {
    const { reasons } = run({
      name: '',
      build: world,
      indexListing: true,
      policy: { evidenceRefs: [PR7] },
      reasons: {},
    })
    expect(reasons).toEqual({
      'pr#1': 'superseded',
      'pr#2': 'newest-generation',
      'mark#1': 'stale-marker',
      'mark#2': 'marker',
      'mark-other': 'stale-marker',
      'not-ours': 'foreign',
      used: 'other-ref-index',
      unused: 'unreferenced',
    })
  })

  it('keeps markers of refs it does not prune; a marker listing of some refs only declares the same', () => {
    const w = new World()
    world(w)
    const p = plan({
      entries: w.entries.filter((e) => e.ref === MAIN),
      indexListing: w.entries.filter((e) => e.key.startsWith('index-')),
      markerListing: w.entries.filter((e) => e.key.startsWith(MARKER_KEY_PREFIX)),
      indexes: w.reads,
      policy: policy(),
      now: NOW,
      complete: false,
    })
    const reasons = Object.fromEntries(p.entries.map((e) => [w.label(e.entry.id), e.reason]))
    expect(reasons).toEqual({ used: 'other-ref-index', unused: 'unreferenced' })
    const all = run({ name: '', build: world, indexListing: true, reasons: {} }).reasons
    expect(all['mark#1']).toBe('not-pruned-here')
  })
})

describe('plan: cache-mount entries are ours (rules 1, 9)', () => {
  const mount = (series: string, n: number) =>
    `${MOUNT_KEY_PREFIX}build%40${series}#${'a'.repeat(40)}-${n}-1-x`
  it('the budget evicts the least recently used mount series whole; the other stays', () => {
    const r = run({
      name: '',
      build: (w) => {
        w.other('gomod', FEATURE, mount('1111', 1), 'v', { age: 5 * DAY, size: 100 })
        w.other('npm', FEATURE, mount('2222', 1), 'v', { age: 5 * DAY, idle: 2 * HOUR, size: 100 })
      },
      complete: true,
      policy: {
        readableRefs: [FEATURE, MAIN],
        pruneRefs: [FEATURE],
        targetBytes: 150,
        ownKeyPrefixes: [...OWN_KEY_PREFIXES],
      },
      reasons: {},
    })
    expect(r.reasons).toEqual({ gomod: 'budget-lru-group', npm: 'local-entry' })
  })

  it("a closed pull request's mount entries go with it", () => {
    const r = run({
      name: '',
      build: (w) => {
        w.other('gomod', PR7, mount('1111', 1), 'v', { age: 5 * DAY, size: 100 })
      },
      policy: {
        readableRefs: [MAIN],
        pruneRefs: [MAIN],
        dropRefs: [PR7],
        ownKeyPrefixes: [...OWN_KEY_PREFIXES],
      },
      reasons: {},
    })
    expect(r.reasons).toEqual({ gomod: 'pr-closed' })
  })

  it('without the mount prefix among our own, the same entry is somebody else’s (the test can fail)', () => {
    const r = run({
      name: '',
      build: (w) => {
        w.other('gomod', PR7, mount('1111', 1), 'v', { age: 5 * DAY, size: 100 })
      },
      policy: { readableRefs: [MAIN], pruneRefs: [MAIN], dropRefs: [PR7] },
      reasons: {},
    })
    expect(r.reasons).toEqual({ gomod: 'foreign' })
  })
})
