/** What a pruning run should do, and which outcomes earn a warning (src/prune/request.ts). */
import { noRequests } from '../../src/prune/run-context.js'
import { describe, expect, it } from '@jest/globals'
import type { PruneSettings } from '../../src/inputs.js'
import { jobExport, readOnlyToken, runSettings } from '../../src/steps/prune-and-report.js'
import { outcomeWarnings } from '../../src/prune/warnings.js'
import type { PruneOutcome } from '../../src/prune/pruner.js'
import type { CacheSpec } from '../../src/cache-options/model.js'
import {
  OWN_KEY_PREFIXES,
  postStepRequest,
  pruneStepRequest,
  POST_LIST_LIMIT,
  PRUNE_LIST_LIMIT,
  triggerOf,
} from '../../src/prune/request.js'
import { exportUsesKeyMap } from '../../src/cache-options/key-map.js'
import type { MainState } from '../../src/state.js'
import { plan } from '../../src/prune/planner.js'
import { peakCreationsPerMinute } from '../../src/prune/inventory.js'
import { DAY, HOUR, MAIN, NOW, PR7, World, policy } from './world.js'

const settings: PruneSettings = {
  prune: true,
  cacheLimitBytes: 10e9,
  cacheLimitSource: 'input',
  pruneTargetBytes: 9e9,
  pruneTarget: { share: 0.9 },
  pruneGraceMs: HOUR,
  orphanAgeMs: 2 * DAY,
  orphanAgeSource: 'input',
  protectDefaultBranch: true,
  githubToken: 't',
  dryRun: false,
  summary: true,
}
const ctx = runSettings(settings, { defaultRef: MAIN, readableRefs: [PR7, MAIN], deadline: 123 })

const state = (overrides: Partial<MainState> = {}): MainState => ({
  version: 1,
  type: 'gha',
  scope: 'web',
  importEnabled: true,
  exportEnabled: true,
  protocol: 'v2',
  ref: PR7,
  readableRefs: [PR7, MAIN],
  writableRefs: [PR7],
  exportRef: PR7,
  startedAt: new Date(NOW - HOUR).toISOString(),
  ...overrides,
})

describe('triggerOf', () => {
  it.each<[string, unknown, ReturnType<typeof triggerOf>]>([
    [
      'pull_request',
      { action: 'closed', pull_request: { number: 7 } },
      { kind: 'pull-request-closed', number: 7, ref: PR7 },
    ],
    [
      'pull_request_target',
      { action: 'closed', pull_request: { number: 7 } },
      { kind: 'pull-request-closed', number: 7, ref: PR7 },
    ],
    [
      'pull_request',
      { action: 'synchronize', pull_request: { number: 7 } },
      { kind: 'budget', event: 'pull_request' },
    ],
    ['pull_request', { action: 'closed' }, { kind: 'budget', event: 'pull_request' }],
    [
      'pull_request',
      { action: 'closed', pull_request: { number: '7' } },
      { kind: 'budget', event: 'pull_request' },
    ],
    [
      'pull_request',
      { action: 'closed', pull_request: { number: 0 } },
      { kind: 'budget', event: 'pull_request' },
    ],
    ['schedule', { schedule: '0 3 * * *' }, { kind: 'budget', event: 'schedule' }],
    ['workflow_dispatch', undefined, { kind: 'budget', event: 'workflow_dispatch' }],
    ['push', null, { kind: 'budget', event: 'push' }],
  ])('%s %j', (name, payload, expected) => {
    expect(triggerOf(name, payload)).toEqual(expected)
  })
})

