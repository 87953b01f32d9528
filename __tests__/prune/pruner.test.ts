/**
 * One pruning run (src/prune/pruner.ts) with the REST API and the cache service faked at their
 * module boundaries: what it lists, reads, asks and deletes.
 */
import { describe, expect, it } from '@jest/globals'
import {
  ListingTooLargeError,
  PAGE_SIZE,
  type CacheEntry,
  type ListFilter,
} from '../../src/github/caches.js'
import type { IndexSource } from '../../src/prune/index-reader.js'
import { MARKER_KEY_PREFIX, MARKER_VERSION, parseMarker } from '../../src/prune/marker.js'
import { BUILDKIT_CACHE_VERSION } from '../../src/buildkit/keys.js'
import {
  CacheServiceError,
  CacheStorageReadOnly,
  CacheWriteDenied,
} from '../../src/cache-service/errors.js'
import { plan } from '../../src/prune/planner.js'
import {
  refsToList,
  pruneAndMark,
  runPrune,
  type PruneApi,
  type PruneRun,
} from '../../src/prune/pruner.js'
import {
  DAY,
  FEATURE,
  HOUR,
  MAIN,
  MINUTE,
  NOW,
  PR7,
  World,
  digest,
  plainErrors,
  policy,
} from './world.js'
import { largestFirst } from './simulator.js'

/** The fake REST API: lists from `entries`, records every call. */
function api(
  entries: CacheEntry[],
  usage: number | Error,
  prStates: Record<number, 'open' | 'closed'> = {},
) {
  const calls: string[] = []
  const deleted: number[] = []
  const fake: PruneApi = {
    ...plainErrors,
    async listCaches(filter: ListFilter = {}, options = {}) {
      calls.push(`list ${filter.ref ?? '*'}${filter.key ? ` key=${filter.key}` : ''}`)
      const rows = entries.filter(
        (e) =>
          (filter.ref === undefined || e.ref === filter.ref) &&
          (filter.key === undefined || e.key.startsWith(filter.key)),
      )
      // As src/github/caches.ts reads pages: the first says the total.
      options.onPage?.(1)
      if (options.maxEntries !== undefined && rows.length > options.maxEntries)
        throw new ListingTooLargeError(rows.length, options.maxEntries)
      for (let page = 2; page <= Math.ceil(rows.length / PAGE_SIZE); page++) options.onPage?.(page)
      return rows
    },
    async listLargest(options = {}) {
      calls.push('largest')
      options.onPage?.(1)
      return largestFirst(entries)
    },
    async listRecentlyUsed(since, options = {}) {
      calls.push('recent')
      options.onPage?.(1)
      return entries
        .filter((e) => Math.max(e.createdAt, e.lastAccessedAt) >= since)
        .sort((a, b) => b.lastAccessedAt - a.lastAccessedAt)
    },
    async deleteCache(id) {
      deleted.push(id)
      return 'deleted'
    },
    async getCacheUsage() {
      calls.push('usage')
      if (usage instanceof Error) throw usage
      return { activeBytes: usage, activeCount: entries.length }
    },
    async getPullRequestState(n) {
      calls.push(`pr ${n}`)
      return prStates[n]
    },
    async branchExists(branch) {
      calls.push(`branch ${branch}`)
      return branch !== 'gone'
    },
  }
  return { fake, calls, deleted }
}

/** The fake cache service: answers lookups of the world's index entries with their documents. */
function indexSource(w: World, broken: string[] = []): IndexSource & { lookups: string[] } {
  const lookups: string[] = []
  return {
    lookups,
    async lookup(key) {
      lookups.push(key)
      const entry = w.entries.find((e) => e.key === key)
      if (!entry || broken.includes(key)) return null
      return { matchedKey: key, downloadUrl: `blob:${entry.id}` }
    },
    async download(url) {
      const id = Number(url.slice(5))
      const read = w.reads.get(id)
      const blobs = read?.ok ? read.blobKeys.map((k) => k.slice('buildkit-blob-1-'.length)) : []
      return Buffer.from(JSON.stringify({ layers: blobs.map((blob) => ({ blob, parent: -1 })) }))
    },
  }
}

const deps = (fake: PruneApi, source?: IndexSource) => ({
  api: fake,
  ...(source ? { indexSource: source } : {}),
  clock: () => NOW,
  log: { info: () => {}, debug: () => {}, warning: () => {} },
})

function run(overrides: Partial<PruneRun['policy']> = {}, dryRun = false): PruneRun {
  const { refStates: _, evidenceRefs: __, ...p } = policy({ targetBytes: 1000, ...overrides })
  return { policy: p, dryRun, concurrency: 2 }
}

function world() {
  const w = new World()
  w.index('m#1', MAIN, 'app', 1, ['a', 'b'], { age: 5 * DAY, size: 5 })
  w.index('m#2', MAIN, 'app', 2, ['a'], { age: 4 * DAY, size: 5 })
  w.blob('a', MAIN, 'a', { age: 5 * DAY, size: 100 })
  // Last used a day before the feature branch's and the pull request's indexes were written.
  w.blob('b', MAIN, 'b', { age: 6 * DAY, size: 100 })
  w.index('f#1', FEATURE, 'app', 1, ['a', 'f'], { age: 5 * DAY, size: 5 })
  w.blob('f', FEATURE, 'f', { age: 5 * DAY, size: 100 })
  w.index('pr#1', PR7, 'app', 1, undefined, { age: 5 * DAY, size: 5 })
  w.blob('p', PR7, 'p', { age: 5 * DAY, size: 400 })
  return w
}

