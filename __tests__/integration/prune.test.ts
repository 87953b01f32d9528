/**
 * Pruning against the local cache service (dev/cache-service, Azurite inside): entries written
 * the way BuildKit writes them (dev/buildkit's exporter over the real protocol) and the entries
 * real BuildKit v0.24.0 wrote (fixtures), the real REST client (Octokit with its plugins) and the
 * real cache-service client. After every run, each live index the pruning job could read still
 * finds every blob it references through the cache service, and a rebuild still hits.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { BUILDKIT_CACHE_VERSION, indexKeyBase, parseKey } from '../../src/buildkit/keys.js'
import { referencedBlobKeys } from '../../src/buildkit/index-document.js'
import { createCacheServiceClient } from '../../src/cache-service/client.js'
import { createGitHubClient } from '../../src/github/client.js'
import { entrySaver } from '../../src/cache-service/writer.js'
import { MARKER_VERSION, parseMarker } from '../../src/prune/marker.js'
import { pruneAndMark, runPrune, type PruneOutcome, type PruneRun } from '../../src/prune/pruner.js'
import { runBuild } from '../../dev/buildkit/builder.js'
import { createGhaBackend } from '../../dev/buildkit/gha-backend.js'
import {
  synthesizeBuild,
  type ImageSpec,
  type Versions,
} from '../../dev/buildkit/synthetic-build.js'
import {
  ManualClock,
  startCacheService,
  type RunningCacheService,
} from '../../dev/cache-service/index.js'
import { HOUR, DAY, MAIN } from '../helpers/constants.js'
import { policy as testPolicy } from '../prune/world.js'

const FEATURE = 'refs/heads/feature'

const image: ImageSpec = {
  name: 'web',
  stages: [
    {
      name: 'build',
      base: { image: 'golang', size: 3000 },
      steps: [
        { name: 'deps', size: 2000 },
        { name: 'compile', size: 1500 },
      ],
    },
    {
      name: 'final',
      base: { image: 'alpine', size: 1000 },
      steps: [{ name: 'copy', size: 500, copyFrom: 'build' }],
    },
  ],
}

class Harness {
  constructor(
    readonly svc: RunningCacheService,
    readonly clock: ManualClock,
  ) {}

  backend(ref: string, readRefs?: string[]) {
    const env = this.svc.jobEnv({ ref, ...(readRefs ? { readRefs } : {}) })
    return createGhaBackend({
      protocol: 'v2',
      url: env.ACTIONS_RESULTS_URL,
      token: env.ACTIONS_RUNTIME_TOKEN,
    })
  }

  build(ref: string, scope: string, versions: Versions, readRefs?: string[]) {
    const records = synthesizeBuild(image, versions, new Date(this.clock.now()).toISOString())
    return runBuild(this.backend(ref, readRefs), records, {
      cacheFrom: [scope],
      cacheTo: { scope, mode: 'max' },
    })
  }

  /** A cache-service client with the runtime token of a job on `ref`. */
  reader(ref: string, readRefs?: string[]) {
    const env = this.svc.jobEnv({ ref, ...(readRefs ? { readRefs } : {}) })
    return createCacheServiceClient({
      protocol: 'v2',
      url: env.ACTIONS_RESULTS_URL,
      token: env.ACTIONS_RUNTIME_TOKEN,
    })
  }

  async prune(
    policy: Partial<PruneRun['policy']>,
    options: { dropOnly?: boolean; job?: string; githubToken?: string; markers?: boolean } = {},
  ): Promise<PruneOutcome> {
    const job = options.job ?? MAIN
    const env = this.svc.jobEnv({ ref: job, readRefs: job === MAIN ? [] : [MAIN] })
    return pruneAndMark(
      {
        policy: testPolicy({
          limitBytes: 10e9,
          targetBytes: 9e9,
          readableRefs: job === MAIN ? [MAIN] : [job, MAIN],
          pruneRefs: [job],
          ...policy,
        }),
        dryRun: false,
        concurrency: 4,
        ...(options.dropOnly ? { dropOnly: true } : {}),
        ...(options.markers ? { markerRef: job } : {}),
      },
      {
        saveMarker: entrySaver(
          { protocol: 'v2', url: env.ACTIONS_RESULTS_URL, token: env.ACTIONS_RUNTIME_TOKEN },
          MARKER_VERSION,
        ),
        api: createGitHubClient({
          token: options.githubToken ?? this.svc.githubToken,
          baseUrl: this.svc.apiUrl,
          repository: this.svc.repository,
          paceWrites: false,
          delayScale: 0.001,
          clock: () => this.clock.now(),
        }),
        indexSource: this.reader(job),
        clock: () => this.clock.now(),
        log: { info: () => {}, debug: () => {}, warning: () => {} },
      },
    )
  }

  keys(ref?: string): string[] {
    return this.svc
      .entries()
      .filter((e) => e.committed && (ref === undefined || e.ref === ref))
      .map((e) => e.key)
      .sort()
  }

  /**
   * The newest generation of every index group in `refs`, read through the cache service with a
   * token of its ref; every blob it references must resolve. Returns how many blobs were checked.
   */
  async assertChainsWhole(refs: string[]): Promise<number> {
    let checked = 0
    const entries = this.svc.entries().filter((e) => e.committed && refs.includes(e.ref))
    const newest = new Map<string, (typeof entries)[number]>()
    for (const e of entries) {
      const key = parseKey(e.key)
      if (key.kind !== 'index') continue
      const group = `${e.ref} ${key.base}`
      const current = newest.get(group)
      if (!current || e.createdAt > current.createdAt) newest.set(group, e)
    }
    for (const index of newest.values()) {
      const reader = this.reader(index.ref)
      const match = await reader.lookup(index.key)
      expect(match?.matchedKey).toBe(index.key)
      const bytes = await reader.download(match!.downloadUrl)
      for (const key of referencedBlobKeys(
        bytes,
        parseKey(index.key).kind === 'index' && (parseKey(index.key) as { signed: boolean }).signed,
      )) {
        const hit = await reader.lookup(key)
        if (hit === null)
          throw new Error(`${index.key} (${index.ref}) references ${key}, which no longer resolves`)
        expect((await reader.download(hit.downloadUrl)).length).toBeGreaterThan(0)
        checked++
      }
    }
    return checked
  }
}

