/**
 * Load benchmark of the local cache service: 100 parallel 1 MiB saves and restores, then one
 * 512 MiB save and restore over v2 (Azure SDK through the service's blob proxy) and v1 (PATCH
 * chunks the service streams into blocks). The service runs as its own process (the CLI), so
 * its memory is measured apart from the load generator: resident set sampled every 20 ms.
 *
 * Baselines in the same run: the same transfers sent straight to the service's Azurite port
 * (no service in the path), and the service's idle resident set.
 *
 *   npx tsx bench/cache-service.ts [--big-mib 512] [--small-mib 64] [--rounds 3] [--json out.json]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { BlockBlobClient } from '@azure/storage-blob'

const MiB = 1024 * 1024
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TWIRP = 'twirp/github.actions.results.api.v1.CacheService/'
const VERSION = 'f'.repeat(64)

interface Phase {
  name: string
  bytes: number
  seconds: number
  mibPerSecond: number
  peakRssMiB: number
  /** Peak resident set above the idle baseline. */
  growthMiB: number
}

export interface CacheServiceBenchResult {
  node: string
  rounds: number
  idleRssMiB: number
  phases: Phase[]
}

/** Resident set of one process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : 0
}

class RssSampler {
  #peak = 0
  #timer: NodeJS.Timeout
  constructor(readonly pid: number) {
    this.#timer = setInterval(() => (this.#peak = Math.max(this.#peak, rssOf(pid))), 20)
  }
  /** Peak since the last call, then starts over from the current value. */
  takePeak(): number {
    const peak = Math.max(this.#peak, rssOf(this.pid))
    this.#peak = rssOf(this.pid)
    return peak
  }
  stop(): void {
    clearInterval(this.#timer)
  }
}

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as { port: number }
  await new Promise((r) => srv.close(r))
  return port
}

async function startServiceProcess(
  storageDir: string,
  blobPort: number,
): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'dev/cache-service/cli.ts'),
      '--format',
      'json',
      '--uploads-per-minute',
      '0',
      '--storage-dir',
      storageDir,
      '--blob-port',
      String(blobPort),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(JSON.parse(out))
    })
    child.on('exit', (code) => reject(new Error(`cache service exited with ${code}`)))
  })
  return { child, env }
}

async function twirp(
  env: Record<string, string>,
  method: string,
  body: object,
): Promise<Record<string, string | boolean>> {
  const res = await fetch(new URL(TWIRP + method, env.ACTIONS_RESULTS_URL), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}`,
    },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as Record<string, string | boolean>
  if (!res.ok || json.ok === false)
    throw new Error(`${method}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/**
 * Bytes [start, end) of a payload that does not compress: 1 MiB blocks, each the seed stamped
 * with its block number, made on the fly so no side holds more than a block. `start` must be
 * a multiple of 1 MiB, which lets a chunk be produced without producing what comes before it.
 */
function payload(seed: Buffer, end: number, start = 0): Readable {
  let offset = start
  return new Readable({
    read() {
      if (offset >= end) return this.push(null)
      const block = Buffer.from(seed)
      block.writeUInt32BE(offset / MiB, 0)
      const part = block.subarray(0, Math.min(MiB, end - offset))
      offset += part.length
      this.push(part)
    },
  })
}

const digests = new Map<number, string>()
/** The payload's sha256, computed once per size outside the timed phases. */
async function expectedDigest(seed: Buffer, bytes: number): Promise<string> {
  if (!digests.has(bytes)) digests.set(bytes, (await digestOf(payload(seed, bytes))).sha256)
  return digests.get(bytes)!
}

async function digestOf(stream: NodeJS.ReadableStream): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length
    hash.update(chunk as Buffer)
  }
  return { bytes, sha256: hash.digest('hex') }
}

async function download(url: string): Promise<{ bytes: number; sha256: string }> {
  const res = await fetch(url)
  if (!res.ok || !res.body) throw new Error(`download ${res.status}`)
  return digestOf(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream))
}