describe('runPrune', () => {
  it('lists only the refs it prunes while usage is under the target, and reads their live indexes', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const source = indexSource(w)
    const outcome = await runPrune(run(), deps(a.fake, source))
    // Main's blobs may be used by every other ref: the repository's indexes are listed too; the
    // whole repository is not (usage is under the target).
    expect(a.calls).toEqual(
      expect.arrayContaining(['list * key=index-', 'list * key=buildkit-cache-action-uses-']),
    )
    expect(a.calls).not.toContain('list *')
    // The indexes are listed again to check that the listing missed none (rule 3), and what was
    // created or used since the plan is asked before deleting (rule 10).
    expect(a.calls.filter((c) => c === 'list * key=index-')).toHaveLength(2)
    expect(a.calls).toContain('recent')
    expect(outcome.listed).toEqual([MAIN])
    expect(source.lookups).toEqual([w.labels.get('m#2')!.key])
    expect(outcome.plan?.budget).toBe('not-checked')
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1'])
    // What it costs: a handful of requests, one delete per entry deleted.
    const { requests } = outcome
    expect(requests.deletes).toBe(2)
    expect(Object.values(requests).reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(12)
    expect(requests.refQueries).toBe(0)
    expect(outcome.problems).toEqual([])
  })

  it('keeps what was used within prune-grace by GitHub’s clock when the job’s clock runs ahead', async () => {
    const w = world()
    // Uploaded 59½ minutes ago by an export still in flight (prune-grace is an hour); this
    // runner's clock is 30 s ahead of GitHub's.
    w.blob('x', MAIN, 'x', { age: 59 * MINUTE + 30_000, size: 100 })
    const a = api(w.entries, 500)
    const outcome = await runPrune(run(), {
      ...deps(a.fake, indexSource(w)),
      clock: () => NOW + 30_000,
    })
    const reason = outcome.plan!.entries.find((e) => e.entry.id === w.id('x'))?.reason
    expect(reason).toBe('within-grace')
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1'])
  })

  it('lists the whole repository over the target and asks about pull requests and branches', async () => {
    const w = world()
    const a = api(w.entries, 820, { 7: 'closed' })
    const outcome = await runPrune(run({ targetBytes: 400 }), deps(a.fake, indexSource(w)))
    expect(a.calls.slice(0, 3)).toEqual(['usage', 'list *', 'list * key=index-'])
    expect(a.calls.slice(3).sort()).toEqual(['branch feature', 'branch main', 'pr 7', 'recent'])
    expect(outcome.listed).toBe('repository')
    expect(outcome.plan?.budget).toBe('met')
    // The closed pull request goes first; under 400 bytes after that and the regular pass.
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1', 'p', 'pr#1'])
    expect(outcome.requests.refQueries).toBe(3)
  })

  it('treats no branch as deleted when the token cannot see the default branch', async () => {
    const w = world()
    const a = api(w.entries, 820, { 7: 'open' })
    // A token without contents: read gets 404s for branches that exist, the default one included.
    a.fake.branchExists = async (branch) => {
      a.calls.push(`branch ${branch}`)
      return false
    }
    const outcome = await runPrune(run({ targetBytes: 300 }), deps(a.fake, indexSource(w)))
    expect(a.calls.filter((c) => c.startsWith('branch '))).toEqual(['branch main'])
    expect(outcome.plan?.deletions.some((d) => d.reason === 'budget-deleted-branch')).toBe(false)
    expect(outcome.problems).toEqual([
      expect.stringContaining(`the default branch ${MAIN} is not visible to the token`),
    ])
  })

  it('lists the whole repository when the usage endpoint fails', async () => {
    const w = world()
    const a = api(w.entries, new Error('HTTP 500'))
    const outcome = await runPrune(run({ targetBytes: 10_000 }), deps(a.fake, indexSource(w)))
    expect(outcome.listed).toBe('repository')
    expect(outcome.plan?.budget).toBe('under-target')
    expect(a.calls).not.toContain('pr 7')
  })

  it('keeps what an index it could not read may reference, and says so', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const outcome = await runPrune(run(), deps(a.fake, indexSource(w, [w.labels.get('m#2')!.key])))
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
    expect(outcome.problems).toEqual([
      '1 of 1 live indexes could not be read (first: the cache service has no such entry); what they may reference was kept',
    ])
  })

  it('reads no index without a cache-service runtime, and keeps their blobs', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const outcome = await runPrune(run(), deps(a.fake))
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
    expect(outcome.problems[0]).toMatch(/runtime is not available, so 1 live indexes were not read/)
  })

  it('plans but deletes nothing in a dry run', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const outcome = await runPrune(run({}, true), deps(a.fake, indexSource(w)))
    expect(a.deleted).toEqual([])
    expect(outcome.plan?.deletions.map((d) => w.label(d.entry.id)).sort()).toEqual(['b', 'm#1'])
    expect(outcome.execution?.skipped).toHaveLength(2)
  })

  it('drops a closed pull request from its ref listing alone, without asking for usage', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const outcome = await runPrune(
      { ...run({ pruneRefs: [], dropRefs: [PR7], readableRefs: [PR7, MAIN] }), dropOnly: true },
      deps(a.fake, indexSource(w)),
    )
    expect(a.calls).toEqual([`list ${PR7}`, `list ${PR7} key=index-`, 'recent'])
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['p', 'pr#1'])
    expect(outcome.plan?.entries.every((e) => e.entry.ref === PR7)).toBe(true)
  })

  it('reports a failed listing and deletes nothing', async () => {
    const w = world()
    const a = api(w.entries, 500)
    a.fake.listCaches = async () => {
      throw new Error('cache listing incomplete: page 2 of 3 returned 57 of 100 entries')
    }
    const outcome = await runPrune(run(), deps(a.fake, indexSource(w)))
    expect(a.deleted).toEqual([])
    expect(outcome.problems).toEqual([
      'listing the caches failed, so nothing was deleted: cache listing incomplete: page 2 of 3 returned 57 of 100 entries',
    ])
  })
})

