/**
 * Cache mounts across jobs, end to end: the real @actions/cache and REST client against the local
 * cache service, and a recording fake `buildctl` / `docker` (dev/buildkit/fake-builder.mjs) on PATH
 * that keeps each mount as a folder of its "builder" and runs the action's inject and extract
 * builds with the system's tar. Each job gets a fresh runner and a fresh builder: restore, inject,
 * "build" (the test writes into the builder's mount), extract, save, rotate.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as cache from '@actions/cache'
import {
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../../dev/cache-service/index.js'
import { processRunner } from '../../src/builder/process.js'
import {
  type CarryDeps,
  type RestoreResult,
  type SaveResult,
  extractAndSave,
  restoreAndInject,
} from '../../src/cache-mounts/carry.js'
import type { BuilderTarget } from '../../src/cache-mounts/commands.js'
import type { MountIdentity } from '../../src/cache-mounts/identity.js'
import { MOUNT_KEY_PREFIX } from '../../src/cache-mounts/keys.js'
import { mountsFromLines } from '../../src/cache-mounts/spec.js'
import { createGitHubClient } from '../../src/github/client.js'
import { restEntryStore } from '../../src/local/cleanup.js'
import { useActionProcess } from '../helpers/in-process.js'
import { pruneAndMark } from '../../src/prune/pruner.js'
import { pruneStepRequest } from '../../src/prune/request.js'
import { runSettings } from '../../src/steps/prune-and-report.js'
import { wirePrune } from '../../src/prune/wiring.js'
import { settingsFor } from '../../bench/pruning-arm.js'
import { fakeBuilderBin, fakeMountDir } from '../../dev/buildkit/fake-builder.js'
import { MAIN } from '../helpers/constants.js'

const PR = 'refs/pull/3/merge'

useActionProcess()
let root: string
let bin: string
let svc: RunningCacheService
let runId = 100
/** The service's clock (GitHub's): an hour passes before each job. */
const clock = new ManualClock(Date.parse('2026-06-01T00:00:00Z'))

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mounts-it-'))
  bin = join(root, 'bin')
  fakeBuilderBin(bin)
  svc = await startCacheService({ clock })
})
afterAll(async () => {
  await svc.stop()
  rmSync(root, { recursive: true, force: true })
})

const [gomod, npm] = mountsFromLines(
  ['id=gomod,target=/go/pkg/mod', 'target=/root/.npm,uid=1000'],
  '',
)
const mounts = [gomod!, npm!]

const mountDir = (builder: string, identity: MountIdentity) => fakeMountDir(builder, identity)

interface Job {
  ref: string
  target: BuilderTarget
  /** The user's build: writes files into the builder's mounts (after the inject). */
  build?: (builder: string) => void
  fail?: 'inject' | 'extract' | 'all'
  write?: boolean
  /** The action's scope (default: one per client, so the two runs of the lifecycle do not meet). */
  scope?: string
}

interface JobResult {
  restore: RestoreResult
  save: SaveResult
  builder: string
  calls: { program: string; args: string[] }[]
  requests: Record<string, number>
}

