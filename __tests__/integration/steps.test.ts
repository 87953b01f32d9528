/**
 * The post step and the `prune` entry point as the runner runs them: environment, inputs, state
 * and event file set as for a job, against the local cache service. Checks outputs, the job
 * summary file and the warnings; neither step may fail the job.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { BUILDKIT_CACHE_VERSION, indexKeyBase } from '../../src/buildkit/keys.js'
import { LOCAL_KEY_PREFIX } from '../../src/local/keys.js'
import type { MainState } from '../../src/state.js'
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
import { scratchDir } from '../helpers/scratch.js'
import { type StepModule, type StepOptions, runStepIn } from '../helpers/step-run.js'
import { HOUR, DAY, MAIN } from '../helpers/constants.js'

const PR = 'refs/pull/9/merge'

const image: ImageSpec = {
  name: 'web',
  stages: [
    {
      name: 'build',
      base: { image: 'alpine', size: 700 },
      steps: [{ name: 'compile', size: 300 }],
    },
  ],
}

let svc: RunningCacheService
let clock: ManualClock
const dir = scratchDir('prune-steps-')
const savedEnv = { ...process.env }

async function build(ref: string, versions: Versions) {
  const env = svc.jobEnv({ ref })
  const backend = createGhaBackend({
    protocol: 'v2',
    url: env.ACTIONS_RESULTS_URL,
    token: env.ACTIONS_RUNTIME_TOKEN,
  })
  await runBuild(backend, synthesizeBuild(image, versions, new Date(clock.now()).toISOString()), {
    cacheFrom: ['web'],
    cacheTo: { scope: 'web', mode: 'max' },
  })
}

beforeAll(async () => {
  // History in the recent past, so that the steps' own clock (Date.now) sees it as it happened.
  clock = new ManualClock(Date.now() - 5 * DAY)
  svc = await startCacheService({ clock, uploadsPerMinute: 0 })
  await build(MAIN, {})
  clock.advance(DAY)
  await build(MAIN, { 'build/compile': '2' })
  svc.setPullRequest(9, { state: 'open', base: 'main', head: 'topic' })
  clock.set(Date.now() - 3 * HOUR)
  await build(PR, { 'build/compile': '3' })
  svc.setPullRequest(9, { state: 'closed', base: 'main', head: 'topic' })
  clock.set(Date.now())
})
afterAll(() => svc.stop())
afterEach(() => {
  process.env = { ...savedEnv }
  jest.restoreAllMocks()
})

/** Runs an entry point's `run()` in a job environment and collects what it left behind. */
const runStep = (module: StepModule, o: StepOptions) => {
  clock.set(Math.max(clock.now(), Date.now()))
  return runStepIn({ svc, dir, env: savedEnv }, module, o)
}

const mainState = (): MainState => ({
  version: 1,
  type: 'gha',
  scope: 'web',
  importEnabled: true,
  exportEnabled: true,
  protocol: 'v2',
  ref: MAIN,
  readableRefs: [MAIN],
  writableRefs: [MAIN],
  exportRef: MAIN,
  startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
})

const keysIn = (ref: string) =>
  svc
    .entries()
    .filter((e) => e.ref === ref)
    .map((e) => e.key)