describe('runPrune: what times tell about refs the job cannot read (rules 5, 6)', () => {
  /**
   * Main, and a pull request main cannot read: its newest generation written 2 days ago with a
   * blob in use then, its previous one superseded since, with a blob only that one used; and an
   * unreferenced blob of main last used while the pull request's newest index was written.
   */
  function evidenceWorld() {
    const w = new World()
    w.index('m#1', MAIN, 'app', 1, ['a'], { age: 5 * DAY, size: 5 })
    w.blob('a', MAIN, 'a', { age: 5 * DAY, size: 100 })
    w.blob('m-near-pr', MAIN, 'n', { age: 5 * DAY, idle: 2 * DAY, size: 100 })
    w.blob('m-idle', MAIN, 'i', { age: 5 * DAY, idle: 60 * HOUR, size: 100 })
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 4 * DAY, size: 5 })
    w.index('pr#2', PR7, 'app', 2, undefined, { age: 2 * DAY, size: 5 })
    w.blob('p-old', PR7, 'p1', { age: 4 * DAY, size: 100 })
    w.blob('p-live', PR7, 'p2', { age: 4 * DAY, idle: 2 * DAY, size: 100 })
    return w
  }
  const reasons = (w: World, outcome: Awaited<ReturnType<typeof runPrune>>) =>
    Object.fromEntries(outcome.plan!.entries.map((e) => [w.label(e.entry.id), e.reason]))

  it('lists the repository’s indexes and the stale ref, and judges both from times', async () => {
    const w = evidenceWorld()
    const a = api(w.entries, 500)
    const outcome = await runPrune(run({ orphanAgeMs: 3 * DAY }), deps(a.fake, indexSource(w)))
    expect(a.calls).toEqual([
      'usage',
      'list * key=index-',
      'list * key=buildkit-cache-action-uses-',
      `list ${MAIN}`,
      'list * key=index-',
      `list ${PR7}`,
      'recent',
    ])
    expect(outcome.requests.listPages).toBe(5)
    expect(reasons(w, outcome)).toEqual({
      'm#1': 'newest-generation',
      a: 'referenced',
      // In use while the pull request's live index was written: kept while it lives.
      'm-near-pr': 'other-ref-index',
      // Last used before that index: nothing could use it.
      'm-idle': 'unreferenced',
      'pr#1': 'superseded',
      'pr#2': 'newest-generation',
      'p-old': 'unreferenced',
      'p-live': 'out-of-reach-index',
    })
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['m-idle', 'p-old', 'pr#1'])
    expect(outcome.problems).toEqual([])
  })

  it('keeps a blob that an export landing between two listings looked up', async () => {
    const w = evidenceWorld()
    const a = api(w.entries, 500)
    const list = a.fake.listCaches
    let listings = 0
    a.fake.listCaches = async (filter, options) => {
      const result = (await list(filter, options)).map((e) => ({ ...e }))
      // After the first listing, the pull request exports: it looks up m-idle, then writes pr#3.
      if (++listings === 1) {
        w.labels.get('m-idle')!.lastAccessedAt = NOW - 2 * MINUTE
        w.index('pr#3', PR7, 'app', 3, undefined, { age: MINUTE, size: 5 })
      }
      return result
    }
    const outcome = await runPrune(run({ orphanAgeMs: 3 * DAY }), deps(a.fake, indexSource(w)))
    expect(reasons(w, outcome)['m-idle']).not.toBe('unreferenced')
    expect(a.deleted.map((id) => w.label(id))).not.toContain('m-idle')
  })

  it('keeps a blob that an export in flight at the index listing uploaded, however long the listings take', async () => {
    const w = evidenceWorld()
    // The pull request's next export began 58 minutes ago (prune-grace is an hour) and uploaded
    // this blob; it writes pr#3 just after the index listing. Each listing takes 2 minutes.
    w.blob('p-new', PR7, 'p3', { age: 58 * MINUTE, size: 100 })
    const a = api(w.entries, 500)
    const list = a.fake.listCaches
    let t = NOW
    let listings = 0
    a.fake.listCaches = async (filter, options) => {
      const result = (await list(filter, options)).map((e) => ({ ...e }))
      t += 2 * MINUTE
      if (++listings === 1) w.index('pr#3', PR7, 'app', 3, undefined, { age: -MINUTE, size: 5 })
      return result
    }
    const outcome = await runPrune(run({ orphanAgeMs: 3 * DAY }), {
      ...deps(a.fake, indexSource(w)),
      clock: () => t,
    })
    expect(outcome.plan!.entries.some((e) => e.entry.ref === PR7)).toBe(true)
    expect(reasons(w, outcome)['p-new']).toBe('within-grace')
    expect(a.deleted.map((id) => w.label(id))).not.toContain('p-new')
  })

  it('keeps a blob that an index written while the whole repository was listed may use', async () => {
    const w = evidenceWorld()
    // Written 30 s into the listing (the clock below moves on), after it had read m-idle: the
    // lookup that found m-idle is not in the listed times.
    w.index('pr#3', PR7, 'app', 3, undefined, { age: -30_000, size: 5 })
    const a = api(w.entries, 5000)
    let t = NOW
    const clock = () => (t += MINUTE) - MINUTE
    const outcome = await runPrune(run({ orphanAgeMs: 3 * DAY }), {
      ...deps(a.fake, indexSource(w)),
      clock,
    })
    expect(outcome.listed).toBe('repository')
    expect(outcome.plan?.budget).toBe('under-target')
    expect(reasons(w, outcome)['m-idle']).toBe('other-ref-index')
    expect(a.deleted.map((id) => w.label(id))).not.toContain('m-idle')
  })

  it('lists no index for a pull request: nothing else reads its ref', async () => {
    const w = evidenceWorld()
    const a = api(w.entries, 500)
    const outcome = await runPrune(
      run({ readableRefs: [PR7, MAIN], pruneRefs: [PR7] }),
      deps(a.fake, indexSource(w)),
    )
    expect(a.calls).toEqual(['usage', `list ${PR7}`, `list ${PR7} key=index-`, 'recent'])
    expect(outcome.listed).toEqual([PR7])
  })

  it('after a ghtoken export, counts every blob older than a live index as possibly used by it (rule 5)', async () => {
    const w = evidenceWorld()
    w.blob('m-after', MAIN, 'after', { age: 1 * DAY, size: 100 })
    const a = api(w.entries, 500)
    const outcome = await runPrune(
      run({ orphanAgeMs: 3 * DAY, exportsLookUpLayers: false }),
      deps(a.fake, indexSource(w)),
    )
    expect(a.calls.slice(0, 6)).toEqual([
      'usage',
      'list * key=index-',
      'list * key=buildkit-cache-action-uses-',
      `list ${MAIN}`,
      'list * key=index-',
      `list ${PR7}`,
    ])
    expect(reasons(w, outcome)).toMatchObject({
      'm-near-pr': 'other-ref-index',
      'm-idle': 'other-ref-index',
      'p-old': 'out-of-reach-index',
      'p-live': 'out-of-reach-index',
      // Created after every live index it could be read by.
      'm-after': 'unreferenced',
    })
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['m-after', 'pr#1'])
  })

  it('when the index listing fails, judges as if it had no evidence, and says so in the log', async () => {
    const w = evidenceWorld()
    const a = api(w.entries, 500)
    const list = a.fake.listCaches
    a.fake.listCaches = async (filter, options) => {
      // The repository's listings fail; one ref's index listing (the check of rule 3) does not.
      if (filter?.key && !filter.ref)
        throw new Error('cache listing incomplete: page 1 returned 0 of 5 entries')
      return list(filter, options)
    }
    const info: string[] = []
    const outcome = await runPrune(run({ orphanAgeMs: 3 * DAY }), {
      ...deps(a.fake, indexSource(w)),
      log: { info: (m: string) => info.push(m), debug: () => {}, warning: () => {} },
    })
    expect(reasons(w, outcome)).toMatchObject({
      'm-near-pr': 'recently-used',
      'm-idle': 'recently-used',
    })
    expect(a.deleted).toEqual([])
    expect(info).toContain(
      "Listing the repository's index entries failed (cache listing incomplete: page 1 returned 0 of 5 entries); orphan-age keeps every unreferenced blob other refs may read",
    )
  })

  it('when a stale ref cannot be listed, leaves it for another run, and logs why on one line', async () => {
    const w = evidenceWorld()
    const a = api(w.entries, 500)
    const list = a.fake.listCaches
    a.fake.listCaches = async (filter, options) => {
      if (filter?.ref === PR7) throw new Error('HTTP 502\n::error::injected')
      return list(filter, options)
    }
    const info: string[] = []
    const outcome = await runPrune(run({ orphanAgeMs: 3 * DAY }), {
      ...deps(a.fake, indexSource(w)),
      log: { info: (m: string) => info.push(m), debug: () => {}, warning: () => {} },
    })
    expect(outcome.plan!.entries.some((e) => e.entry.ref === PR7)).toBe(false)
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m-idle'])
    expect(info).toContain(
      `Listing ${PR7} failed (HTTP 502\\n::error::injected); its garbage waits for another run`,
    )
    expect(info.filter((m) => /[\r\n]/.test(m))).toEqual([])
  })

  it('on schedule, drops the pull requests its index listing shows closed', async () => {
    const w = evidenceWorld()
    const a = api(w.entries, 500, { 7: 'closed' })
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 3 * DAY }), dropClosedPullRequests: true },
      deps(a.fake, indexSource(w)),
    )
    expect(a.calls).toEqual([
      'usage',
      'list * key=index-',
      'list * key=buildkit-cache-action-uses-',
      `list ${MAIN}`,
      'list * key=index-',
      'pr 7',
      `list ${PR7}`,
      'recent',
    ])
    expect(reasons(w, outcome)).toMatchObject({
      'pr#1': 'pr-closed',
      'pr#2': 'pr-closed',
      'p-old': 'pr-closed',
      'p-live': 'pr-closed',
      // Main's blob that only the closed pull request's index may use goes after that index.
      'm-near-pr': 'unreferenced',
    })
    const near = outcome.plan!.deletions.find((d) => w.label(d.entry.id) === 'm-near-pr')
    expect(near?.after).toEqual([w.id('pr#2')])
    expect(outcome.plan!.analysis.policy).toMatchObject({ dropRefs: [PR7] })
  })
})