const deletedKeys = (outcome: PruneOutcome) =>
  (outcome.execution?.deleted ?? []).map((d) => d.entry.key).sort()

describe('pruning BuildKit-format histories on the local cache service', () => {
  let h: Harness
  beforeAll(async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'))
    h = new Harness(await startCacheService({ clock, uploadsPerMinute: 0 }), clock)
    // Day 0: main builds; day 1: compile changes; day 3: deps changes (compile follows).
    await h.build(MAIN, 'web', {})
    h.clock.advance(DAY)
    await h.build(MAIN, 'web', { 'build/compile': '2' })
    h.clock.advance(2 * DAY)
    await h.build(MAIN, 'web', { 'build/compile': '2', 'build/deps': '2' })
    // A feature branch imports main's index and exports its own, reusing main's blobs.
    h.svc.setBranch('feature', true)
    h.clock.advance(12 * HOUR)
    const feature = await h.build(FEATURE, 'web', {
      'build/compile': '2',
      'build/deps': '2',
      'final/copy': 'f',
    })
    expect(feature.cached).toBeGreaterThan(0)
    h.clock.advance(3 * DAY)
  })
  afterAll(() => h.svc.stop())

  it('the post step on main deletes superseded generations and blobs no live index uses; chains stay whole', async () => {
    const base = indexKeyBase('web', MAIN)
    expect(h.keys(MAIN).filter((k) => k.startsWith(base))).toEqual([
      `${base}#1`,
      `${base}#2`,
      `${base}#3`,
    ])
    const blobsBefore = h.keys(MAIN).filter((k) => k.startsWith('buildkit-blob-1-'))

    const outcome = await h.prune({})
    expect(outcome.problems).toEqual([])
    expect(outcome.listed).toEqual([MAIN])
    expect(outcome.requests.indexLookups).toBe(1)
    const deleted = deletedKeys(outcome)
    expect(deleted.filter((k) => k.startsWith('index-'))).toEqual([`${base}#1`, `${base}#2`])
    // deps and compile of v1, compile v2 on the old deps: unreferenced and idle for days.
    const deletedBlobs = deleted.filter((k) => k.startsWith('buildkit-blob-1-'))
    expect(deletedBlobs.length).toBeGreaterThanOrEqual(3)
    expect(h.keys(MAIN).filter((k) => k.startsWith('buildkit-blob-1-'))).toHaveLength(
      blobsBefore.length - deletedBlobs.length,
    )
    expect(outcome.execution?.failed).toEqual([])

    expect(await h.assertChainsWhole([MAIN])).toBeGreaterThanOrEqual(5)
    // The feature branch was not this job's to prune.
    expect(h.keys(FEATURE).filter((k) => k.startsWith('index-'))).toHaveLength(1)
    // A rebuild of what main has now is entirely cached.
    const rebuild = await h.build(MAIN, 'web', { 'build/compile': '2', 'build/deps': '2' })
    expect(rebuild.blobNotFound).toBe(0)
    expect(rebuild.executed).toBe(0)
  })

  it('a second run right away finds nothing to delete, and a dry run deletes nothing', async () => {
    h.clock.advance(2 * HOUR)
    const again = await h.prune({})
    // The rebuild wrote #4, which superseded #3 two hours ago.
    expect(deletedKeys(again)).toEqual([`${indexKeyBase('web', MAIN)}#3`])
    const dry = await runDry(h)
    expect(dry.execution?.deleted).toEqual([])
    expect(dry.plan?.deletions).toEqual([])
  })

  it('keeps the repository under the target: closed pull request first, default branch protected', async () => {
    h.svc.setPullRequest(5, { state: 'open', base: 'main', head: 'pr-5' })
    const pr = 'refs/pull/5/merge'
    await h.build(pr, 'web', { 'build/compile': '2', 'build/deps': '2', 'final/copy': 'p' })
    h.svc.setPullRequest(5, { state: 'closed', base: 'main', head: 'pr-5' })
    h.clock.advance(3 * HOUR)
    const usage = h.svc.entries().reduce((s, e) => s + e.sizeBytes, 0)
    const prBytes = h.svc
      .entries()
      .filter((e) => e.ref === pr)
      .reduce((s, e) => s + e.sizeBytes, 0)
    expect(prBytes).toBeGreaterThan(0)

    const outcome = await h.prune({ limitBytes: usage, targetBytes: usage - prBytes })
    expect(outcome.listed).toBe('repository')
    expect(outcome.plan?.budget).toBe('met')
    expect(h.keys(pr)).toEqual([])
    expect(outcome.execution?.deleted.every((d) => d.entry.ref === pr)).toBe(true)
    expect(outcome.requests.refQueries).toBe(3) // the pull request, the default branch (can the token see branches?) and the feature branch

    // Far over the target: the feature branch goes whole; main's live set stays.
    const all = h.svc.entries().reduce((s, e) => s + e.sizeBytes, 0)
    const squeeze = await h.prune({ limitBytes: all, targetBytes: 1 })
    expect(squeeze.plan?.budget).toBe('not-met')
    expect(h.keys(FEATURE)).toEqual([])
    expect(squeeze.execution?.deleted.some((d) => d.reason === 'budget-lru-group')).toBe(true)
    expect(await h.assertChainsWhole([MAIN])).toBeGreaterThanOrEqual(5)
    const rebuild = await h.build(MAIN, 'web', { 'build/compile': '2', 'build/deps': '2' })
    expect(rebuild.blobNotFound).toBe(0)
    expect(rebuild.executed).toBe(0)
  })

  it('drops a closed pull request on its own ref listing', async () => {
    h.svc.setPullRequest(6, { state: 'open', base: 'main', head: 'pr-6' })
    const pr = 'refs/pull/6/merge'
    await h.build(pr, 'web', { 'build/compile': '3' })
    expect(h.keys(pr).length).toBeGreaterThan(1)
    h.clock.advance(2 * HOUR)
    const outcome = await h.prune(
      { pruneRefs: [], dropRefs: [pr], readableRefs: [pr, MAIN] },
      { dropOnly: true, job: pr },
    )
    expect(outcome.listed).toEqual([pr])
    expect(outcome.requests.usage).toBe(0)
    expect(h.keys(pr)).toEqual([])
    expect(await h.assertChainsWhole([MAIN])).toBeGreaterThanOrEqual(5)
  })

  it('without actions: write, lists and plans, then stops at the first delete with a permission error', async () => {
    h.clock.advance(3 * DAY)
    await h.build(MAIN, 'web', { 'build/compile': '4', 'build/deps': '2' })
    h.clock.advance(3 * DAY)
    const before = h.keys()
    const outcome = await h.prune({}, { githubToken: h.svc.readOnlyGithubToken })
    expect(outcome.plan?.deletions.length).toBeGreaterThan(0)
    expect(outcome.execution?.stopped?.reason).toBe('permission-denied')
    expect(outcome.execution?.requests).toBeLessThanOrEqual(4)
    expect(h.keys()).toEqual(before)
  })
})

