/**
 * type=local benchmark: what the action's rotation costs on top of @actions/cache, and what it saves.
 *
 * In one run, against the local cache service (Azurite inside), a layout shaped like BuildKit's:
 * - direct: `saveCache([path], key)`, then `restoreCache([path], key)` into an empty directory,
 *   @actions/cache called as a workflow would;
 * - action: `saveLocalCache` (inspect the new layout, swap it in for the old generation, save, delete
 *   the older entry over REST), then `restoreLocalCache` (restore, inspect);
 * alternating arms round by round so drift in the machine hits both alike. The service runs in a
 * child process (`bench/local-service.ts`), as GitHub's does not share the runner's CPU. The ratio is
 * median(action) / median(direct) per phase and for save + restore.
 * - unchanged: a job whose export has the restored cache manifest: requests and bytes uploaded.
 *
 * Run: `npx tsx bench/local.ts [--size-mib 500] [--rounds 5] [--protocol v2|v1] [--out file.md]`.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, promises as fsp, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as cache from '@actions/cache'
import { createGitHubClient } from '../src/github/client.js'
import { type LayerSpec, writeBuildKitLayout } from '../__tests__/local/buildkit-layout.js'
import type { StoredEntry } from '../dev/cache-service/index.js'
import { restEntryStore } from '../src/local/cleanup.js'
import { nodeFs } from '../src/local/fs.js'
import { restoreLocalCache } from '../src/local/restore.js'
import { saveLocalCache } from '../src/local/save.js'
import type { ServiceInfo, ServiceRequest } from './local-service.js'

const MiB = 1024 * 1024
const MAIN = 'refs/heads/main'
const COMMIT = 'be11c0de'.repeat(5)

export interface LocalBenchOptions {
  sizeMiB: number
  rounds: number
  protocol: 'v2' | 'v1'
}

export interface LocalBenchResult {
  options: LocalBenchOptions
  layoutBytes: number
  blobs: number
  /** Seconds per round. */
  direct: { save: number[]; restore: number[] }
  action: { save: number[]; restore: number[] }
  /** median(action) / median(direct), per phase and for save + restore. */
  ratio: { save: number; restore: number; total: number }
  /** Median over rounds of action / direct save + restore, each round's arms run back to back. */
  pairedRatio: number
  unchanged: { uploadRequests: number; bytesUploaded: number; saveCalls: number; seconds: number }
}

/** BuildKit-like: a base image, dependencies, the application, and two recorded small layers. */
function layers(sizeMiB: number): LayerSpec[] {
  const part = (share: number) => Math.round(sizeMiB * MiB * share)
  return [
    { seed: 'base', size: part(0.4) },
    { recorded: 'sha256:1299ba4b50f47f7696b2ec1e3da64b58c31225c2f6a6f7573b68e2b78d2f1a29' },
    { seed: 'deps', size: part(0.35) },
    { recorded: 'sha256:3a96e8f90bfafa7475ed4dbbee69f1d69265272c1e57b13242c45c11dfdc5222' },
    { seed: 'app', size: part(0.25) },
  ]
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Times `work` after flushing dirty pages, so writes from preparing a round do not land in its timing. */
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  execFileSync('sync')
  const start = performance.now()
  const value = await work()
  return [value, (performance.now() - start) / 1000]
}

/** A request without its id (`Omit` applied to each member of the union). */
type Question = ServiceRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never

/** The cache service in a child process (`bench/local-service.ts`), asked over IPC. */
interface ServiceChild {
  ask<T>(request: Question): Promise<T>
  stop(): Promise<void>
}

async function startServiceChild(): Promise<ServiceChild> {
  const child: ChildProcess = fork(new URL('./local-service.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const pending = new Map<number, (value: unknown) => void>()
  let nextId = 0
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`the cache service exited (${code}) before it was ready`)),
    )
    child.on('message', (message: { ready?: boolean; id?: number; value?: unknown }) => {
      if (message.ready) resolve()
      else if (message.id !== undefined) pending.get(message.id)?.(message.value)
    })
  })
  const ask = <T>(request: Question) =>
    new Promise<T>((resolve) => {
      const id = ++nextId
      pending.set(id, (value) => resolve(value as T))
      child.send({ ...request, id })
    })
  return {
    ask,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      await ask({ op: 'stop' })
      await exited
    },
  }
}