describe('refsToList', () => {
  it.each<[string[], string[], string[], string[]]>([
    [[MAIN], [MAIN], [], [MAIN]],
    // A feature branch's blobs are read by the feature branch only (main cannot see them).
    [[FEATURE, MAIN], [FEATURE], [], [FEATURE]],
    // Main's blobs are read by every ref this job can read.
    [[FEATURE, MAIN], [MAIN], [], [FEATURE, MAIN]],
    [[PR7, FEATURE, MAIN], [PR7], [], [PR7]],
    [[PR7, MAIN], [], [PR7], [PR7]],
  ])('readable %j, pruning %j, dropping %j → %j', (readableRefs, pruneRefs, dropRefs, expected) => {
    const { refStates: _, evidenceRefs: __, ...p } = policy({ readableRefs, pruneRefs, dropRefs })
    expect(refsToList(p)).toEqual(expected)
  })
})

describe('runPrune: markers (rule 13)', () => {
  // A pull request's live index written 30 minutes after main last used blob b, which it does not
  // use: from times alone, main's post step would keep b for orphan-age.
  function markerWorld() {
    const w = new World()
    w.index('m#1', MAIN, 'app', 1, ['a'], { age: 3 * DAY, idle: 2 * HOUR, size: 5 })
    w.blob('a', MAIN, 'a', { age: 3 * DAY, idle: 2 * HOUR, size: 100 })
    w.blob('b', MAIN, 'b', { age: 3 * DAY, idle: 3 * HOUR, size: 100 })
    w.index('pr#1', PR7, 'app', 1, ['a', 'p'], { age: 2 * HOUR + 30 * MINUTE, size: 5 })
    w.blob('p', PR7, 'p', { age: 2 * HOUR + 30 * MINUTE, size: 100 })
    return w
  }
  const saver = (w: World, fail = false) => {
    const saved: string[] = []
    return {
      saved,
      save: async (key: string, data: Uint8Array) => {
        if (fail) throw new Error('HTTP 503')
        saved.push(key)
        w.other(`marker${saved.length}`, PR7, key, MARKER_VERSION, { age: 0, size: data.length })
        return true
      },
    }
  }
  const prRun = (): PruneRun => ({
    ...run({ readableRefs: [PR7, MAIN], pruneRefs: [PR7] }),
    markerRef: PR7,
  })

  it("the pull request's post step marks its live index once; main's post step then deletes what it does not use", async () => {
    const w = markerWorld()
    const s = saver(w)
    const info: string[] = []
    const first = await pruneAndMark(prRun(), {
      ...deps(api(w.entries, 500).fake, indexSource(w)),
      saveMarker: s.save,
      log: { info: (line: string) => info.push(line), debug: () => {}, warning: () => {} },
    })
    expect(first.requests.markerWrites).toBe(1)
    expect(info).toContain(
      `Saved ${s.saved[0]}: what ${w.labels.get('pr#1')!.key} references, for jobs that cannot read ${PR7}`,
    )
    const marker = parseMarker(s.saved[0])!
    expect(marker.indexId).toBe(w.id('pr#1'))
    // A later run finds the marker listed and saves none.
    const again = await pruneAndMark(prRun(), {
      ...deps(api(w.entries, 500).fake, indexSource(w)),
      saveMarker: s.save,
    })
    expect(again.requests.markerWrites).toBe(0)
    expect(again.plan?.entries.filter((p) => p.kind === 'marker')).toHaveLength(1)

    const withMarker = await runPrune(run(), deps(api(w.entries, 500).fake, indexSource(w)))
    const verdicts = (o: typeof withMarker) =>
      Object.fromEntries(o.plan!.entries.map((p) => [w.label(p.entry.id), p.reason]))
    expect(verdicts(withMarker)).toMatchObject({ a: 'referenced', b: 'unreferenced' })

    // The same run without the marker keeps b: the index was written while b was in use.
    const bare = markerWorld()
    const withoutMarker = await runPrune(
      run(),
      deps(api(bare.entries, 500).fake, indexSource(bare)),
    )
    expect(
      Object.fromEntries(
        withoutMarker.plan!.entries.map((p) => [bare.label(p.entry.id), p.reason]),
      ),
    ).toMatchObject({ a: 'referenced', b: 'other-ref-index' })
  })

  it.each<[string, (key: string) => Error, RegExp]>([
    [
      'a token that may not write',
      (key) => new CacheWriteDenied(key, 'cache write denied: token has no writable scopes'),
      /^the cache service denied writing .*: the runtime token may not write the cache here\. Likely causes: a read-only trigger \(pull_request from a fork, pull_request_target\), a job whose permissions: leave out actions: write, or cache-mode read or none\. Without markers, jobs that cannot read refs\/pull\/7\/merge judge its indexes from times \(they keep more\)$/,
    ],
    [
      'a cache read-only for billing',
      (key) => new CacheStorageReadOnly(key, 'insufficient usage'),
      /^the cache service refused writing .* \(insufficient usage\): the repository's Actions cache is read-only because a billing budget for cache storage ran out\. .* Without markers, jobs that cannot read refs\/pull\/7\/merge judge its indexes from times \(they keep more\)$/,
    ],
  ])('%s gets one warning naming why, and no further attempt', async (_, refusal, warning) => {
    const w = markerWorld()
    w.index('app2#1', PR7, 'app2', 1, ['p'], { age: 2 * HOUR, size: 5 })
    const tries: string[] = []
    const outcome = await pruneAndMark(prRun(), {
      ...deps(api(w.entries, 500).fake, indexSource(w)),
      saveMarker: async (key: string) => {
        tries.push(key)
        throw refusal(key)
      },
    })
    expect(tries).toHaveLength(1)
    expect(outcome.problems).toHaveLength(1)
    expect(outcome.problems[0]).toMatch(warning)
    expect(outcome.problems[0]).toContain(tries[0])
    // Pruning went on.
    expect(outcome.execution).toBeDefined()
  })

  it('a marker write rate-limited after its one Retry-After stops the markers, with no warning', async () => {
    const w = markerWorld()
    w.index('app2#1', PR7, 'app2', 1, ['p'], { age: 2 * HOUR, size: 5 })
    const tries: string[] = []
    const info: string[] = []
    const outcome = await pruneAndMark(prRun(), {
      ...deps(api(w.entries, 500).fake, indexSource(w)),
      log: { info: (l: string) => info.push(l), debug: () => {}, warning: () => {} },
      saveMarker: async (key: string) => {
        tries.push(key)
        throw new CacheServiceError('CreateCacheEntry failed: HTTP 429 too many', 429, 2, 2000)
      },
    })
    expect(tries).toHaveLength(1)
    expect(outcome.problems).toEqual([])
    expect(info.filter((l) => l.startsWith('Saving markers stopped'))).toHaveLength(1)
  })

  it('a marker that cannot be saved costs only precision: the run goes on', async () => {
    const w = markerWorld()
    const info: string[] = []
    const outcome = await pruneAndMark(prRun(), {
      ...deps(api(w.entries, 500).fake, indexSource(w)),
      saveMarker: saver(w, true).save,
      log: { info: (line: string) => info.push(line), debug: () => {}, warning: () => {} },
    })
    expect(outcome.requests.markerWrites).toBe(0)
    expect(outcome.problems).toEqual([])
    expect(info.some((line) => /marker of index-app-.* failed \(HTTP 503\)/.test(line))).toBe(true)
  })

  it('a dry run saves no marker', async () => {
    const w = markerWorld()
    const s = saver(w)
    await pruneAndMark(
      { ...prRun(), dryRun: true },
      { ...deps(api(w.entries, 500).fake, indexSource(w)), saveMarker: s.save },
    )
    expect(s.saved).toEqual([])
  })
})