describe('the steps against the local cache service', () => {
  it('prune without actions: write plans, warns once, writes the summary, deletes nothing, does not fail', async () => {
    const before = svc.entries().length
    const step = await runStep('../../src/steps/prune-step.js', {
      ref: MAIN,
      event: { name: 'schedule', payload: { repository: { default_branch: 'main' } } },
      githubToken: svc.readOnlyGithubToken,
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toHaveLength(1)
    expect(step.warnings[0]).toMatch(
      /^the github-token may not delete caches \(HTTP 403: Resource not accessible by integration/,
    )
    expect(step.outputs['deleted-count']).toBe('0')
    expect(step.summary).toContain('## BuildKit cache: prune')
    expect(step.summary).toContain('stopped: permission-denied')
    expect(svc.entries()).toHaveLength(before)
  })

  it.each(['none', 'write-only'])(
    'prune with cache-mode %s says once that it cannot read the indexes, and keeps what they use',
    async (mode) => {
      const step = await runStep('../../src/steps/prune-step.js', {
        ref: MAIN,
        event: { name: 'workflow_dispatch', payload: { repository: { default_branch: 'main' } } },
        inputs: { 'dry-run': 'true' },
        env: { ACTIONS_CACHE_MODE: mode },
      })
      expect(step.failed).toBe(false)
      expect(step.warnings).toEqual([
        `cache-mode is ${mode} (ACTIONS_CACHE_MODE): this job may not read the cache (give the job cache-mode: read or write), so 1 live indexes were not read; what they may reference was kept`,
      ])
      // Without the live index, main's blob that only the superseded generation used stays.
      expect(step.summary).toContain('**Would delete 3 entries')
    },
  )

  it('usage far above cache-limit: warns that the limit was raised, in the log and the summary, and evicts no live cache', async () => {
    const step = await runStep('../../src/steps/prune-step.js', {
      ref: MAIN,
      event: { name: 'schedule', payload: { repository: { default_branch: 'main' } } },
      inputs: { 'dry-run': 'true', 'cache-limit': '1KB' },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toHaveLength(1)
    expect(step.warnings[0]).toMatch(
      /^usage \(.+\) is well above cache-limit \(1\.0 kB\), which GitHub would not allow: the repository's limit is evidently higher than cache-limit\./,
    )
    expect(step.summary).toContain("the repository's limit is evidently higher than cache-limit")
    expect(step.summary).not.toContain('least recently used (ref, scope) group')
  })

  it.each([
    [200, 25e9, "Cache limit 25.0 GB: the repository's, as GitHub reports it"],
    [
      403,
      25e9,
      "Cache limit 10.0 GB: GitHub's default (cache-limit is empty, and the repository's limit could not be read: reading it failed: HTTP 403",
    ],
    [404, 25e9, "Cache limit 10.0 GB: GitHub's default"],
  ] as const)(
    'the cache limit GitHub reports: with cache-limit empty, the endpoint answering %i and a limit of %d bytes, the run says: %s',
    async (status, limit, said) => {
      svc.setLimitBytes(limit)
      svc.setStorageLimitStatus(status)
      try {
        const step = await runStep('../../src/steps/prune-step.js', {
          ref: MAIN,
          event: { name: 'workflow_dispatch', payload: { repository: { default_branch: 'main' } } },
          inputs: { 'dry-run': 'true', 'cache-limit': '', 'orphan-age': '' },
        })
        expect(step.failed).toBe(false)
        expect(step.log).toContain(said)
        expect(step.summary).toContain(said)
        // The retention, likewise: the service keeps unused entries 7 days.
        expect(step.log).toContain(
          status === 200
            ? "orphan-age 7 days: the repository's cache retention, as GitHub reports it"
            : "orphan-age 7 days: GitHub's default retention (orphan-age is empty",
        )
      } finally {
        svc.setStorageLimitStatus(200)
        svc.setLimitBytes(10 * 1024 ** 3)
      }
    },
  )

  it('a dry run prints the plan, reports it, and deletes nothing', async () => {
    const before = svc.entries().length
    const step = await runStep('../../src/steps/prune-step.js', {
      ref: MAIN,
      event: { name: 'workflow_dispatch', payload: { repository: { default_branch: 'main' } } },
      inputs: { 'dry-run': 'true' },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toEqual([])
    expect(svc.entries()).toHaveLength(before)
    expect(step.outputs['deleted-count']).toBe('0')
    expect(step.log).toContain(`would delete `)
    expect(step.log).toContain(`${indexKeyBase('web', MAIN)}#1 (`)
    expect(step.summary).toContain('## BuildKit cache: prune (dry run)')
    // Main's superseded generation and the blob only it used; and the closed pull request's two
    // entries, which a scheduled run drops whole.
    expect(step.summary).toContain('**Would delete 4 entries')
    expect(step.summary).toContain(
      '| would delete | cache of the closed pull request (or of a merge queue entry that ended) | 1 | 2 (',
    )
  })

  it('the post step on main deletes the superseded generation and its orphaned blobs', async () => {
    const base = indexKeyBase('web', MAIN)
    expect(
      keysIn(MAIN)
        .filter((k) => k.startsWith(base))
        .sort(),
    ).toEqual([`${base}#1`, `${base}#2`])
    const usage = svc.entries().reduce((s, e) => s + e.sizeBytes, 0)
    const step = await runStep('../../src/steps/post.js', { ref: MAIN, state: mainState() })
    expect(step.failed).toBe(false)
    expect(step.warnings).toEqual([])
    expect(keysIn(MAIN).filter((k) => k.startsWith(base))).toEqual([`${base}#2`])
    // #1, and the compile layer only #1 used.
    expect(step.outputs['deleted-count']).toBe('2')
    const freed = Number(step.outputs['freed-bytes'])
    expect(freed).toBeGreaterThan(250)
    expect(Number(step.outputs['usage-bytes'])).toBe(usage - freed)
    expect(step.summary).toContain('## BuildKit cache: post step')
    expect(step.summary).toContain('| <code>refs/heads/main</code> | <code>web</code> | 2 (1) |')
    expect(step.summary).toContain('superseded index generation')
  })

  it('prune on a closed pull request drops its caches and nothing else', async () => {
    expect(keysIn(PR).length).toBeGreaterThan(0)
    const others = svc.entries().filter((e) => e.ref !== PR).length
    const step = await runStep('../../src/steps/prune-step.js', {
      ref: PR,
      event: {
        name: 'pull_request',
        payload: {
          action: 'closed',
          pull_request: { number: 9 },
          repository: { default_branch: 'main' },
        },
      },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toEqual([])
    expect(keysIn(PR)).toEqual([])
    expect(svc.entries().filter((e) => e.ref !== PR)).toHaveLength(others)
    expect(step.summary).toContain('cache of the closed pull request')
  })

  it('a bad input in the post step is a warning, not a failure', async () => {
    const step = await runStep('../../src/steps/post.js', {
      ref: MAIN,
      state: mainState(),
      inputs: { 'cache-limit': 'lots' },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toHaveLength(1)
    expect(step.warnings[0]).toMatch(/^post step: Invalid input 'cache-limit'/)
  })

  it('a key from the listing cannot start a workflow command in the log', async () => {
    // Anybody who can write the cache may choose a key after our type=local prefix.
    svc.setPullRequest(10, { state: 'closed', base: 'main', head: 'other' })
    await svc.seedEntries([
      // An index, so that the scheduled run finds the pull request in the index listing.
      {
        key: `${indexKeyBase('web', 'refs/pull/10/merge')}#1`,
        version: BUILDKIT_CACHE_VERSION,
        ref: 'refs/pull/10/merge',
        sizeBytes: 5,
        createdAt: Date.now() - 3 * DAY,
      },
      {
        key: `${LOCAL_KEY_PREFIX}x\n::error::injected\r::warning::injected`,
        version: 'v',
        ref: 'refs/pull/10/merge',
        sizeBytes: 5,
        createdAt: Date.now() - 3 * DAY,
      },
    ])
    const step = await runStep('../../src/steps/prune-step.js', {
      ref: MAIN,
      event: { name: 'workflow_dispatch', payload: { repository: { default_branch: 'main' } } },
      inputs: { 'dry-run': 'true' },
    })
    expect(step.failed).toBe(false)
    expect(step.log).toContain(`${LOCAL_KEY_PREFIX}x\\n::error::injected\\r::warning::injected (`)
    expect(step.log.split(/\r\n?|\n/).filter((line) => line.startsWith('::error::'))).toEqual([])
    expect(step.warnings).toEqual([])
  })

  it('the post step does nothing without the main step state, or for another type', async () => {
    const before = svc.entries().length
    const none = await runStep('../../src/steps/post.js', { ref: MAIN })
    expect(none.failed).toBe(false)
    expect(none.warnings).toEqual([])
    const local = await runStep('../../src/steps/post.js', {
      ref: MAIN,
      state: { ...mainState(), type: 'registry' },
    })
    expect(local.warnings).toEqual([])
    expect(svc.entries()).toHaveLength(before)
  })
})