/** One v2 save streamed through the Azure SDK, and its restore; `direct` skips the service. */
async function v2RoundTrip(
  env: Record<string, string>,
  key: string,
  bytes: number,
  seed: Buffer,
  azurite?: string,
) {
  const reroute = (url: string) => (azurite ? url.replace(/^http:\/\/[^/]+/, azurite) : url)
  const { signed_upload_url } = await twirp(env, 'CreateCacheEntry', { key, version: VERSION })
  const expected = await expectedDigest(seed, bytes)
  await new BlockBlobClient(reroute(signed_upload_url as string)).uploadStream(
    payload(seed, bytes),
    8 * MiB,
    4,
  )
  await twirp(env, 'FinalizeCacheEntryUpload', { key, version: VERSION, size_bytes: String(bytes) })
  const { signed_download_url } = await twirp(env, 'GetCacheEntryDownloadURL', {
    key,
    version: VERSION,
  })
  const got = await download(reroute(signed_download_url as string))
  if (got.sha256 !== expected) throw new Error(`${key}: downloaded bytes differ`)
}

/** One v1 save (32 MiB PATCH chunks, four in flight, as @actions/cache sends them) and its restore. */
async function v1RoundTrip(env: Record<string, string>, key: string, bytes: number, seed: Buffer) {
  const api = new URL('_apis/artifactcache/', env.ACTIONS_CACHE_URL)
  const headers = {
    authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}`,
    accept: 'application/json;api-version=6.0-preview.1',
  }
  const reserved = await fetch(new URL('caches', api), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ key, version: VERSION, cacheSize: bytes }),
  })
  const { cacheId } = (await reserved.json()) as { cacheId: number }
  const chunk = 32 * MiB
  const starts = Array.from({ length: Math.ceil(bytes / chunk) }, (_, i) => i * chunk)
  const send = (start: number) =>
    new Promise<void>((resolve, reject) => {
      const end = Math.min(bytes, start + chunk) - 1
      const req = request(new URL(`caches/${cacheId}`, api), {
        method: 'PATCH',
        headers: {
          ...headers,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${start}-${end}/*`,
          'content-length': end - start + 1,
        },
      })
      req.on('response', (res) => {
        res.resume()
        if (res.statusCode === 204) resolve()
        else reject(new Error(`chunk ${start}: ${res.statusCode}`))
      })
      req.on('error', reject)
      payload(seed, end + 1, start).pipe(req)
    })
  const queue = [...starts]
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) await send(s)
    }),
  )
  const committed = await fetch(new URL(`caches/${cacheId}`, api), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ size: bytes }),
  })
  if (committed.status !== 204)
    throw new Error(`commit: ${committed.status} ${await committed.text()}`)
  const hit = await fetch(new URL(`cache?keys=${key}&version=${VERSION}`, api), { headers })
  const { archiveLocation } = (await hit.json()) as { archiveLocation: string }
  const got = await download(archiveLocation)
  if (got.sha256 !== (await expectedDigest(seed, bytes)))
    throw new Error(`${key}: downloaded bytes differ`)
}