describe('runPrune: a failed marker listing (rule 6)', () => {
  it('drops the index listing too: without knowing which indexes declared what, orphan-age keeps every unreferenced blob', async () => {
    const w = new World()
    w.index('m#1', MAIN, 'app', 1, ['a'], { age: 3 * DAY, idle: 2 * HOUR, size: 5 })
    w.blob('a', MAIN, 'a', { age: 3 * DAY, idle: 2 * HOUR, size: 100 })
    w.blob('b', MAIN, 'b', { age: 3 * DAY, idle: 30 * HOUR, size: 100 })
    w.index('pr#1', PR7, 'app', 1, undefined, { age: 5 * DAY, size: 5 })
    const a = api(w.entries, 500)
    const listCaches = a.fake.listCaches
    a.fake.listCaches = async (filter = {}, options = {}) => {
      if (filter.key === MARKER_KEY_PREFIX) throw new Error('HTTP 502')
      return listCaches(filter, options)
    }
    const info: string[] = []
    const outcome = await runPrune(run(), {
      ...deps(a.fake, indexSource(w)),
      log: { info: (line: string) => info.push(line), debug: () => {}, warning: () => {} },
    })
    // With both listings, b (idle 30 hours, no index written since it was created) goes.
    const whole = await runPrune(run(), deps(api(w.entries, 500).fake, indexSource(w)))
    expect(whole.plan!.entries.find((p) => p.entry.id === w.id('b'))?.reason).toBe('unreferenced')
    const reasons = Object.fromEntries(
      outcome.plan!.entries.map((p) => [w.label(p.entry.id), p.reason]),
    )
    expect(reasons.b).toBe('recently-used')
    expect(info.some((line) => line.includes('orphan-age keeps every unreferenced blob'))).toBe(
      true,
    )
  })
})

describe('runPrune: what it does not understand (rule 4)', () => {
  /** The fake cache service, with one index's document replaced. */
  function sourceWith(w: World, label: string, bytes: Uint8Array | Error): IndexSource {
    const base = indexSource(w)
    return {
      lookup: base.lookup,
      async download(url, maxBytes) {
        if (Number(url.slice(5)) !== w.id(label)) return base.download(url, maxBytes)
        if (bytes instanceof Error) throw bytes
        return bytes
      },
    }
  }

  it.each<[string, string]>([
    ['a nested layer list', `{"cache":{"layers":[{"blob":"${digest('a')}","parent":-1}]}}`],
    ['a null layer list', '{"layers":null}'],
    [
      'records naming layers that are not listed',
      `{"records":[{"digest":"${digest('k')}","layers":[{"layer":0}]}]}`,
    ],
  ])(
    'an index document with %s is a failed read, with one warning that names it',
    async (_, json) => {
      const w = world()
      const a = api(w.entries, 500)
      const outcome = await runPrune(run(), deps(a.fake, sourceWith(w, 'm#2', Buffer.from(json))))
      // Nothing it may reference goes: b stays, the superseded generation goes.
      expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
      expect(outcome.problems).toHaveLength(1)
      expect(outcome.problems[0]).toMatch(
        new RegExp(
          `^the live index ${w.labels.get('m#2')!.key.replace(/[#]/g, '\\$&')} \\(refs/heads/main\\) is not in the layout this action knows \\(index document: .+\\): a newer BuildKit may have changed its format; what it may reference was kept$`,
        ),
      )
    },
  )

  it('an index over the bytes read of one is a failed read, with one warning', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const tooLarge = Object.assign(new Error('too large'), { code: 'too_large' })
    const outcome = await runPrune(run(), deps(a.fake, sourceWith(w, 'm#2', tooLarge)))
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
    expect(outcome.problems).toEqual([
      `the live index ${w.labels.get('m#2')!.key} (refs/heads/main) was not read: the document holds more than over the ${16 * 1024 * 1024} bytes read of an index; what it may reference was kept`,
    ])
  })

  it("an entry with BuildKit's version on a key it cannot parse keeps what its ref may use, with one warning", async () => {
    const w = world()
    w.other('future', MAIN, 'index-app-2-deadbeef#1', BUILDKIT_CACHE_VERSION, { age: 5 * DAY })
    const a = api(w.entries, 500)
    const outcome = await runPrune(run(), deps(a.fake, indexSource(w)))
    // b is unreferenced on main, but the unknown entry in main may reference it.
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
    expect(outcome.problems).toEqual([
      `index-app-2-deadbeef#1 (${MAIN}) carries BuildKit's version on a key this action cannot parse: a newer version may have written it; it was kept, with whatever it may reference`,
    ])
  })
})

describe('runPrune: one deadline over the whole run (rule 12)', () => {
  it('a listing that hangs ends the run at its deadline, with nothing deleted', async () => {
    const w = world()
    const a = api(w.entries, 500)
    a.fake.listCaches = () => new Promise(() => undefined)
    const started = Date.now()
    const outcome = await runPrune(
      { ...run(), deadline: NOW + 50 },
      { ...deps(a.fake, indexSource(w)), clock: () => NOW + (Date.now() - started) },
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(outcome.plan).toBeUndefined()
    expect(a.deleted).toEqual([])
    expect(outcome.problems).toEqual([
      'the time allowed for pruning ran out while listing the index entries; nothing more was done (the rest is left for the next run)',
    ])
  })

  it('an index download that hangs ends it too', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const source = indexSource(w)
    const started = Date.now()
    const outcome = await runPrune(
      { ...run(), deadline: NOW + 50 },
      {
        ...deps(a.fake, { ...source, download: () => new Promise(() => undefined) }),
        clock: () => NOW + (Date.now() - started),
      },
    )
    expect(a.deleted).toEqual([])
    expect(outcome.problems[0]).toMatch(/ran out while reading the live indexes/)
  })
})