async function runJob(job: Job): Promise<JobResult> {
  clock.advance(3_600_000)
  const runner = join(root, `runner-${++runId}`)
  const builder = join(runner, 'builder')
  mkdirSync(builder, { recursive: true })
  Object.assign(process.env, svc.jobEnv({ ref: job.ref, write: job.write }))
  const github = createGitHubClient({
    token: svc.githubToken,
    baseUrl: svc.apiUrl,
    repository: svc.repository,
  })
  const deps: CarryDeps = {
    restoreCache: cache.restoreCache,
    saveCache: cache.saveCache,
    isFeatureAvailable: cache.isFeatureAvailable,
    run: processRunner({
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_BUILDER_DIR: builder,
        ...(job.fail ? { FAKE_BUILDER_FAIL: job.fail } : {}),
      },
    }),
    now: () => svc.clock.now(),
    entries: restEntryStore(github),
  }
  const commit = runId.toString(16).padStart(40, '0')
  // The same absolute folder on every runner, as RUNNER_TEMP is on hosted ones.
  const dir = join(root, 'runner-temp', 'buildkit-cache-mounts')
  svc.resetRequestCounts()
  const restore = await restoreAndInject(
    {
      identities: mounts,
      namespace: '',
      scope: job.scope ?? `build-${job.target.client}`,
      dir,
      image: 'busybox:1.37',
      target: job.target,
      commit,
      importEnabled: true,
    },
    deps,
  )
  job.build?.(builder)
  const save = await extractAndSave(
    restore.state,
    {
      ref: job.ref,
      commit,
      runId: String(runId),
      runAttempt: '1',
      exportEnabled: job.write !== false,
    },
    deps,
  )
  const requests = svc.requestCounts()
  const calls = readFileSync(join(builder, 'calls.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { program: string; args: string[] })
  rmSync(runner, { recursive: true, force: true })
  return { restore, save, builder, calls, requests }
}

const write = (dir: string, files: Record<string, string>) => {
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
}

const ours = (ref: string) =>
  svc.entries().filter((e) => e.ref === ref && e.key.startsWith(MOUNT_KEY_PREFIX))

describe.each<[string, BuilderTarget]>([
  ['buildctl', { client: 'buildctl', addr: 'tcp://127.0.0.1:1234' }],
  ['docker buildx', { client: 'buildx', builder: 'bk' }],
])('cache mounts through %s', (_name, target) => {
  it('carry a mount from job to job: first save, restore and inject, unchanged not uploaded, a change saved and the old generation deleted', async () => {
    const before = ours(MAIN).length
    // Job 1: nothing saved yet: no inject build; the build fills both mounts; both are saved.
    const first = await runJob({
      ref: MAIN,
      target,
      build: (b) => {
        write(mountDir(b, gomod!), { 'mod.txt': 'v1' })
        write(mountDir(b, npm!), { 'pkg.json': '{}', 'big.bin': 'x'.repeat(100_000) })
      },
    })
    expect(first.restore.lines).toEqual([
      'gomod: nothing saved yet; it starts empty',
      '/root/.npm (uid 1000, gid 0, mode 0755): nothing saved yet; it starts empty',
    ])
    expect(first.calls.map((c) => c.program)).toEqual([
      target.client === 'buildctl' ? 'buildctl' : 'docker',
    ])
    expect(first.save.mounts.map((m) => m.outcome)).toEqual(['saved', 'saved'])
    expect(ours(MAIN)).toHaveLength(before + 2)

    // Job 2, a fresh runner and builder: both restored and injected in one build; the build
    // changes nothing, so nothing is uploaded.
    const second = await runJob({ ref: MAIN, target })
    expect(second.restore.state.mounts.map((m) => m.injected)).toEqual([true, true])
    expect(second.calls).toHaveLength(2)
    const [inject, extract] = second.calls
    expect(inject!.args.join(' ')).toMatch(
      target.client === 'buildctl' ? /--local cache-src=/ : /--build-context cache-src=/,
    )
    expect(extract!.args.join(' ')).toMatch(/--output type=local,dest=/)
    expect(second.save.mounts.map((m) => m.outcome)).toEqual(['unchanged', 'unchanged'])
    expect(second.requests['v2.CreateCacheEntry'] ?? 0).toBe(0)
    expect(ours(MAIN)).toHaveLength(before + 2)

    // Job 3: the build adds a module; gomod's new generation replaces the old one, npm stays.
    const gomodKeys = ours(MAIN)
      .filter((e) => e.key.includes('%40'))
      .map((e) => e.key)
    const third = await runJob({
      ref: MAIN,
      target,
      build: (b) => {
        expect(readFileSync(join(mountDir(b, gomod!), 'mod.txt'), 'utf8')).toBe('v1')
        write(mountDir(b, gomod!), { 'more.txt': 'v2' })
      },
    })
    expect(third.save.mounts.map((m) => m.outcome)).toEqual(['saved', 'unchanged'])
    expect(third.save.mounts[0]!.deleted.map((e) => e.key)).toHaveLength(1)
    expect(ours(MAIN)).toHaveLength(before + 2)
    expect(ours(MAIN).map((e) => e.key)).toContain(third.save.mounts[0]!.key)
    expect(gomodKeys).toContain(third.save.mounts[0]!.deleted[0]!.key)

    // Job 4: what the third saved is what comes back.
    await runJob({
      ref: MAIN,
      target,
      build: (b) => {
        expect(readFileSync(join(mountDir(b, gomod!), 'more.txt'), 'utf8')).toBe('v2')
        expect(readFileSync(join(mountDir(b, npm!), 'big.bin'), 'utf8')).toHaveLength(100_000)
      },
    })
  })
})

describe('cache mounts: what goes wrong is a warning, never a failed build', () => {
  it('a builder that cannot be reached: restore warns, nothing is saved, no exception', async () => {
    const job = await runJob({ ref: MAIN, target: { client: 'buildctl' }, fail: 'all' })
    expect(job.restore.warnings).toEqual([
      expect.stringMatching(
        /^Injecting 2 cache mount\(s\) into the builder failed, so the build starts them empty: buildctl build --frontend … exited 1: ERROR: failed to connect/,
      ),
    ])
    expect(job.save.warnings).toEqual([
      expect.stringMatching(/^Extracting the cache mounts from the builder failed/),
    ])
    expect(job.save.mounts.map((m) => m.outcome)).toEqual(['not-saved', 'not-saved'])
  })

  it('a pull request restores what the default branch saved, and a read-only job saves nothing', async () => {
    const job = await runJob({ ref: PR, target: { client: 'buildx' }, write: false })
    expect(job.restore.state.mounts.every((m) => m.restoredKey?.startsWith(MOUNT_KEY_PREFIX))).toBe(
      true,
    )
    expect(job.save.mounts.map((m) => m.outcome)).toEqual(['not-saved', 'not-saved'])
    expect(ours(PR)).toHaveLength(0)
  })

  it('a mount the build never wrote is not saved (an empty tar is no cache)', async () => {
    const [fresh] = mountsFromLines(['id=never-written'], '')
    const builder = join(root, 'empty-builder')
    mkdirSync(builder, { recursive: true })
    Object.assign(process.env, svc.jobEnv({ ref: 'refs/heads/empty' }))
    const deps: CarryDeps = {
      restoreCache: cache.restoreCache,
      saveCache: cache.saveCache,
      isFeatureAvailable: cache.isFeatureAvailable,
      run: processRunner({
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_BUILDER_DIR: builder },
      }),
      now: () => svc.clock.now(),
    }
    const dir = join(root, 'empty-temp')
    const restore = await restoreAndInject(
      {
        identities: [fresh!],
        namespace: '',
        scope: 'build',
        dir,
        image: 'busybox',
        target: { client: 'buildctl' },
        importEnabled: true,
      },
      deps,
    )
    const save = await extractAndSave(
      restore.state,
      {
        ref: 'refs/heads/empty',
        commit: 'a'.repeat(40),
        runId: '1',
        runAttempt: '1',
        exportEnabled: true,
      },
      deps,
    )
    expect(save.mounts[0]).toMatchObject({
      outcome: 'not-saved',
      reason: 'empty: the build did not write to it',
    })
  })
})

