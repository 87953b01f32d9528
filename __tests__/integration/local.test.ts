/**
 * type=local end to end: the real @actions/cache (v2, and v1 as on GHES) and a real REST client
 * against the local cache service, with layouts shaped like BuildKit's written where BuildKit
 * would write them. Each "job" sets the environment a runner gives a JavaScript action, restores,
 * "builds" (writes `<path>-new`), then saves.
 */
import { mkdirSync, mkdtempSync, promises as fsp, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as cache from '@actions/cache'
import { createGitHubClient } from '../../src/github/client.js'
import { type RunningCacheService, startCacheService } from '../../dev/cache-service/index.js'
import { restEntryStore } from '../../src/local/cleanup.js'
import { nodeFs } from '../../src/local/fs.js'
import { LOCAL_KEY_PREFIX, scopeKeyPrefix } from '../../src/local/keys.js'
import { type LocalRestoreResult, restoreLocalCache } from '../../src/local/restore.js'
import { type LocalSaveReport, saveLocalCache } from '../../src/local/save.js'
import { useActionProcess } from '../helpers/in-process.js'
import {
  type LayerSpec,
  type WrittenLayout,
  writeBuildKitLayout,
} from '../local/buildkit-layout.js'
import { MAIN } from '../helpers/constants.js'

const PR = 'refs/pull/7/merge'
const KiB = 1024
let root: string
let runId = 1000

// @actions/core writes its log to stdout: captured, and process.env put back after each test.
useActionProcess()
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'local-it-'))
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

/** The REST listing and delete-by-id the cleanup needs, through @actions/github's Octokit. */

interface Job {
  ref: string
  protocol: 'v2' | 'v1'
  /** What BuildKit exports: a layout, a layout that stops before index.json, or nothing. */
  exported: LayerSpec[] | 'partial' | 'nothing'
  commit?: string
  write?: boolean
  scope?: string
  /** The cache directory (the same absolute path on every runner, as RUNNER_TEMP is on hosted ones). */
  path?: string
  /** Runs after the save, before the runner is thrown away. */
  afterSave?: (path: string) => Promise<void>
}

interface JobResult {
  restore: LocalRestoreResult
  save: LocalSaveReport
  /** What the "build" exported. */
  written?: WrittenLayout
  /** Requests this job made, by endpoint. */
  requests: Record<string, number>
}

/** One job on a fresh runner: restore, build, save. */
async function runJob(svc: RunningCacheService, job: Job): Promise<JobResult> {
  const runner = join(root, `runner-${++runId}`)
  const workspace = join(runner, 'work')
  const temp = join(runner, 'temp')
  mkdirSync(workspace, { recursive: true })
  mkdirSync(temp, { recursive: true })
  Object.assign(
    process.env,
    svc.jobEnv({ ref: job.ref, protocol: job.protocol, write: job.write }),
    {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
    },
  )
  const scope = job.scope ?? 'web'
  const commit = job.commit ?? runId.toString(16).padStart(40, '0')
  // The same absolute path on every runner, as RUNNER_TEMP is on hosted runners: @actions/cache
  // derives the entry version from it.
  const path = job.path ?? join(root, 'runner-temp', 'buildkit-cache', scope)
  svc.resetRequestCounts()

  const restore = await restoreLocalCache(
    { scope, path, commit },
    { restoreCache: cache.restoreCache, isFeatureAvailable: cache.isFeatureAvailable, fs: nodeFs },
  )
  let written: WrittenLayout | undefined
  if (job.exported === 'partial') {
    await writeBuildKitLayout(restore.dest, [{ seed: 'partial', size: 64 * KiB }])
    await fsp.rm(join(restore.dest, 'index.json'))
  } else if (job.exported !== 'nothing') {
    written = await writeBuildKitLayout(restore.dest, job.exported)
  }
  const save = await saveLocalCache(
    restore.state,
    { ref: job.ref, commit, runId: String(runId), runAttempt: '1' },
    {
      saveCache: cache.saveCache,
      isFeatureAvailable: cache.isFeatureAvailable,
      fs: nodeFs,
      entries: restEntryStore(
        createGitHubClient({
          token: svc.githubToken,
          baseUrl: svc.apiUrl,
          repository: svc.repository,
        }),
      ),
      now: () => svc.clock.now(),
    },
  )
  const requests = svc.requestCounts()
  await job.afterSave?.(path)
  await fsp.rm(runner, { recursive: true, force: true })
  await fsp.rm(path, { recursive: true, force: true })
  return { restore, save, written, requests }
}