async function runDry(h: Harness): Promise<PruneOutcome> {
  const outcome = await runPrune(
    {
      policy: testPolicy({
        graceMs: 0,
        orphanAgeMs: 0,
        limitBytes: 10e9,
        targetBytes: 9e9,
        ownKeyPrefixes: [],
      }),
      dryRun: true,
      concurrency: 4,
    },
    {
      api: createGitHubClient({
        token: h.svc.githubToken,
        baseUrl: h.svc.apiUrl,
        repository: h.svc.repository,
        paceWrites: false,
        clock: () => h.clock.now(),
      }),
      indexSource: h.reader(MAIN),
      clock: () => h.clock.now(),
      log: { info: () => {}, debug: () => {}, warning: () => {} },
    },
  )
  return outcome
}

describe('pruning what real BuildKit v0.24.0 wrote', () => {
  const dir = new URL('../fixtures/buildkit-v0.24.0-gha/', import.meta.url).pathname
  interface Recorded {
    id: number
    key: string
    version: string
    ref: string
    size: number
    created: number
    accessed: number
  }
  const recorded: Recorded[] = JSON.parse(readFileSync(`${dir}entries.json`, 'utf8'))
  let h: Harness

  beforeAll(async () => {
    // The recording took two seconds; spread it over days so superseded and idle mean something.
    const start = Date.parse('2026-03-01T00:00:00Z')
    const clock = new ManualClock(start)
    h = new Harness(await startCacheService({ clock, uploadsPerMinute: 0 }), clock)
    const first = Math.min(...recorded.map((e) => e.created))
    const at = (t: number) => start + (t - first) * 3 * 60_000 // 1 ms recorded = 3 minutes
    await h.svc.seedEntries(
      recorded.map((e) => {
        const parsed = parseKey(e.key)
        const content =
          parsed.kind === 'index'
            ? readFileSync(`${dir}indexes/${e.key.replace('#', '_')}.json`)
            : Buffer.from(`layer ${e.key}`)
        return {
          key: e.key,
          version: e.version,
          ref: e.ref,
          content,
          sizeBytes: e.size,
          createdAt: at(e.created),
          lastAccessedAt: at(e.accessed),
        }
      }),
    )
    clock.set(at(Math.max(...recorded.map((e) => e.accessed))) + 3 * DAY)
  })
  afterAll(() => h.svc.stop())

  it('deletes the superseded generations and the blobs only they referenced; judges the branch it cannot read from times', async () => {
    const outcome = await h.prune({})
    expect(outcome.problems).toEqual([])
    const blob = (prefix: string) =>
      recorded.find((e) => e.key.startsWith(`buildkit-blob-1-sha256:${prefix}`))!.key
    expect(deletedKeys(outcome)).toEqual(
      [
        'index-app-1-f921bd05#1',
        'index-app-1-f921bd05#2',
        'index-v1app-1-f921bd05#1',
        // Referenced by app#1/#2 (and the feature branch's #1, which main cannot read).
        blob('9673f23f'),
        blob('c15cc2b0'),
        // The feature branch's superseded generation: its keys say so. Its blobs were all in use
        // while the live #2 was written (BuildKit looked each up), so they stay.
        'index-app-1-f04dcc3f#1',
      ].sort(),
    )
    // Every recorded entry still there is BuildKit's: the version says so.
    expect(h.svc.entries().every((e) => e.version === BUILDKIT_CACHE_VERSION)).toBe(true)
    // The feature branch lost its superseded generation only, and main's live indexes are whole.
    expect(h.keys(FEATURE)).toEqual(
      recorded
        .filter((e) => e.ref === FEATURE && e.key !== 'index-app-1-f04dcc3f#1')
        .map((e) => e.key)
        .sort(),
    )
    expect(await h.assertChainsWhole([MAIN])).toBe(9)
    // The feature index's own blobs still resolve for a feature job (main's copy of the base too).
    const reader = h.reader(FEATURE)
    const doc = readFileSync(`${dir}indexes/index-app-1-f04dcc3f_2.json`)
    for (const key of referencedBlobKeys(doc, false))
      expect(await reader.lookup(key)).not.toBeNull()
  })
})