describe('runPrune: re-checks before deleting (rule 10)', () => {
  it('keeps a planned blob that the fresh listing shows used since the plan', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const b = w.labels.get('b')!
    a.fake.listRecentlyUsed = async () => [{ ...b, lastAccessedAt: NOW + 1000 }]
    const info: string[] = []
    const outcome = await runPrune(run(), {
      ...deps(a.fake, indexSource(w)),
      log: { info: (m: string) => info.push(m), debug: () => {}, warning: () => {} },
    })
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
    expect(outcome.execution?.moved.map((p) => w.label(p.entry.id))).toEqual(['b'])
    expect(info).toContain(
      'Kept 1 planned deletions that were used, or may have been adopted by an export, since the plan',
    )
  })

  it('lists what was used since the plan time, less the clock allowance', async () => {
    const w = world()
    const a = api(w.entries, 500)
    const since: number[] = []
    a.fake.listRecentlyUsed = async (s) => {
      since.push(s)
      return []
    }
    await runPrune(run(), deps(a.fake, indexSource(w)))
    expect(since).toEqual([NOW - 60_000])
  })
})

describe('runPrune: backing off a budget it cannot meet (rule 12)', () => {
  const saver = () => {
    const saved: string[] = []
    return { saved, saveMarker: async (key: string) => (saved.push(key), true) }
  }

  it('after a budget it cannot meet, a post step saves a note; the next lists only its refs', async () => {
    const w = world()
    // Over any target the protected default branch allows.
    const a = api(w.entries, 10_000)
    const s = saver()
    const first = await runPrune(
      { ...run({ targetBytes: 0 }), backOff: true },
      { ...deps(a.fake, indexSource(w)), ...s },
    )
    expect(first.listed).toBe('repository')
    expect(first.plan?.budget).toBe('not-met')
    expect(s.saved).toEqual([`buildkit-cache-action-budget-1-${(NOW + HOUR) / 1000}`])
    expect(first.requests.noteWrites).toBe(1)

    // The next post step finds the note (one listing of its key prefix) and lists its refs only.
    const note = w.other('note', FEATURE, s.saved[0], MARKER_VERSION, { age: 0, size: 1 })
    const b = api(w.entries, 10_000)
    const second = await runPrune(
      { ...run({ targetBytes: 0 }), backOff: true },
      { ...deps(b.fake, indexSource(w)), ...saver() },
    )
    expect(b.calls.slice(0, 2)).toEqual(['usage', 'list * key=buildkit-cache-action-budget-'])
    expect(second.listed).toEqual([MAIN])
    expect(second.notices).toEqual([
      `A run at ${new Date(NOW).toISOString()} could not bring usage under prune-target; until ${new Date(NOW + HOUR).toISOString()} post steps prune only their own ref (the scheduled prune still lists the repository)`,
    ])
    // A note stays until its back-off is over, then goes where a run prunes its ref.
    expect(second.plan?.entries.find((e) => e.entry.id === note.id)).toBeUndefined()
    const later = plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy({ readableRefs: [FEATURE, MAIN], pruneRefs: [FEATURE] }),
      now: NOW + 2 * HOUR,
      complete: false,
    })
    expect(later.entries.find((e) => e.entry.id === note.id)?.reason).toBe('stale-note')
    const meanwhile = plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy({ readableRefs: [FEATURE, MAIN], pruneRefs: [FEATURE], graceMs: 0 }),
      now: NOW + HOUR / 2,
      complete: false,
    })
    expect(meanwhile.entries.find((e) => e.entry.id === note.id)?.reason).toBe('budget-note')
  })

  it('the scheduled prune lists the repository whatever a note says', async () => {
    const w = world()
    w.other('note', PR7, `buildkit-cache-action-budget-1-${(NOW + HOUR) / 1000}`, MARKER_VERSION, {
      age: 0,
    })
    const a = api(w.entries, 10_000)
    const outcome = await runPrune(run({ targetBytes: 0 }), deps(a.fake, indexSource(w)))
    expect(outcome.listed).toBe('repository')
    expect(a.calls).not.toContain('list * key=buildkit-cache-action-budget-')
  })
})