describe('runs', () => {
  it('the post step prunes the ref its exports land in, with the settings as policy', () => {
    const run = postStepRequest(jobExport(state()), ctx)
    expect(run).toEqual({
      policy: {
        graceMs: HOUR,
        orphanAgeMs: 2 * DAY,
        limitBytes: 10e9,
        targetBytes: 9e9,
        protectDefaultBranch: true,
        defaultRef: MAIN,
        readableRefs: [PR7, MAIN],
        ownKeyPrefixes: [...OWN_KEY_PREFIXES],
        exportsLookUpLayers: true,
        pruneRefs: [PR7],
        dropRefs: [],
      },
      dryRun: false,
      concurrency: 4,
      deadline: 123,
      markerRef: PR7,
      backOff: true,
      otherRefDeletes: 60,
      listLimit: POST_LIST_LIMIT,
    })
    expect(
      postStepRequest(jobExport(state({ exportRef: undefined, ref: 'refs/heads/x' })), ctx).policy
        .pruneRefs,
    ).toEqual(['refs/heads/x'])
    expect(
      postStepRequest(jobExport(state({ exportRef: undefined, ref: undefined })), ctx).policy
        .pruneRefs,
    ).toEqual([])
  })

  it.each<[string, Parameters<typeof state>[0], string | undefined]>([
    ["a pull request's export", {}, PR7],
    [
      'an export to the default branch (every job reads it)',
      { exportRef: MAIN, ref: MAIN },
      undefined,
    ],
    ['a read-only token (nothing exported)', { writableRefs: [] }, undefined],
  ])('the post step marks what the live indexes of %s reference', (_, overrides, ref) => {
    expect(postStepRequest(jobExport(state(overrides)), ctx).markerRef).toBe(ref)
  })

  it('prune drops a closed pull request alone, or prunes every readable ref', () => {
    const closed = pruneStepRequest({ kind: 'pull-request-closed', number: 7, ref: PR7 }, ctx)
    expect(closed.dropOnly).toBe(true)
    expect(closed.policy.dropRefs).toEqual([PR7])
    expect(closed.policy.pruneRefs).toEqual([])
    const budget = pruneStepRequest(
      { kind: 'budget', event: 'schedule' },
      { ...ctx, readableRefs: [MAIN] },
    )
    expect(budget.dropOnly).toBeUndefined()
    expect(budget.policy.pruneRefs).toEqual([MAIN])
    // The schedule finishes what pull_request: closed left within prune-grace.
    expect(budget.dropClosedPullRequests).toBe(true)
    expect(closed.dropClosedPullRequests).toBeUndefined()
    // prune has 30 minutes: it reads ten times what a post step does of other refs' listings.
    expect([closed.listLimit, budget.listLimit]).toEqual([PRUNE_LIST_LIMIT, PRUNE_LIST_LIMIT])
    expect(PRUNE_LIST_LIMIT).toBe(10 * POST_LIST_LIMIT)
  })

  it('after an export with BuildKit’s ghtoken key map, the post step does not date blobs by their use', () => {
    expect(
      postStepRequest(jobExport(state({ exportKeyMap: true })), ctx).policy.exportsLookUpLayers,
    ).toBe(false)
    expect(postStepRequest(jobExport(state()), ctx).policy.exportsLookUpLayers).toBe(true)
  })
})

describe('exportUsesKeyMap', () => {
  it.each<[string, CacheSpec[], boolean]>([
    ['no export', [], false],
    ['a plain gha export', [{ type: 'gha', attrs: [['scope', 'web']] }], false],
    [
      'ghtoken and repository',
      [
        {
          type: 'gha',
          attrs: [
            ['scope', 'web'],
            ['repository', 'o/r'],
            ['ghtoken', 'ghs_x'],
          ],
        },
      ],
      true,
    ],
    ['an empty ghtoken', [{ type: 'gha', attrs: [['ghtoken', '']] }], false],
    ['another type', [{ type: 'registry', attrs: [['ghtoken', 'x']] }], false],
  ])('%s', (_, exports, expected) => {
    expect(exportUsesKeyMap(exports)).toBe(expected)
  })
})

