/**
 * Property-based tests of pruning's safety rules over random histories: several refs and scopes,
 * exports (some still in flight when a prune runs) that look up every layer they reference, as
 * BuildKit's exporter does, imports, GitHub's own LRU eviction, pull requests closing, branches
 * being deleted, and prune runs of every kind with failing index reads and failing deletes: the
 * planner on a whole listing, or a whole pruning run (src/prune/pruner.ts) deciding for itself
 * what to list. The oracle below re-derives liveness from BuildKit's rules on its own, and knows
 * which entries each export looked up; it shares no code with the planner.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { blobKey, indexKey, indexKeyBase } from '../../src/buildkit/keys.js'
import { PAGE_SIZE } from '../../src/github/caches.js'
import { runPrune } from '../../src/prune/pruner.js'
import { DAY, HOUR, MINUTE, digest, policy } from './world.js'
import {
  MAIN,
  A,
  PR2,
  readableFrom,
  type Event,
  eventsOf,
  event,
  Repo,
  stats,
  simulate,
  faultyApi,
  prune,
  exportOf,
} from './simulator.js'

describe('pruning over random histories', () => {
  it('never deletes a live chain, anything within grace, a foreign entry or the protected default branch (rules 0 to 13)', async () => {
    let prunes = 0
    let deletions = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 10, maxLength: 80, size: 'max' }),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(false) },
          { weight: 1, arbitrary: fc.constant(true) },
        ),
        async (events, keyMap) => {
          const r = await simulate(events, keyMap)
          prunes += r.prunes
          deletions += r.deletions
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 400), seed: Number(process.env.PROP_SEED ?? 42) },
    )
    if (process.env.PROP_STATS) console.log(JSON.stringify(stats))
    // The histories exercised pruning for real: plans ran and deleted things, whole runs among
    // them; times kept blobs that indexes the job could not read may use, and judged refs it
    // could not read.
    expect(prunes).toBeGreaterThan(200)
    expect(deletions).toBeGreaterThan(500)
    expect(stats.runs).toBeGreaterThan(100)
    expect(stats.keptByTimes).toBeGreaterThan(50)
    expect(stats.judgedFromTimes).toBeGreaterThan(50)
    // Among them, entries a live index this job could not read had looked up, in its own ref.
    expect(stats.ownTrue).toBeGreaterThan(20)
    // Post steps marked their live indexes, and runs that could not read them went by the marks.
    expect(stats.markers).toBeGreaterThan(30)
    // (Fewer since forks write in the pull requests' refs too: 6 at seed 42.)
    expect(stats.markedKeeps).toBeGreaterThan(3)
    // Idle live indexes kept what they may use past orphan-age (rule 5); exports inside runs
    // adopted what plans meant to delete, and re-checks kept it (rule 10), a few inside the
    // window the re-check leaves; indexes in layouts this code does not know were read as
    // a failed read (rule 4).
    expect(stats.keptPastOrphanAge).toBeGreaterThan(100)
    expect(stats.concurrentIndexes).toBeGreaterThan(300)
    // (13 to 18 at seeds 10 and 12, over 20 at seed 42.)
    expect(stats.moved).toBeGreaterThan(10)
    expect(stats.windowAdoptions).toBeGreaterThan(0)
    expect(stats.futureLayouts).toBeGreaterThan(10)
    expect(stats.unknownKeys).toBeGreaterThan(30)
    // The adversaries and the flaky world: listings that missed an index, deletes answered with
    // a wrong 404, runner clocks hours off GitHub's, and forks writing what they like, with plans
    // compared with and without what the forks wrote.
    expect(stats.shifted).toBeGreaterThan(50)
    expect(stats.wrong404s).toBeGreaterThan(20)
    expect(stats.skewedRuns).toBeGreaterThan(50)
    expect(stats.forkWrites).toBeGreaterThan(100)
    expect(stats.forkCompared).toBeGreaterThan(30)
    expect(stats.forkNotesIgnored).toBeGreaterThan(5)
    // Runs over a small listLimit whose budget also took whole pull requests found by size.
    expect(stats.byteHolderRuns).toBeGreaterThan(10)
    expect(stats.byteHolderEvictions).toBeGreaterThan(0)
  })

  it('an idle pull request keeps every layer its live index uses while the default branch moves on (rule 5)', async () => {
    // Main builds layers 0 and 1; PR2 builds on them (finds main's, uploads its own 5) and then
    // sits idle for six days while main changes dependencies every day and prunes after each
    // build, with orphan-age at its shortest. Then PR2 builds again.
    const days = Array.from({ length: 6 }, (_, i): Event[] => [
      { t: 'advance', ms: DAY },
      exportOf(0, [2 + i, 10]),
      { t: 'advance', ms: 2 * HOUR },
      prune(0),
    ]).flat()
    const { repo } = await simulate([
      exportOf(0, [0, 1]),
      { t: 'advance', ms: 10 * MINUTE },
      exportOf(4, [0, 1, 5]),
      ...days,
    ])
    const pr = repo.newestIndex(PR2, 'app')!
    expect(repo.now - pr.createdAt).toBeGreaterThan(6 * DAY)
    for (const key of repo.contents.get(pr.id)!) {
      expect(repo.find(key, readableFrom(PR2))).toBeDefined()
    }
    // Main's own layers of the first days went: only PR2's index used them, and 0 and 1 stay.
    expect(repo.find(blobKey(digest('layer-2')), [MAIN])).toBeUndefined()
    expect(repo.find(blobKey(digest('layer-0')), [MAIN])?.ref).toBe(MAIN)
  })

  it('a re-check keeps what an export adopts after the plan was made (rule 10)', async () => {
    // Main's index moved from layer 0 to layer 1, so its post step plans to delete 0; an export of
    // main looks 0 up after the listing (the run's fifth request) and writes its index before the
    // re-check that precedes the deletes.
    const before = { ...stats }
    const { repo } = await simulate([
      exportOf(0, [0]),
      { t: 'advance', ms: 2 * HOUR },
      exportOf(0, [1]),
      { t: 'advance', ms: 2 * HOUR },
      prune(0, { concurrent: [{ ref: 0, scope: 1, layers: [0], after: 4 }], pace: 1000 }),
    ])
    expect(stats.moved - before.moved).toBe(1)
    const tools = repo.newestIndex(MAIN, 'tools')!
    expect(repo.contents.get(tools.id)).toEqual([blobKey(digest('layer-0'))])
    expect(repo.find(blobKey(digest('layer-0')), [MAIN])).toBeDefined()
  })

  it('an index in a layout this code does not know protects what it may reference (rule 4)', async () => {
    // Main's newest index is in a future layout: its post step cannot tell what it references,
    // so it keeps every blob main holds, and says so.
    const before = { ...stats }
    const { repo } = await simulate([
      exportOf(0, [0]),
      { t: 'advance', ms: 2 * HOUR },
      exportOf(0, [2]),
      { t: 'advance', ms: 2 * HOUR },
      exportOf(0, [1], 'future'),
      { t: 'advance', ms: 2 * HOUR },
      prune(0),
    ])
    expect(stats.futureLayouts - before.futureLayouts).toBe(1)
    for (const layer of [0, 1, 2]) {
      expect(repo.find(blobKey(digest(`layer-${layer}`)), [MAIN])).toBeDefined()
    }
    // The superseded generations went: only blobs wait for what a failed read may reference.
    expect([...repo.entries.values()].filter((e) => e.key.startsWith('index-'))).toHaveLength(1)
  })

  it('an idle pull request whose copy went keeps the default branch entry it now uses (rules 5, 7)', async () => {
    // PR2 builds layer 0 first, main builds it too, PR2 builds again (its export finds its own
    // copy), main's post step deletes the copy, main moves on, and its next post step judges
    // main's entry, which nothing on main uses any more. Only the lookups around the delete date
    // PR2's use of it: without them, that run would delete it under PR2's live index.
    const before = { ...stats }
    await simulate([
      exportOf(4, [0]),
      { t: 'advance', ms: MINUTE },
      exportOf(0, [0]),
      { t: 'advance', ms: 10 * HOUR },
      exportOf(4, [0]),
      { t: 'advance', ms: 2 * HOUR },
      prune(2 * DAY),
      { t: 'advance', ms: HOUR },
      exportOf(0, [1]),
      { t: 'advance', ms: 2 * HOUR },
      prune(2 * DAY),
    ])
    expect(stats.copiesDeleted - before.copiesDeleted).toBe(1)
    expect(stats.keptByTimes - before.keptByTimes).toBeGreaterThan(0)
  })

  it("a pull request's copy goes only where its indexes stay as protected as if they had found the default branch's entry (rule 7)", async () => {
    // Histories where pull requests build layers before the default branch does, and then idle
    // while the default branch moves on and prunes: the same checks as above, with every copy
    // the regular pass deletes redirecting its indexes to the default branch's entry.
    const before = { ...stats }
    // Only the default branch and the pull requests, few layers, the default branch's protection
    // mostly on, exports trusted to look their layers up.
    const copyHeavy = eventsOf({
      weights: {
        advance: 4,
        export: 5,
        finish: 1,
        import: 1,
        evict: 0,
        foreign: 0,
        'close-pr': 0,
        'delete-branch': 0,
        fork: 0,
        prune: 4,
      },
      ref: fc.constantFrom(0, 0, 3, 4),
      maxConcurrent: 1,
      importRef: fc.constantFrom(0, 3, 4),
      layers: [0, 1, 2, 3, 4],
      maxLayers: 3,
      prune: {
        mode: fc.constantFrom('post' as const, 'schedule' as const),
        job: fc.constantFrom(0, 0, 0, 3, 4),
        maxFailReads: 1,
        maxFailDeletes: 2,
        protect: fc.constantFrom(true, true, false),
        grace: fc.constantFrom(0, 30 * MINUTE, HOUR),
        lookups: fc.constant(true),
      },
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(copyHeavy, { minLength: 10, maxLength: 60, size: 'max' }),
        async (events) => void (await simulate(events)),
      ),
      { numRuns: 600, seed: 7 },
    )
    expect(stats.regularCopies - before.regularCopies).toBeGreaterThan(10)
    expect(stats.copies - before.copies).toBeGreaterThan(20)
    expect(stats.copiesDeleted - before.copiesDeleted).toBeGreaterThan(20)
    // Later runs kept the default branch's entry for indexes redirected to it, by times.
    expect(stats.keptByTimes - before.keptByTimes).toBeGreaterThan(100)
  })

  /** A post-step-like run over the default branch alone that may delete anything unprotected. */
  const pruneMainOnly = (api: Parameters<typeof runPrune>[1]['api'], now: number) =>
    runPrune(
      {
        policy: policy({
          orphanAgeMs: 0,
          limitBytes: 1,
          targetBytes: 0,
          protectDefaultBranch: false,
          ownKeyPrefixes: [],
        }),
        dryRun: false,
        concurrency: 4,
      },
      {
        api,
        clock: () => now,
        log: { info: () => {}, debug: () => {}, warning: () => {} },
      },
    )

  it('deletes nothing when any page of the listing failed, came up short or shifted (rule 3)', async () => {
    let listed = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 101, max: 450 }),
        fc.record({
          kind: fc.constantFrom('fail' as const, 'short' as const, 'shift' as const),
          page: fc.integer({ min: 1, max: 5 }),
        }),
        async (n, fault) => {
          const repo = new Repo()
          for (let i = 0; i < n; i++) {
            repo.now += MINUTE
            repo.add(
              i % 3 === 0 ? MAIN : A,
              i % 2 ? blobKey(digest(`b${i}`)) : indexKey(indexKeyBase('app', MAIN), i + 1),
              10,
            )
          }
          repo.now += 30 * DAY
          const entries = repo.listing()
          const pages = Math.ceil(entries.length / PAGE_SIZE)
          // A fault on the last page shifts nothing after it: only earlier pages count.
          fc.pre(fault.page <= pages && !(fault.kind === 'shift' && fault.page === pages))
          listed++
          const deletes: number[] = []
          const outcome = await pruneMainOnly(faultyApi(entries, fault, deletes), repo.now)
          expect(deletes).toEqual([])
          expect(outcome.plan).toBeUndefined()
          expect(outcome.problems[0]).toMatch(
            /^listing the caches failed, so nothing was deleted: cache listing incomplete/,
          )
        },
      ),
      { numRuns: 100, seed: 7 },
    )
    expect(listed).toBeGreaterThan(50)
  })

  it('with the same histories and no fault, the same run does delete (the fault is what stops it)', async () => {
    const repo = new Repo()
    for (let i = 0; i < 250; i++) {
      repo.now += MINUTE
      repo.add(MAIN, blobKey(digest(`b${i}`)), 10)
    }
    repo.now += 30 * DAY
    const deletes: number[] = []
    const api = faultyApi(repo.listing(), { kind: 'fail', page: 99 }, deletes)
    const outcome = await pruneMainOnly(api, repo.now)
    expect(outcome.problems).toEqual([])
    expect(deletes).toHaveLength(250)
  })
})