describe("markers: a pull request's post step declares what its index uses, main's prune believes it", () => {
  const PR = 'refs/pull/7/merge'
  let h: Harness
  beforeAll(async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'))
    h = new Harness(await startCacheService({ clock, uploadsPerMinute: 0 }), clock)
    h.svc.setPullRequest(7, { state: 'open', base: 'main', head: 'pr-7' })
  })
  afterAll(() => h.svc.stop())

  it('deletes a default-branch layer used while the index was written, which the marker says it does not use', async () => {
    await h.build(MAIN, 'web', {})
    h.clock.advance(50 * 60_000)
    // Main's second build: compile 2, which the pull request (on compile 1) never uses.
    await h.build(MAIN, 'web', { 'build/compile': '2' })
    h.clock.advance(10 * 60_000)
    const pr = await h.build(PR, 'web', { 'final/copy': 'pr' }, [MAIN])
    expect(pr.cached).toBeGreaterThan(0)
    const post = await h.prune({}, { job: PR, markers: true })
    expect(post.problems).toEqual([])
    expect(post.requests.markerWrites).toBe(1)
    const markers = h.svc.entries().filter((e) => e.ref === PR && e.version === MARKER_VERSION)
    expect(markers).toHaveLength(1)
    const prIndex = h.svc.entries().find((e) => e.ref === PR && parseKey(e.key).kind === 'index')!
    expect(parseMarker(markers[0].key)?.indexId).toBe(prIndex.id)

    // Main moves on; its next post step judges compile 2 and compile 1, neither used by main now.
    h.clock.advance(2 * HOUR)
    await h.build(MAIN, 'web', { 'build/compile': '3' })
    h.clock.advance(2 * HOUR)
    const outcome = await h.prune({})
    expect(outcome.problems).toEqual([])
    const reader = h.reader(PR, [MAIN])
    const match = await reader.lookup(prIndex.key)
    const used = new Set(referencedBlobKeys(await reader.download(match!.downloadUrl), false))
    const mainBlobs = outcome.plan!.entries.filter((p) => p.kind === 'blob' && p.entry.ref === MAIN)
    // Kept for the pull request: only what its index uses.
    const keptForPr = mainBlobs.filter((p) => p.reason === 'other-ref-index')
    expect(keptForPr.length).toBeGreaterThan(0)
    for (const p of keptForPr) expect(used.has(p.entry.key)).toBe(true)
    // Deleted: a layer last used within prune-grace before the index was written (times alone
    // would keep it), which the marker rules out.
    const ruledOut = mainBlobs.filter(
      (p) =>
        p.reason === 'unreferenced' &&
        Math.max(p.entry.createdAt, p.entry.lastAccessedAt) >= prIndex.createdAt - HOUR,
    )
    expect(ruledOut.length).toBeGreaterThan(0)
    for (const p of ruledOut) expect(used.has(p.entry.key)).toBe(false)
    expect(await h.assertChainsWhole([MAIN, PR])).toBeGreaterThan(0)
  })
})