const uploadEndpoints = [
  'v2.CreateCacheEntry',
  'v1.reserveCache',
  'v1.uploadChunk',
  'blob.PutBlob',
  'blob.PutBlock',
  'blob.PutBlockList',
]

export async function runLocalBenchmark(options: LocalBenchOptions): Promise<LocalBenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'bench-local-'))
  const svc = await startServiceChild()
  const info = await svc.ask<ServiceInfo>({ op: 'info' })
  const savedEnv = { ...process.env }
  const workspace = join(root, 'work')
  const temp = join(root, 'temp')
  mkdirSync(workspace, { recursive: true })
  mkdirSync(temp, { recursive: true })
  Object.assign(
    process.env,
    await svc.ask<Record<string, string>>({ op: 'jobEnv', ref: MAIN, protocol: options.protocol }),
    {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
    },
  )
  const path = join(temp, 'buildkit-cache', 'bench')
  const master = join(root, 'layout')
  const store = restEntryStore(
    createGitHubClient({
      token: info.githubToken,
      baseUrl: info.apiUrl,
      repository: info.repository,
    }),
  )
  const context = { ref: MAIN, commit: COMMIT, runAttempt: '1' }
  const fresh = async (dir: string) => {
    await fsp.rm(dir, { recursive: true, force: true })
    await fsp.cp(master, dir, { recursive: true })
  }

  try {
    const written = await writeBuildKitLayout(master, layers(options.sizeMiB))
    const direct = { save: [] as number[], restore: [] as number[] }
    const action = { save: [] as number[], restore: [] as number[] }
    let run = 0

    const directRound = async () => {
      await fsp.rm(`${path}-new`, { recursive: true, force: true })
      await fresh(path)
      const key = `bench-direct-${randomUUID()}`
      const [id, save] = await timed(() => cache.saveCache([path], key))
      if (id <= 0) throw new Error(`direct save of ${key} failed`)
      await fsp.rm(path, { recursive: true, force: true })
      const [hit, restore] = await timed(() => cache.restoreCache([path], key))
      if (hit !== key) throw new Error(`direct restore of ${key} missed`)
      direct.save.push(save)
      direct.restore.push(restore)
      // Untimed: keep the service's memory to a couple of generations.
      for (const entry of await store.list('bench-direct-', MAIN)) await store.deleteById(entry.id)
    }

    const actionRound = async () => {
      // As in a job: the restored generation in `path`, BuildKit's export in `<path>-new`.
      await fresh(path)
      await fresh(`${path}-new`)
      const deps = {
        saveCache: cache.saveCache,
        isFeatureAvailable: cache.isFeatureAvailable,
        fs: nodeFs,
        entries: store,
        now: () => Date.now(),
      }
      const [report, save] = await timed(() =>
        saveLocalCache({ scope: 'bench', path }, { ...context, runId: String(++run) }, deps),
      )
      if (report.outcome !== 'saved')
        throw new Error(`action save: ${report.outcome} ${report.reason ?? ''}`)
      await fsp.rm(path, { recursive: true, force: true })
      const [result, restore] = await timed(() =>
        restoreLocalCache(
          { scope: 'bench', path, commit: COMMIT },
          {
            restoreCache: cache.restoreCache,
            isFeatureAvailable: cache.isFeatureAvailable,
            fs: nodeFs,
          },
        ),
      )
      if (result.restoredKey !== report.key || result.manifestDigest !== written.manifestDigest) {
        throw new Error(`action restore got ${result.restoredKey}, expected ${report.key}`)
      }
      action.save.push(save)
      action.restore.push(restore)
    }

    await quietly(directRound) // warm-up: page cache, zstd, connections; not counted
    direct.save.length = direct.restore.length = 0
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? [directRound, actionRound] : [actionRound, directRound]
      for (const arm of order) await quietly(arm)
    }

    // An unchanged rebuild: the export has the cache manifest just restored.
    const restored = await quietly(() =>
      restoreLocalCache(
        { scope: 'bench', path, commit: COMMIT },
        {
          restoreCache: cache.restoreCache,
          isFeatureAvailable: cache.isFeatureAvailable,
          fs: nodeFs,
        },
      ),
    )
    await fresh(`${path}-new`)
    const stored = async () =>
      (await svc.ask<StoredEntry[]>({ op: 'entries' })).reduce((n, e) => n + e.sizeBytes, 0)
    const before = await stored()
    let saveCalls = 0
    await svc.ask({ op: 'reset' })
    const [report, seconds] = await quietly(() =>
      timed(() =>
        saveLocalCache(
          restored.state,
          { ...context, runId: String(++run) },
          {
            saveCache: (paths, key) => {
              saveCalls++
              return cache.saveCache(paths, key)
            },
            isFeatureAvailable: cache.isFeatureAvailable,
            fs: nodeFs,
            entries: store,
            now: () => Date.now(),
          },
        ),
      ),
    )
    if (report.outcome !== 'unchanged') throw new Error(`unchanged rebuild: ${report.outcome}`)
    const counts = await svc.ask<Record<string, number>>({ op: 'counts' })
    const after = await stored()

    const total = (arm: { save: number[]; restore: number[] }) =>
      arm.save.map((s, i) => s + arm.restore[i])
    return {
      options,
      layoutBytes: written.totalBytes,
      blobs: written.blobs.size,
      direct,
      action,
      ratio: {
        save: median(action.save) / median(direct.save),
        restore: median(action.restore) / median(direct.restore),
        total: median(total(action)) / median(total(direct)),
      },
      pairedRatio: median(total(action).map((a, i) => a / total(direct)[i])),
      unchanged: {
        uploadRequests: uploadEndpoints.reduce((n, e) => n + (counts[e] ?? 0), 0),
        bytesUploaded: after - before,
        saveCalls,
        seconds,
      },
    }
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k]
    Object.assign(process.env, savedEnv)
    await svc.stop()
    rmSync(root, { recursive: true, force: true })
  }
}