export async function runCacheServiceBench(
  o: { bigMiB?: number; smallMiB?: number; rounds?: number } = {},
): Promise<CacheServiceBenchResult> {
  const big = (o.bigMiB ?? 512) * MiB
  const small = (o.smallMiB ?? 64) * MiB
  const seed = randomBytes(MiB)
  await Promise.all([MiB, small, big].map((n) => expectedDigest(seed, n)))
  const hundred = Array.from({ length: 100 }, (_, i) => i)
  const plan: Array<
    [string, number, (env: Record<string, string>, azurite: string) => Promise<unknown>]
  > = [
    [
      '100 x 1 MiB v2, parallel, straight to Azurite (baseline)',
      200 * MiB,
      (env, az) => Promise.all(hundred.map((i) => v2RoundTrip(env, `s${i}`, MiB, seed, az))),
    ],
    [
      '100 x 1 MiB v2, parallel, through the service',
      200 * MiB,
      (env) => Promise.all(hundred.map((i) => v2RoundTrip(env, `s${i}`, MiB, seed))),
    ],
    [
      `1 x ${big / MiB} MiB v2, straight to Azurite (baseline)`,
      2 * big,
      (env, az) => v2RoundTrip(env, 'big', big, seed, az),
    ],
    [
      `1 x ${small / MiB} MiB v2, through the service`,
      2 * small,
      (env) => v2RoundTrip(env, 'big', small, seed),
    ],
    [
      `1 x ${big / MiB} MiB v2, through the service`,
      2 * big,
      (env) => v2RoundTrip(env, 'big', big, seed),
    ],
    [
      `1 x ${small / MiB} MiB v1 (32 MiB PATCH chunks), through the service`,
      2 * small,
      (env) => v1RoundTrip(env, 'big', small, seed),
    ],
    [
      `1 x ${big / MiB} MiB v1 (32 MiB PATCH chunks), through the service`,
      2 * big,
      (env) => v1RoundTrip(env, 'big', big, seed),
    ],
  ]
  const runs = new Map<string, Array<{ seconds: number; peak: number; growth: number }>>()
  let idleTotal = 0
  let idleCount = 0
  // Rounds interleave baselines and service phases, so load from elsewhere on the machine falls
  // on both; each figure is the median over the rounds (memory: the largest).
  for (let round = 0; round < (o.rounds ?? 3); round++) {
    for (const [name, , work] of plan) {
      // A fresh service per phase: each peak is measured against that process's own idle state.
      const storage = mkdtempSync(join(tmpdir(), 'cache-service-bench-'))
      const blobPort = await freePort()
      const { child, env } = await startServiceProcess(storage, blobPort)
      try {
        await v2RoundTrip(env, 'warm-up', MiB, seed)
        await v1RoundTrip(env, 'warm-up-v1', MiB, seed)
        await new Promise((r) => setTimeout(r, 300))
        const idle = rssOf(child.pid!)
        idleTotal += idle
        idleCount++
        const sampler = new RssSampler(child.pid!)
        const t0 = performance.now()
        await work(env, `http://127.0.0.1:${blobPort}`)
        const seconds = (performance.now() - t0) / 1000
        const peak = sampler.takePeak()
        sampler.stop()
        runs.set(name, [...(runs.get(name) ?? []), { seconds, peak, growth: peak - idle }])
      } finally {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
        rmSync(storage, { recursive: true, force: true })
      }
    }
  }
  const phases = plan.map(([name, bytes]): Phase => {
    const r = runs.get(name)!
    const seconds = median(r.map((x) => x.seconds))
    return {
      name,
      bytes,
      seconds: round(seconds, 2),
      mibPerSecond: round(bytes / MiB / seconds, 1),
      peakRssMiB: round(Math.max(...r.map((x) => x.peak)) / MiB, 1),
      growthMiB: round(Math.max(...r.map((x) => x.growth)) / MiB, 1),
    }
  })
  return {
    node: process.version,
    rounds: o.rounds ?? 3,
    idleRssMiB: round(idleTotal / idleCount / MiB, 1),
    phases,
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function round(n: number, digits: number): number {
  return Math.round(n * 10 ** digits) / 10 ** digits
}

export function renderBench(r: CacheServiceBenchResult): string {
  const rows = r.phases.map(
    (p) =>
      `| ${p.name} | ${(p.bytes / MiB).toFixed(0)} | ${p.seconds} | ${p.mibPerSecond} | ${p.peakRssMiB} | +${p.growthMiB} |`,
  )
  return [
    `Cache service under load (Node ${r.node}; ${r.rounds} interleaved rounds, a fresh service process per phase, idle RSS ${r.idleRssMiB} MiB on average; blobs on disk).`,
    'Each phase saves and then restores (MiB moved counts both directions); time is the median round; peak RSS of the service process (sampled every 20 ms) is the largest round.',
    '',
    '| phase | MiB moved | s | MiB/s | service peak RSS (MiB) | over its idle (MiB) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      'big-mib': { type: 'string' },
      'small-mib': { type: 'string' },
      rounds: { type: 'string' },
      json: { type: 'string' },
    },
  })
  const result = await runCacheServiceBench({
    bigMiB: values['big-mib'] ? Number(values['big-mib']) : undefined,
    smallMiB: values['small-mib'] ? Number(values['small-mib']) : undefined,
    rounds: values.rounds ? Number(values.rounds) : undefined,
  })
  console.log(renderBench(result))
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`)
}