describe('runPrune: trust nothing it reads (rules 2, 3, 8, 12)', () => {
  /** Main's newest generation m#3 uses only c; m#2 (superseded) uses a. */
  function shifted() {
    const w = world()
    w.index('m#3', MAIN, 'app', 3, ['c'], { age: 3 * DAY, size: 5 })
    w.blob('c', MAIN, 'c', { age: 3 * DAY, size: 100 })
    return w
  }

  it('a listing that shifts between pages: the newest generation it missed is found by the second index listing, and its layers stay', async () => {
    const w = shifted()
    const a = api(w.entries, 500)
    const list = a.fake.listCaches
    // The entries listing of main lost m#3 at a page boundary; every other listing holds it.
    a.fake.listCaches = async (filter, options) => {
      const entries = await list(filter, options)
      return filter?.ref === MAIN && !filter.key
        ? entries.filter((e) => e.id !== w.id('m#3'))
        : entries
    }
    const outcome = await runPrune(run(), deps(a.fake, indexSource(w)))
    const reasons = Object.fromEntries(
      outcome.plan!.entries.map((p) => [w.label(p.entry.id), p.reason]),
    )
    expect(reasons['m#3']).toBe('newest-generation')
    expect(reasons.c).toBe('referenced')
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1', 'm#2'])
    expect(outcome.notices).toEqual([
      expect.stringMatching(
        /^The listing missed 1 index entry that a second listing holds \(first: index-app-/,
      ),
    ])
  })

  it('without the check, the same shifted listing would cost the newest generation its layer (the test can fail)', async () => {
    const w = shifted()
    const withoutM3 = w.entries.filter((e) => e.id !== w.id('m#3'))
    const p = plan({
      entries: withoutM3,
      indexes: w.reads,
      policy: policy({ targetBytes: 1000 }),
      now: NOW,
      complete: false,
    })
    expect(p.deletions.map((d) => w.label(d.entry.id))).toContain('c')
  })

  it('a listing that shifts between pages: when the second index listing fails, nothing is deleted', async () => {
    const w = shifted()
    const a = api(w.entries, 500)
    const list = a.fake.listCaches
    let indexListings = 0
    a.fake.listCaches = async (filter, options) => {
      if (filter?.key === 'index-' && ++indexListings === 2) throw new Error('HTTP 502')
      return list(filter, options)
    }
    const outcome = await runPrune(run(), deps(a.fake, indexSource(w)))
    expect(a.deleted).toEqual([])
    expect(outcome.plan).toBeUndefined()
    expect(outcome.problems).toEqual([
      'listing the index entries again (to check the listing) failed, so nothing was deleted: HTTP 502',
    ])
  })

  it.each([
    ['ahead of', 2 * HOUR],
    ['behind', -2 * HOUR],
  ])(
    'clocks: a runner %s GitHub’s judges entries by GitHub’s clock (the Date header) and says so',
    async (word, skew) => {
      const w = world()
      // Uploaded 10 minutes ago by GitHub's clock: within prune-grace (an hour).
      w.blob('x', MAIN, 'x', { age: 10 * MINUTE, size: 100 })
      const a = api(w.entries, 500)
      a.fake.clockOffset = () => -skew
      const recent: number[] = []
      const recentlyUsed = a.fake.listRecentlyUsed
      a.fake.listRecentlyUsed = async (since, options) => (
        recent.push(since),
        recentlyUsed(since, options)
      )
      const outcome = await runPrune(run(), {
        ...deps(a.fake, indexSource(w)),
        clock: () => NOW + skew,
      })
      const reason = outcome.plan!.entries.find((e) => e.entry.id === w.id('x'))?.reason
      expect(reason).toBe('within-grace')
      expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1'])
      // The re-check asks by GitHub's clock too.
      expect(recent).toEqual([NOW - 60_000])
      expect(outcome.notices).toEqual([
        `The runner's clock is 2.0 h ${word} GitHub's (by the Date header of its answers): entries were judged by GitHub's clock`,
      ])
    },
  )

  it('clocks: without the Date header’s offset, a runner 2 h ahead would delete a layer written 10 minutes ago (the test can fail)', async () => {
    const w = world()
    w.blob('x', MAIN, 'x', { age: 10 * MINUTE, size: 100 })
    const a = api(w.entries, 500)
    await runPrune(run(), { ...deps(a.fake, indexSource(w)), clock: () => NOW + 2 * HOUR })
    expect(a.deleted.map((id) => w.label(id))).toContain('x')
  })

  it('a DELETE that answers 404 while the entry still exists: the run confirms it with a fresh listing before what waited for it goes', async () => {
    // The closed pull request's older generation answers 404 but is still listed: its newest
    // generation waits for it (rule 8), and so does the layer only that one uses.
    const w = world()
    w.index('pr#2', PR7, 'app', 2, ['q'], { age: 4 * DAY, size: 5 })
    w.blob('q', PR7, 'q', { age: 4 * DAY, size: 100 })
    const a = api(w.entries, 500)
    a.fake.deleteCache = async (id) => {
      a.deleted.push(id)
      return id === w.id('pr#1') ? 'missing' : 'deleted'
    }
    const outcome = await runPrune(
      { ...run({ pruneRefs: [], dropRefs: [PR7], readableRefs: [PR7, MAIN] }), dropOnly: true },
      deps(a.fake, indexSource(w)),
    )
    expect(a.calls).toContain(`list ${PR7} key=${w.labels.get('pr#1')!.key}`)
    expect(a.deleted.map((id) => w.label(id))).not.toContain('pr#2')
    expect(outcome.execution?.failed.map((f) => w.label(f.planned.entry.id))).toEqual(['pr#1'])
    expect(outcome.execution?.skipped.map((p) => w.label(p.entry.id))).toContain('pr#2')
  })
})

describe('runPrune: a fork cannot switch pruning off (rule 12)', () => {
  it.each([
    ['a pull request’s ref (a fork can write there)', PR7, (NOW + 10 * HOUR) / 1000, 'repository'],
    ['a branch, until year 33658', FEATURE, 999_999_999_999, [MAIN]],
  ])(
    'a budget note from %s is honoured only as rule 12 allows',
    async (_, ref, seconds, listed) => {
      const w = world()
      w.other('note', ref, `buildkit-cache-action-budget-1-${seconds}`, MARKER_VERSION, {
        age: 0,
        size: 1,
      })
      const a = api(w.entries, 10_000)
      const outcome = await runPrune(
        { ...run({ targetBytes: 0 }), backOff: true },
        deps(a.fake, indexSource(w)),
      )
      expect(outcome.listed).toEqual(listed)
      if (listed !== 'repository') {
        // Never beyond one back-off from now, whatever the key says.
        expect(outcome.notices[0]).toContain(`until ${new Date(NOW + HOUR).toISOString()}`)
      }
    },
  )

  it('a pull request’s post step saves no budget note (nobody would honour it)', async () => {
    const w = world()
    const a = api(w.entries, 10_000)
    const saved: string[] = []
    const outcome = await runPrune(
      {
        ...run({ targetBytes: 0, readableRefs: [PR7, MAIN], pruneRefs: [PR7] }),
        backOff: true,
      },
      { ...deps(a.fake, indexSource(w)), saveMarker: async (key) => (saved.push(key), true) },
    )
    expect(outcome.plan?.budget).toBe('not-met')
    expect(saved).toEqual([])
  })
})

describe('runPrune: cost does not grow with what forks write beyond the deadline (rule 12)', () => {
  it('planning that runs past the deadline ends the run with nothing deleted', async () => {
    const w = world()
    // Enough entries for planning to ask the deadline several times.
    for (let i = 0; i < 2000; i++) w.blob(`x${i}`, MAIN, `x${i}`, { age: 6 * DAY, size: 1 })
    const a = api(w.entries, 500)
    const source = indexSource(w)
    let late = false
    const download = source.download.bind(source)
    source.download = async (url) => {
      late = true // the index read ends just before planning: the deadline passes then
      return download(url)
    }
    const outcome = await runPrune(
      { ...run(), deadline: NOW + 1000 },
      { ...deps(a.fake, source), clock: () => (late ? NOW + 2000 : NOW) },
    )
    expect(a.deleted).toEqual([])
    expect(outcome.plan).toBeUndefined()
    expect(outcome.problems).toEqual([
      'the time allowed for pruning ran out while planning; nothing more was done (the rest is left for the next run)',
    ])
  })
})

describe('runPrune: a pull request writing entries in a loop costs a post step one request a listing (rule 12)', () => {
  const PR8 = 'refs/pull/8/merge'
  /**
   * The world, and a pull request that wrote `n` index entries, one a second, until two minutes
   * ago (an index written during the listing may use every older blob: rule 5).
   */
  function flooded(n: number) {
    const w = world()
    for (let i = 0; i < n; i++)
      w.index(`flood#${i}`, PR8, `s${i}`, 1, undefined, { age: 2 * MINUTE + i * 1000, size: 1 })
    return w
  }

  it('beyond listLimit the index listing stops after its first page; orphan-age keeps what others may use, and the summary says why', async () => {
    const w = flooded(250)
    const a = api(w.entries, 500)
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 7 * DAY }), listLimit: 200 },
      deps(a.fake, indexSource(w)),
    )
    // One page of the repository's index listing; no marker listing, and the second index
    // listing is main's own (one page each).
    expect(a.calls.filter((c) => c.startsWith('list'))).toEqual([
      'list * key=index-',
      `list ${MAIN}`,
      `list ${MAIN} key=index-`,
    ])
    expect(outcome.requests.listPages).toBe(3)
    const reasons = Object.fromEntries(
      outcome.plan!.entries.map((p) => [w.label(p.entry.id), p.reason]),
    )
    // b, which only the superseded m#1 used, waits for orphan-age (7 days; rule 6); m#1 goes.
    expect(reasons.b).not.toBe('orphan')
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
    expect(outcome.notices).toContain(
      "The repository holds 254 entries under one key prefix of this action (index entries or markers), more than the 200 this run reads: orphan-age keeps every unreferenced blob other refs may read (rule 6 of docs/pruning-rules.md). A pull request writing entries in a loop, a fork's included, does this; once it closes, prune drops its entries",
    )
  })

  it('within listLimit the same repository is read whole and b goes (the limit is what keeps b; the test can fail)', async () => {
    const w = flooded(250)
    const a = api(w.entries, 500)
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 7 * DAY }), listLimit: 1000 },
      deps(a.fake, indexSource(w)),
    )
    expect(a.calls.filter((c) => c.startsWith('list *'))).toEqual([
      'list * key=index-',
      `list * key=${MARKER_KEY_PREFIX}`,
      'list * key=index-',
    ])
    // 3 pages of 254 index entries, twice; one of markers; one of main.
    expect(outcome.requests.listPages).toBe(3 + 1 + 1 + 3)
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1'])
  })

  it('over the target with more entries than listLimit, the budget takes from its own refs (least recently used layers no known live index uses first), then whole pull requests holding the largest entries', async () => {
    const w = flooded(250)
    const a = api(w.entries, 5000)
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 7 * DAY }), listLimit: 200 },
      deps(a.fake, indexSource(w)),
    )
    // No listing of the whole repository, one page of its index listing; main's own listed, and
    // the pull request holding the largest entries (the flooding one holds more than listLimit).
    expect(outcome.listed).toEqual([MAIN, PR7])
    expect(a.calls).not.toContain('list *')
    expect(a.calls.filter((c) => c.startsWith('list refs/pull'))).toEqual([
      `list ${PR7}`,
      'list refs/pull/8/merge',
      `list ${PR7} key=index-`,
    ])
    expect(outcome.notices).toContain(
      'The repository holds 258 cache entries, more than the 200 this run lists (rule 12 of docs/pruning-rules.md): to bring usage under prune-target it takes only from its own refs (superseded generations, then layers no live index it knows may use, least recently used first)',
    )
    const reasons = Object.fromEntries(
      outcome.plan!.entries.map((p) => [w.label(p.entry.id), p.reason]),
    )
    // b, which orphan-age would keep (rule 6; see the test above), goes for the budget; a, which
    // main's live index uses, stays; the pull request goes whole, its index before its layer;
    // the feature branch, which pull requests may read, is not touched.
    expect(reasons).toMatchObject({
      'm#1': 'superseded',
      b: 'budget-unreferenced',
      a: 'referenced',
      'pr#1': 'budget-lru-group',
      p: 'budget-lru-group',
    })
    expect(reasons.f).toBeUndefined()
    const p = outcome.plan!.entries.find((e) => w.label(e.entry.id) === 'p')!
    expect(p.after).toEqual([w.id('pr#1')])
    expect(a.deleted.map((id) => w.label(id)).sort()).toEqual(['b', 'm#1', 'p', 'pr#1'])
    expect(outcome.plan!.budget).toBe('not-met')
  })

  it("over the target with more entries than listLimit, a pull request's layer goes only with its ref whole, and not while the ref holds an entry in a layout it does not know", async () => {
    // Without listing the pull request, its layers are no candidate (control: the test above).
    const w = flooded(250)
    w.other('odd', PR7, 'index-odd-layout', BUILDKIT_CACHE_VERSION, { age: 5 * DAY, size: 1 })
    const a = api(w.entries, 5000)
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 7 * DAY }), listLimit: 200 },
      deps(a.fake, indexSource(w)),
    )
    expect(outcome.listed).toEqual([MAIN, PR7])
    const deleted = a.deleted.map((id) => w.label(id))
    expect(deleted).not.toContain('p')
    expect(deleted).not.toContain('pr#1')
  })

  it('under the target with more entries than listLimit, orphan-age still keeps b', async () => {
    const w = flooded(250)
    const a = api(w.entries, 500)
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 7 * DAY }), listLimit: 200 },
      deps(a.fake, indexSource(w)),
    )
    expect(outcome.plan!.budget).toBe('not-checked')
    expect(a.deleted.map((id) => w.label(id))).toEqual(['m#1'])
  })
})