describe('cache mounts under the budget', () => {
  it('a scheduled prune over the limit evicts a pull request’s mount whole and keeps the default branch’s', async () => {
    const pr = 'refs/pull/5/merge'
    svc.setPullRequest(5, { state: 'open', base: 'main', head: 'pr-5' })
    await runJob({
      ref: pr,
      target: { client: 'buildctl' },
      scope: 'budget',
      build: (b) => write(mountDir(b, gomod!), { 'pr.txt': 'x'.repeat(50_000) }),
    })
    const before = ours(pr).length
    expect(before).toBeGreaterThan(0)
    const mainBefore = ours(MAIN).length
    const usage = svc.entries().reduce((sum, e) => sum + e.sizeBytes, 0)
    // Past prune-grace (and the clock allowance) of everything written so far.
    clock.advance(3 * 3_600_000)
    const { deps } = wirePrune({
      github: {
        token: svc.githubToken,
        baseUrl: svc.apiUrl,
        repository: svc.repository,
        paceWrites: false,
      },
      credentials: { protocol: 'v2', url: svc.url, token: svc.runtimeToken({ ref: MAIN }) },
      cacheMode: { name: '', read: true, write: true },
      clock: () => clock.now(),
      log: { info: () => {}, debug: () => {}, warning: () => {} },
    })
    const outcome = await pruneAndMark(
      pruneStepRequest(
        { kind: 'budget', event: 'schedule' },
        // Usage just above the limit (well above it would show a raised limit, and the budget
        // would take no live group): over prune-target, the budget must take something.
        runSettings(settingsFor(`${Math.floor(usage / 1.05)}B`, { 'prune-grace': '1h' }), {
          defaultRef: MAIN,
          readableRefs: [MAIN],
        }),
      ),
      deps,
    )
    const reasons = outcome
      .plan!.deletions.filter((d) => d.entry.key.startsWith(MOUNT_KEY_PREFIX))
      .map((d) => [d.entry.ref, d.reason])
    expect(reasons).toContainEqual([pr, 'budget-lru-group'])
    expect(ours(pr)).toHaveLength(0)
    // The default branch's mounts are its live set: protected (protect-default-branch).
    expect(ours(MAIN)).toHaveLength(mainBefore)
  })
})