const ours = (svc: RunningCacheService, ref?: string) =>
  svc
    .entries()
    .filter(
      (e) =>
        e.committed && e.key.startsWith(LOCAL_KEY_PREFIX) && (ref === undefined || e.ref === ref),
    )
const uploads = (requests: Record<string, number>) =>
  (requests['v2.CreateCacheEntry'] ?? 0) +
  (requests['v1.reserveCache'] ?? 0) +
  (requests['blob.PutBlob'] ?? 0) +
  (requests['blob.PutBlock'] ?? 0) +
  (requests['v1.uploadChunk'] ?? 0)

const base: LayerSpec = { seed: 'base-os', size: 768 * KiB }
const recorded: LayerSpec = {
  recorded: 'sha256:1299ba4b50f47f7696b2ec1e3da64b58c31225c2f6a6f7573b68e2b78d2f1a29',
}
const deps = (n: number): LayerSpec => ({ seed: `deps-${n}`, size: 512 * KiB })
const app = (n: number): LayerSpec => ({ seed: `app-${n}`, size: 256 * KiB })

describe.each([
  ['v2', 'v2' as const],
  ['v1 (GHES)', 'v1' as const],
])('type=local through @actions/cache %s', (_name, protocol) => {
  let svc: RunningCacheService
  beforeAll(async () => {
    svc = await startCacheService()
  })
  afterAll(() => svc.stop())

  it('three consecutive builds: the first saves, an unchanged one uploads nothing, a changed one replaces the old entry', async () => {
    const first = await runJob(svc, { ref: MAIN, protocol, exported: [base, recorded, deps(1)] })
    expect(first.restore.restoredKey).toBeUndefined()
    expect(first.save.outcome).toBe('saved')
    expect(ours(svc).map((e) => e.key)).toEqual([first.save.key])

    const second = await runJob(svc, { ref: MAIN, protocol, exported: [base, recorded, deps(1)] })
    expect(second.restore.restoredKey).toBe(first.save.key)
    expect(second.restore.manifestDigest).toBe(first.save.manifestDigest)
    expect(second.save.outcome).toBe('unchanged')
    expect(uploads(second.requests)).toBe(0)
    expect(ours(svc).map((e) => e.key)).toEqual([first.save.key])

    const third = await runJob(svc, { ref: MAIN, protocol, exported: [base, recorded, deps(2)] })
    expect(third.restore.restoredKey).toBe(first.save.key)
    expect(third.save.outcome).toBe('saved')
    expect(third.save.deleted.map((e) => e.key)).toEqual([first.save.key])
    expect(ours(svc).map((e) => e.key)).toEqual([third.save.key])
  })

  it('the stored size does not grow across generations', async () => {
    const scope = 'grow'
    const stored: number[] = []
    let layout = 0
    for (let n = 1; n <= 5; n++) {
      const job = await runJob(svc, {
        ref: MAIN,
        protocol,
        scope,
        exported: [base, deps(n), app(n)],
      })
      expect(job.save.outcome).toBe('saved')
      layout = job.save.totalBytes!
      const entries = ours(svc, MAIN).filter((e) => e.key.startsWith(scopeKeyPrefix(scope)))
      expect(entries).toHaveLength(1)
      stored.push(entries[0].sizeBytes)
    }
    // One generation's layout, compressed (incompressible layers: about the layout's size), every time;
    // exporting into one directory would have stored 1.5 MiB more per generation.
    for (const size of stored) {
      expect(size).toBeGreaterThan(layout * 0.9)
      expect(size).toBeLessThan(layout * 1.1)
    }
    expect(Math.max(...stored) - Math.min(...stored)).toBeLessThan(64 * KiB)
  })

  it("another ref restores the default branch's cache and writes only into its own ref", async () => {
    const scope = 'shared'
    const onMain = await runJob(svc, { ref: MAIN, protocol, scope, exported: [base, deps(1)] })

    const prSame = await runJob(svc, { ref: PR, protocol, scope, exported: [base, deps(1)] })
    expect(prSame.restore.restoredKey).toBe(onMain.save.key)
    expect(prSame.restore.cacheHit).toBe(true)
    expect(prSame.save.outcome).toBe('unchanged')

    const prChanged = await runJob(svc, { ref: PR, protocol, scope, exported: [base, deps(9)] })
    expect(prChanged.save.outcome).toBe('saved')
    expect(prChanged.save.deleted).toEqual([])
    const scoped = (ref: string) =>
      ours(svc, ref)
        .filter((e) => e.key.startsWith(scopeKeyPrefix(scope)))
        .map((e) => e.key)
    expect(scoped(MAIN)).toEqual([onMain.save.key])
    expect(scoped(PR)).toEqual([prChanged.save.key])

    // The PR's own newest generation now comes first for the PR, main's for main.
    const prAgain = await runJob(svc, { ref: PR, protocol, scope, exported: 'nothing' })
    expect(prAgain.restore.restoredKey).toBe(prChanged.save.key)
    const mainAgain = await runJob(svc, { ref: MAIN, protocol, scope, exported: 'nothing' })
    expect(mainAgain.restore.restoredKey).toBe(onMain.save.key)
  })

  it('a re-run of the same commit is a cache hit', async () => {
    const commit = 'abcdef0123456789abcdef0123456789abcdef01'
    const first = await runJob(svc, {
      ref: MAIN,
      protocol,
      scope: 'rerun',
      commit,
      exported: [base],
    })
    const again = await runJob(svc, {
      ref: MAIN,
      protocol,
      scope: 'rerun',
      commit,
      exported: 'nothing',
    })
    expect(again.restore).toMatchObject({ cacheHit: true, restoredKey: first.save.key })
  })

  it('a partial layout is not saved and the restored cache stays as it was', async () => {
    const scope = 'partial'
    const good = await runJob(svc, { ref: MAIN, protocol, scope, exported: [base, deps(1)] })
    let onDisk: string[] = []
    const partial = await runJob(svc, {
      ref: MAIN,
      protocol,
      scope,
      exported: 'partial',
      afterSave: async (path) => {
        onDisk = (await fsp.readdir(join(path, 'blobs', 'sha256'))).map((name) => `sha256:${name}`)
      },
    })
    expect(onDisk.sort()).toEqual([...good.written!.blobs.keys()].sort())
    expect(partial.restore.restoredKey).toBe(good.save.key)
    expect(partial.save.outcome).toBe('incomplete')
    expect(partial.save.reason).toMatch(/index\.json is missing/)
    expect(uploads(partial.requests)).toBe(0)
    expect(
      ours(svc)
        .filter((e) => e.key.startsWith(scopeKeyPrefix(scope)))
        .map((e) => e.key),
    ).toEqual([good.save.key])

    const nothing = await runJob(svc, { ref: MAIN, protocol, scope, exported: 'nothing' })
    expect(nothing.save.outcome).toBe('not-exported')
    expect(uploads(nothing.requests)).toBe(0)
  })

  it('a read-only cache token restores but does not save or delete', async () => {
    const scope = 'readonly'
    const writer = await runJob(svc, { ref: MAIN, protocol, scope, exported: [base] })
    const reader = await runJob(svc, {
      ref: MAIN,
      protocol,
      scope,
      write: false,
      exported: [base, deps(3)],
    })
    expect(reader.restore.restoredKey).toBe(writer.save.key)
    expect(reader.save.outcome).toBe('not-saved')
    expect(reader.save.deleted).toEqual([])
    expect(
      ours(svc)
        .filter((e) => e.key.startsWith(scopeKeyPrefix(scope)))
        .map((e) => e.key),
    ).toEqual([writer.save.key])
  })

  it('round-trips a path @actions/glob would read as a pattern', async () => {
    const path = join(root, 'runner-temp', 'odd', 'w[e]b*?')
    const first = await runJob(svc, { ref: MAIN, protocol, scope: 'odd', path, exported: [base] })
    expect(first.save.outcome).toBe('saved')
    const again = await runJob(svc, { ref: MAIN, protocol, scope: 'odd', path, exported: [base] })
    expect(again.restore.restoredKey).toBe(first.save.key)
    expect(again.save.outcome).toBe('unchanged')
  })
})