describe("runPrune: a fork's garbage cannot hold a post step to its deadline (rule 12)", () => {
  it("a post step deletes its own ref's garbage first and at most its share of a fork's", async () => {
    const w = world()
    // The fork's pull request superseded its index 30 times: its ref holds garbage the post
    // step may judge from times (rule 5).
    for (let g = 1; g <= 30; g++) {
      w.index(`fork#${g}`, PR7, 'x', g, undefined, { age: 5 * DAY - g * MINUTE, size: 5 })
    }
    const a = api(w.entries, 500)
    const outcome = await runPrune({ ...run(), otherRefDeletes: 5 }, deps(a.fake, indexSource(w)))
    const refs = a.deleted.map((id) => w.entries.find((e) => e.id === id)!.ref)
    // Main's two first, then five of the fork's 29 superseded generations.
    expect(refs.slice(0, 2)).toEqual([MAIN, MAIN])
    expect(refs.slice(2)).toEqual(Array(5).fill(PR7))
    expect(outcome.execution!.skipped).toHaveLength(24)
    expect(outcome.notices).toContain(
      '24 planned deletions in other refs were left for a later run (a post step deletes at most 5 there, after its own ref’s and the default branch’s; the scheduled prune has time for them)'.replace(
        /’/g,
        "'",
      ),
    )
  })
})

describe('runPrune: merge queues', () => {
  it("on schedule, drops a merge queue's caches once its queue entry (branch) is gone; one still queued stays", async () => {
    const gone = `refs/heads/gh-readonly-queue/main/pr-3-${'a'.repeat(40)}`
    const queued = `refs/heads/gh-readonly-queue/main/pr-4-${'b'.repeat(40)}`
    const w = world()
    w.index('q-gone', gone, 'app', 1, undefined, { age: 2 * DAY, size: 5 })
    w.blob('q-gone-blob', gone, 'qg', { age: 2 * DAY, size: 100 })
    w.index('q-live', queued, 'app', 1, undefined, { age: 2 * DAY, size: 5 })
    const a = api(w.entries, 500)
    a.fake.branchExists = async (branch) => {
      a.calls.push(`branch ${branch}`)
      return branch === 'main' || branch === queued.slice('refs/heads/'.length)
    }
    const outcome = await runPrune(
      { ...run({ orphanAgeMs: 3 * DAY }), dropClosedPullRequests: true },
      deps(a.fake, indexSource(w)),
    )
    const reasons = Object.fromEntries(
      outcome.plan!.entries.map((p) => [w.label(p.entry.id), p.reason]),
    )
    expect(reasons['q-gone']).toBe('pr-closed')
    expect(reasons['q-gone-blob']).toBe('pr-closed')
    expect(reasons['q-live']).not.toBe('pr-closed')
    expect(a.deleted.map((id) => w.label(id))).toEqual(
      expect.arrayContaining(['q-gone', 'q-gone-blob']),
    )
  })
})