describe('outcomeWarnings', () => {
  const w = new World()
  w.other('npm', MAIN, 'npm-cache', 'f'.repeat(64), { size: 950 })
  const p = plan({
    entries: w.entries,
    indexes: w.reads,
    policy: policy({ limitBytes: 1000 }),
    now: NOW,
    complete: true,
  })
  const outcome = (o: Partial<PruneOutcome> = {}): PruneOutcome => ({
    listed: 'repository',
    requests: noRequests(),
    problems: [],
    notices: [],
    ...o,
  })
  const execution = (stopped?: {
    reason: 'permission-denied' | 'rate-limited' | 'deadline' | 'failures' | 'recheck-failed'
    error?: string
  }) => ({
    dryRun: false,
    deleted: [],
    missing: [],
    failed: [],
    skipped: [],
    moved: [],
    rechecks: 1,
    freedBytes: 0,
    requests: 1,
    lookups: 0,
    confirmations: 0,
    ...(stopped ? { stopped } : {}),
  })

  it.each<[string, Partial<PruneOutcome>, Parameters<typeof outcomeWarnings>[1], string[]]>([
    ['nothing to say', {}, {}, []],
    [
      'problems pass through',
      { problems: ['listing the caches failed'] },
      {},
      ['listing the caches failed'],
    ],
    [
      'missing actions: write',
      {
        execution: execution({
          reason: 'permission-denied',
          error: 'HTTP 403: Resource not accessible by integration',
        }),
      },
      {},
      [
        'the github-token may not delete caches (HTTP 403: Resource not accessible by integration); give the job "permissions: actions: write". The plan below shows what would have been deleted.',
      ],
    ],
    [
      'rate limit',
      { execution: execution({ reason: 'rate-limited', error: 'HTTP 429' }) },
      {},
      [
        "GitHub's API rate limit stopped the deletions (HTTP 429); the rest is left for the next run",
      ],
    ],
    [
      'deadline',
      { execution: execution({ reason: 'deadline' }) },
      {},
      ['the time allowed for pruning ran out; the rest is left for the next run'],
    ],
    [
      'a re-check that failed (rule 10)',
      { execution: execution({ reason: 'recheck-failed', error: 'HTTP 502' }) },
      {},
      [
        're-checking the plan against a fresh listing failed (HTTP 502), so no deletion was sent after it; the rest is left for the next run',
      ],
    ],
    [
      'usage well above cache-limit: a raised limit',
      { plan: { ...p, limitRaised: true, usageBeforeBytes: 1500, usageAfterBytes: 500 } },
      {},
      [
        "usage (1.5 kB) is well above cache-limit (1.0 kB), which GitHub would not allow: the repository's limit is evidently higher than cache-limit. Pruning deleted garbage but evicted no branch's or pull request's live cache to meet a target below what GitHub allows; leave cache-limit empty to use the limit GitHub reports (the token needs actions: read), or set it to the repository's limit",
      ],
    ],
    [
      'a budget it could not meet (rule 12)',
      { plan: { ...p, budget: 'not-met', usageAfterBytes: 500 } },
      {},
      [
        "usage stays above prune-target after everything pruning may delete: what is left is in use, within prune-grace or the protected default branch's live cache; post steps back off from listing the whole repository for an hour; raise prune-target or cache-limit (if the repository's limit is higher), or turn protection off",
      ],
    ],
    [
      'usage near the limit',
      { plan: p },
      {},
      [
        'cache usage is 95% of cache-limit after pruning: GitHub evicts least recently used entries above the limit, live layers included',
      ],
    ],
    [
      'scope collision',
      {},
      { collisions: [{ scope: 'web', generations: 2 }] },
      [
        'scope "web" got 2 exports in this run: each replaces the last (BuildKit does not merge indexes); give each job or matrix leg its own scope',
      ],
    ],
    [
      'read-only token',
      {},
      { readOnlyToken: readOnlyToken(state({ writableRefs: [], exportRef: undefined })) },
      [
        'the runtime token is read-only (an untrusted trigger such as pull_request_target): BuildKit could not export, and this job’s cache was not updated',
      ],
    ],
    ['a token that reads and writes', {}, { readOnlyToken: readOnlyToken(state()) }, []],
  ])('%s', (_, o, context, expected) => {
    expect(outcomeWarnings(outcome(o), context)).toEqual(expected)
  })
})

describe('the upload rate (GitHub: 200 new entries a minute)', () => {
  const world = (count: number, spreadMs: number) => {
    const w = new World()
    for (let i = 0; i < count; i++) {
      w.blob(`b${i}`, PR7, `b${i}`, { age: 10 * 60_000 - Math.floor((i * spreadMs) / count) })
    }
    w.blob('old', PR7, 'old', { age: DAY })
    return plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy(),
      now: NOW,
      complete: false,
    })
  }

  it.each([
    [160, 30_000, 160],
    [160, 5 * 60_000, 32],
    [10, 1000, 10],
  ])('%i entries over %i ms: at most %i within one minute', (count, spread, peak) => {
    expect(peakCreationsPerMinute(world(count, spread), PR7, NOW - HOUR)).toBe(peak)
  })

  it("a job alone near GitHub's upload rate is told what to change; one well under it is not", () => {
    const near = outcomeWarnings(
      { listed: [], requests: {} as PruneOutcome['requests'], problems: [], notices: [] },
      { peakCreationsPerMinute: 160 },
    )
    expect(near).toEqual([
      "this job's export created 160 cache entries within one minute; GitHub lets a repository create 200 a minute and answers 429 beyond it (BuildKit writes one entry per new layer): use mode: min, or fewer scopes or matrix legs exporting at once",
    ])
    expect(
      outcomeWarnings(
        { listed: [], requests: {} as PruneOutcome['requests'], problems: [], notices: [] },
        { peakCreationsPerMinute: 40 },
      ),
    ).toEqual([])
  })
})