/** @actions/core logs to stdout; keep the benchmark's own output readable. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    return await work()
  } finally {
    process.stdout.write = write
  }
}

export function renderLocalBenchmark(r: LocalBenchResult): string {
  const s = (xs: number[]) =>
    `${median(xs).toFixed(2)} s (${xs.map((x) => x.toFixed(2)).join(', ')})`
  return [
    `### type=local: ${(r.layoutBytes / MiB).toFixed(0)} MiB layout (${r.blobs} blobs), ${r.options.rounds} rounds, @actions/cache ${r.options.protocol}`,
    '',
    '| phase | @actions/cache directly | through the action | ratio |',
    '|---|---|---|---:|',
    `| save | ${s(r.direct.save)} | ${s(r.action.save)} | ${r.ratio.save.toFixed(3)} |`,
    `| restore | ${s(r.direct.restore)} | ${s(r.action.restore)} | ${r.ratio.restore.toFixed(3)} |`,
    `| save + restore | | | **${r.ratio.total.toFixed(3)}** (paired by round: ${r.pairedRatio.toFixed(3)}) |`,
    '',
    `Unchanged rebuild: ${r.unchanged.saveCalls} save calls, ${r.unchanged.uploadRequests} upload requests, ` +
      `${r.unchanged.bytesUploaded} bytes uploaded, ${r.unchanged.seconds.toFixed(3)} s.`,
    '',
  ].join('\n')
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const protocol = arg('protocol', 'v2')
  if (protocol !== 'v2' && protocol !== 'v1')
    throw new Error(`--protocol is "${protocol}": use v2 or v1`)
  const result = await runLocalBenchmark({
    sizeMiB: Number(arg('size-mib', '500')),
    rounds: Number(arg('rounds', '5')),
    protocol,
  })
  const text = renderLocalBenchmark(result)
  console.log(text)
  const out = arg('out', '')
  if (out) await fsp.writeFile(out, text)
  const ok =
    result.ratio.total <= 1.05 &&
    result.unchanged.bytesUploaded === 0 &&
    result.unchanged.uploadRequests === 0
  console.log(ok ? 'PASS: ratio ≤ 1.05, nothing uploaded when unchanged' : 'FAIL: see above')
  process.exitCode = ok ? 0 : 1
}
