/**
 * Cache mounts over a month (docs/cache-mounts.md): a Go-style build cache mount carried by the
 * action's own code (src/cache-mounts/carry.ts) through the local cache service with the real
 * @actions/cache, each job on a fresh runner with a fresh builder (the recording fake,
 * dev/buildkit/fake-builder.mjs, whose inject and extract run the system's tar). Pull requests
 * build from the default branch's mount and are dropped by the action's `prune` on close.
 *
 * Measured here: the action's own seconds per job (restore, digests, save: what the runner spends
 * outside the builder), uploads, and the bytes the mount entries hold in the cache after every job,
 * beside what they would hold without rotation (every save kept until 7 days unused). Taken from
 * the recordings of real BuildKit (v0.32.2, v0.24.0): the seconds the inject and extract builds
 * take for 50 MB in 5,000 files. Assumed, as the workload's inputs: what the build itself takes
 * cold and warm, and the share of the cache a commit changes.
 */
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as cache from '@actions/cache'
import {
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../dev/cache-service/index.js'
import { fakeBuilderBin, fakeMountDir } from '../dev/buildkit/fake-builder.js'
import { processRunner } from '../src/builder/process.js'
import { type CarryDeps, extractAndSave, restoreAndInject } from '../src/cache-mounts/carry.js'
import type { MountIdentity } from '../src/cache-mounts/identity.js'
import { MOUNT_KEY_PREFIX } from '../src/cache-mounts/keys.js'
import { createGitHubClient } from '../src/github/client.js'
import { restEntryStore } from '../src/local/cleanup.js'
import { pruneAndMark } from '../src/prune/pruner.js'
import { pruneStepRequest } from '../src/prune/request.js'
import { runSettings } from '../src/steps/prune-and-report.js'
import { servicePruneDeps, settingsFor } from './pruning-arm.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MAIN = 'refs/heads/main'

/**
 * Inject + extract seconds of the tar recipe for 50 MB in 5,000 files, medians of three runs from
 * a pruned builder (the recordings' timing table): buildctl and buildx, per BuildKit version.
 */
export const RECORDED_BUILDER_SECONDS = {
  'v0.32.2': { buildctl: 1.44 + 1.11, buildx: 1.89 + 1.35 },
  'v0.24.0': { buildctl: 2.9 + 1.36, buildx: 2.07 + 1.31 },
} as const

export interface MountBenchOptions {
  days: number
  /** Default-branch builds a day. */
  mainPerDay: number
  /** Pull requests opened a day, each building `prBuilds` times over a day, then closed. */
  prsPerDay: number
  prBuilds: number
  /** The mount: files of `fileBytes` (a Go build cache: many small files). */
  files: number
  fileBytes: number
  /** The build's seconds without its cache and with an unchanged one (assumed). */
  coldSeconds: number
  warmSeconds: number
  /** Share of the cache one commit changes (new entries; the oldest trimmed past `files`). */
  changedShare: number
  /** Every how many-th job's commit leaves the cache as it was (docs, say). */
  unchangedEvery: number
}

export const DEFAULT_MOUNT_BENCH: MountBenchOptions = {
  days: 14,
  mainPerDay: 3,
  prsPerDay: 1,
  prBuilds: 3,
  files: 5000,
  fileBytes: 10_000,
  coldSeconds: 120,
  warmSeconds: 20,
  changedShare: 0.1,
  unchangedEvery: 4,
}

export interface MountJob {
  ref: string
  at: number
  restored: boolean
  outcome: string
  /** The action's own seconds: restore (and digest), and extract-side (digest, save, rotation). */
  restoreSeconds: number
  saveSeconds: number
  /** The fake builder's inject and extract (the system's tar on this machine). */
  builderSeconds: number
  /** Build seconds saved by the restored mount (the workload's assumption). */
  savedSeconds: number
  /** Mount entries' bytes in the cache after the job; without rotation (7 days unused). */
  storedBytes: number
  unrotatedBytes: number
}

export interface MountBenchResult {
  options: MountBenchOptions
  jobs: MountJob[]
  /** The tar's size of a full mount. */
  mountBytes: number
  wallMs: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return 0
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/**
 * A build that writes into the mount: `share` of `files` new entries (compiled output does not
 * compress: random bytes), the oldest trimmed.
 */
function build(dir: string, o: MountBenchOptions, seq: number, share: number): void {
  mkdirSync(dir, { recursive: true })
  if (share === 0) return
  const add = Math.max(1, Math.round(o.files * share))
  for (let i = 0; i < add; i++) writeFileSync(join(dir, `e${seq}-${i}`), randomBytes(o.fileBytes))
  const names = readdirSync(dir)
    .filter((n) => n.startsWith('e'))
    .sort((a, b) => Number(a.slice(1).split('-')[0]) - Number(b.slice(1).split('-')[0]))
  for (const name of names.slice(0, Math.max(0, names.length - o.files)))
    unlinkSync(join(dir, name))
  appendFileSync(join(dir, 'trim.txt'), `${seq}\n`)
}

interface Event {
  at: number
  ref: string
  pr?: number
  close?: boolean
}

function events(o: MountBenchOptions, start: number): Event[] {
  const list: Event[] = []
  let pr = 0
  for (let day = 0; day < o.days; day++) {
    for (let i = 0; i < o.mainPerDay; i++)
      list.push({ at: start + day * DAY + ((i + 0.5) * DAY) / o.mainPerDay, ref: MAIN })
    for (let p = 0; p < o.prsPerDay; p++) {
      const n = ++pr
      const ref = `refs/pull/${n}/merge`
      const opened = start + day * DAY + HOUR * (3 + p)
      for (let b = 0; b < o.prBuilds; b++)
        list.push({ at: opened + (b * DAY) / o.prBuilds, ref, pr: n })
      list.push({ at: opened + DAY, ref, pr: n, close: true })
    }
  }
  return list.sort((a, b) => a.at - b.at)
}

export async function runMountBench(
  o: MountBenchOptions = DEFAULT_MOUNT_BENCH,
  progress: (line: string) => void = () => {},
): Promise<MountBenchResult> {
  const started = performance.now()
  const root = mkdtempSync(join(tmpdir(), 'bench-mounts-'))
  const start = Date.parse('2026-01-05T00:00:00Z')
  const clock = new ManualClock(start)
  const service: RunningCacheService = await startCacheService({ clock, uploadsPerMinute: 0 })
  const bin = fakeBuilderBin(join(root, 'bin'))
  const identity: MountIdentity = { key: '/go-build' }
  const github = createGitHubClient({
    token: service.githubToken,
    baseUrl: service.apiUrl,
    repository: service.repository,
    paceWrites: false,
  })
  const saved = { ...process.env }
  // @actions/core writes its log as workflow commands on stdout: not the benchmark's.
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith('::') ||
    String(chunk).startsWith('[command]') ||
    /^(Cache|Sent|Received) /.test(String(chunk))
      ? true
      : write(chunk, ...rest)) as typeof process.stdout.write
  const jobs: MountJob[] = []
  // Every save, for the counterfactual without rotation: alive until 7 days after its last use.
  const saves: { ref: string; at: number; bytes: number; lastUse: number }[] = []
  let mountBytes = 0
  try {
    const list = events(o, start)
    for (const [n, e] of list.entries()) {
      clock.set(e.at)
      if (e.close) {
        service.setPullRequest(e.pr!, { state: 'closed', base: 'main', head: `pr-${e.pr}` })
        const deps = servicePruneDeps(service, clock, e.ref, [MAIN])
        await pruneAndMark(
          pruneStepRequest(
            { kind: 'pull-request-closed', number: e.pr!, ref: e.ref },
            runSettings(settingsFor('10GB', {}), { defaultRef: MAIN, readableRefs: [e.ref, MAIN] }),
          ),
          deps,
        )
        continue
      }
      if (e.pr !== undefined)
        service.setPullRequest(e.pr, { state: 'open', base: 'main', head: `pr-${e.pr}` })
      const runner = join(root, `job-${n}`)
      const builder = join(runner, 'builder')
      mkdirSync(builder, { recursive: true })
      Object.assign(process.env, service.jobEnv({ ref: e.ref }))
      const deps: CarryDeps = {
        restoreCache: cache.restoreCache,
        saveCache: cache.saveCache,
        isFeatureAvailable: cache.isFeatureAvailable,
        run: processRunner({
          env: { ...process.env, PATH: `${bin}:${saved.PATH}`, FAKE_BUILDER_DIR: builder },
        }),
        now: () => clock.now(),
        elapsed: () => performance.now(),
        entries: restEntryStore(github),
      }
      const commit = n.toString(16).padStart(40, '0')
      const t0 = performance.now()
      const restore = await restoreAndInject(
        {
          identities: [identity],
          namespace: '',
          scope: 'go',
          dir: join(root, 'runner-temp'),
          image: 'busybox',
          target: { client: 'buildctl' },
          commit,
          importEnabled: true,
        },
        deps,
      )
      const t1 = performance.now()
      const restored = restore.state.mounts[0]!.injected === true
      const unchanged = restored && (n + 1) % o.unchangedEvery === 0
      build(fakeMountDir(builder, identity), o, n, !restored ? 1 : unchanged ? 0 : o.changedShare)
      const t2 = performance.now()
      const result = await extractAndSave(
        restore.state,
        { ref: e.ref, commit, runId: String(n + 1), runAttempt: '1', exportEnabled: true },
        deps,
      )
      const t3 = performance.now()
      const report = result.mounts[0]!
      if (report.bytes !== undefined) mountBytes = Math.max(mountBytes, report.bytes)
      if (report.outcome === 'saved')
        saves.push({ ref: e.ref, at: e.at, bytes: report.bytes ?? 0, lastUse: e.at })
      // The newest save of each ref is what later jobs restore (their own ref's, else main's).
      const newest = (ref: string) => saves.filter((s) => s.ref === ref).at(-1)
      const used = newest(e.ref) ?? newest(MAIN)
      if (used && restored) used.lastUse = e.at
      const now = clock.now()
      const builderSeconds = ((restore.state.injectMs ?? 0) + (result.extractMs ?? 0)) / 1000
      jobs.push({
        ref: e.ref,
        at: e.at,
        restored,
        outcome: report.outcome,
        restoreSeconds: (t1 - t0) / 1000 - (restore.state.injectMs ?? 0) / 1000,
        saveSeconds: (t3 - t2) / 1000 - (result.extractMs ?? 0) / 1000,
        builderSeconds,
        savedSeconds: restored
          ? (o.coldSeconds - o.warmSeconds) * (1 - (unchanged ? 0 : o.changedShare))
          : 0,
        storedBytes: service
          .entries()
          .filter((x) => x.committed && x.key.startsWith(MOUNT_KEY_PREFIX))
          .reduce((sum, x) => sum + x.sizeBytes, 0),
        unrotatedBytes: saves
          .filter((s) => now - s.lastUse < 7 * DAY)
          .reduce((sum, s) => sum + s.bytes, 0),
      })
      rmSync(runner, { recursive: true, force: true })
      if ((n + 1) % 50 === 0) progress(`${n + 1}/${list.length} events`)
    }
  } finally {
    process.stdout.write = write
    process.env = saved
    await service.stop()
    rmSync(root, { recursive: true, force: true })
  }
  return { options: o, jobs, mountBytes, wallMs: performance.now() - started }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`

export function renderMountBench(r: MountBenchResult): string {
  const o = r.options
  const warm = r.jobs.filter((j) => j.restored)
  const s = (x: number) => `${x.toFixed(2)} s`
  const action = (j: MountJob) => j.restoreSeconds + j.saveSeconds
  const peak = (pick: (j: MountJob) => number) => Math.max(...r.jobs.map(pick))
  const end = r.jobs.at(-1)
  const rows = Object.entries(RECORDED_BUILDER_SECONDS).flatMap(([version, byClient]) =>
    Object.entries(byClient).map(([client, builder]) => {
      const overhead = builder + median(warm.map(action))
      const saved = median(warm.map((j) => j.savedSeconds))
      return `| ${version} | ${client} | ${s(builder)} | ${s(median(warm.map(action)))} | ${s(overhead)} | ${s(saved)} | ${(saved / overhead).toFixed(0)}× |`
    }),
  )
  return [
    `A Go-style build cache mount (${o.files.toLocaleString('en')} files of ${o.fileBytes.toLocaleString('en')} bytes, a ${mb(r.mountBytes)} tar) over ${o.days} days: ${o.mainPerDay} default-branch builds a day and ${o.prsPerDay} pull request a day building ${o.prBuilds} times, then closed (\`prune\` drops its entries). Each job runs on a fresh runner with a fresh builder, through the action's own code and the real @actions/cache against the local cache service; the builder is the recording fake, whose inject and extract run this machine's tar.`,
    '',
    `Assumed (the workload's inputs, not measured): the build takes ${o.coldSeconds} s without its cache and ${o.warmSeconds} s with an unchanged one, and each commit changes ${(o.changedShare * 100).toFixed(0)} % of the cache, so a job that gets its mount back saves ${s((o.coldSeconds - o.warmSeconds) * (1 - o.changedShare))} (${s(o.coldSeconds - o.warmSeconds)} when its commit changes nothing there). Recorded with real BuildKit (50 MB in 5,000 files, medians of three): the inject and extract builds. Measured here: the action's own seconds on the runner (restore, digests, save, rotation).`,
    '',
    '| BuildKit | client | inject + extract (recorded) | the action on the runner (median, measured) | cost per job | build seconds saved per job | saved ÷ cost |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `${r.jobs.length} jobs: ${warm.length} with the mount restored and injected, ${r.jobs.length - warm.length} cold (nothing saved yet); ${r.jobs.filter((j) => j.outcome === 'saved').length} saved a new generation, ${r.jobs.filter((j) => j.outcome === 'unchanged').length} found it unchanged and uploaded nothing (every ${o.unchangedEvery}th commit leaves the cache alone). The fake builder's tar took ${s(median(r.jobs.map((j) => j.builderSeconds)))} a job here (median).`,
    '',
    `Stored by the mount entries: at most ${mb(peak((j) => j.storedBytes))} (${(peak((j) => j.storedBytes) / r.mountBytes).toFixed(1)} mounts), ${mb(end?.storedBytes ?? 0)} at the end, with rotation (one generation per ref; a closed pull request's dropped). Without rotation (every save kept until 7 days unused): at most ${mb(peak((j) => j.unrotatedBytes))} (${(peak((j) => j.unrotatedBytes) / r.mountBytes).toFixed(1)} mounts). The pruning budget counts the rest as it counts every saved generation.`,
    '',
    `Wall time of the run: ${(r.wallMs / 1000).toFixed(0)} s, the cache service in the same process, on the same cores (so the runner-side seconds are, if anything, high).`,
  ].join('\n')
}