describe('live means live on the local cache service (rules 0, 5, 10)', () => {
  const PR = 'refs/pull/9/merge'
  let h: Harness
  beforeAll(async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'))
    h = new Harness(await startCacheService({ clock, uploadsPerMinute: 0 }), clock)
  })
  afterAll(() => h.svc.stop())

  it('a pull request idle for days while main changes its dependencies and prunes builds again with every layer', async () => {
    await h.build(MAIN, 'web', {})
    h.clock.advance(HOUR)
    h.svc.setPullRequest(9, { state: 'open', base: 'main', head: 'pr-9' })
    const pr = await h.build(PR, 'web', { 'final/copy': 'pr9' }, [MAIN])
    expect(pr.cached).toBeGreaterThan(0)
    // Its post step marks what its index references.
    const marked = await h.prune({}, { job: PR, markers: true })
    expect(marked.requests.markerWrites).toBe(1)
    // Main changes its dependencies, then builds and prunes every day for six days, orphan-age
    // at its shortest.
    for (let day = 1; day <= 6; day++) {
      h.clock.advance(DAY)
      await h.build(MAIN, 'web', { 'build/deps': `${day + 1}`, 'build/compile': `${day + 1}` })
      h.clock.advance(2 * HOUR)
      const outcome = await h.prune({ orphanAgeMs: 0 })
      expect(outcome.problems).toEqual([])
    }
    // Main's first dependency layer is kept for the pull request's live index, and only for it.
    const before = h.svc.entries().filter((e) => e.ref === MAIN).length
    // The pull request comes back on the base it had: every layer is there, nothing runs.
    const back = await h.build(PR, 'web', { 'final/copy': 'pr9' }, [MAIN])
    expect(back.blobNotFound).toBe(0)
    expect(back.executed).toBe(0)
    expect(await h.assertChainsWhole([MAIN, PR])).toBeGreaterThanOrEqual(5)
    // Once it closes, the next run takes what only it used.
    h.svc.setPullRequest(9, { state: 'closed', base: 'main', head: 'pr-9' })
    h.clock.advance(2 * HOUR)
    await h.prune(
      { pruneRefs: [], dropRefs: [PR], readableRefs: [PR, MAIN] },
      { dropOnly: true, job: PR },
    )
    const after = await h.prune({ orphanAgeMs: 0 })
    expect(after.execution?.deleted.some((d) => d.reason === 'unreferenced')).toBe(true)
    expect(h.svc.entries().filter((e) => e.ref === MAIN).length).toBeLessThan(before)
  })

  it('an export that looks a planned blob up before the deletes keeps it (the re-check)', async () => {
    // A layer main no longer uses, idle for days: the plan deletes it.
    await h.build(MAIN, 'web', { 'build/deps': 'old', 'build/compile': 'old' })
    h.clock.advance(HOUR)
    await h.build(MAIN, 'web', { 'build/deps': 'new', 'build/compile': 'new' })
    h.clock.advance(3 * DAY)
    const reader = h.reader(MAIN)
    const env = h.svc.jobEnv({ ref: MAIN })
    const api = createGitHubClient({
      token: h.svc.githubToken,
      baseUrl: h.svc.apiUrl,
      repository: h.svc.repository,
      paceWrites: false,
      clock: () => h.clock.now(),
    })
    const policy: PruneRun['policy'] = testPolicy({
      orphanAgeMs: 0,
      limitBytes: 10e9,
      targetBytes: 9e9,
      ownKeyPrefixes: [],
    })
    let adopting = true
    const deps = {
      api: {
        ...api,
        // Another job's export looks a planned blob up (and so adopts it) just before the run
        // re-checks: through the real cache service, which refreshes its last use.
        listRecentlyUsed: async (since: number, options?: { onPage?: (page: number) => void }) => {
          if (adopting && adopted) {
            adopting = false
            h.clock.advance(1000)
            expect((await reader.lookup(adopted))?.matchedKey).toBe(adopted)
          }
          return api.listRecentlyUsed(since, options)
        },
      },
      indexSource: createCacheServiceClient({
        protocol: 'v2',
        url: env.ACTIONS_RESULTS_URL,
        token: env.ACTIONS_RUNTIME_TOKEN,
      }),
      clock: () => h.clock.now(),
      log: { info: () => {}, debug: () => {}, warning: () => {} },
    }
    // What the plan deletes, from a dry run of the same run.
    const dry = await runPrune({ policy, dryRun: true, concurrency: 4 }, deps)
    const adopted = dry.plan?.deletions.find((d) => d.kind === 'blob')?.entry.key
    const outcome = await runPrune({ policy, dryRun: false, concurrency: 4 }, deps)
    expect(adopted).toBeDefined()
    expect(outcome.plan?.deletions.map((d) => d.entry.key)).toContain(adopted)
    expect(outcome.execution?.moved.map((d) => d.entry.key)).toEqual([adopted])
    expect(h.keys(MAIN)).toContain(adopted)
    expect(outcome.execution?.deleted.length).toBeGreaterThan(0)
    expect(outcome.requests.rechecks).toBe(1)
  })
})
