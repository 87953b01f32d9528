import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BlockBlobClient } from '@azure/storage-blob'
import {
  type StoredEntry,
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../../../dev/cache-service/index.js'

/**
 * Replays what a real BuildKit v0.24.0 sent to a GitHub-style cache service (fixtures recorded
 * by the project, in __tests__/fixtures) and checks this service answers the same:
 * statuses, hits and misses, and the entries left behind. Tokens were redacted, so each step
 * gets an equivalent one; upload bodies were not recorded, so bytes of the recorded sizes are
 * uploaded the way BuildKit's Go SDK does (1 MiB blocks, single Put Blob below that).
 */

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'buildkit-v0.24.0-gha',
)
const MiB = 1024 * 1024

interface Recorded {
  t: number
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body: string
  status: number
  hit?: string | null
}

interface FixtureEntry {
  id: number
  key: string
  version: string
  ref: string
  size: number
  created: number
  accessed: number
  committed: boolean
}

const lines = readFileSync(join(FIXTURES, 'traffic.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l))
const expectedEntries: FixtureEntry[] = JSON.parse(
  readFileSync(join(FIXTURES, 'entries.json'), 'utf8'),
)
const steps: Array<{ name: string; requests: Recorded[] }> = []
for (const line of lines) {
  if ('step' in line) steps.push({ name: line.step, requests: [] })
  else steps.at(-1)!.requests.push(line)
}

interface Outcome {
  step: string
  call: string
  key: string
  status: number
  hit?: string | null
}

let svc: RunningCacheService
let clock: ManualClock
const recordedOutcomes: Outcome[] = []
const replayedOutcomes: Outcome[] = []
let beforeReadback: StoredEntry[] = []
const downloads: Array<{ key: string; expected: number; got: number }> = []
const entryIds: string[] = []

beforeAll(async () => {
  clock = new ManualClock(steps[0]!.requests[0]!.t - 1000)
  svc = await startCacheService({ clock })
  const ids = new Map<string, number>()
  let lastReserved = 0

  for (const step of steps) {
    const writer = step.name.includes('feature') ? 'refs/heads/feature' : 'refs/heads/main'
    for (const [i, r] of step.requests.entries()) {
      clock.set(r.t)
      // The last requests of the recording are the recorder reading every index back (user agent "node").
      const readback = r.headers['user-agent'] === 'node'
      if (readback && beforeReadback.length === 0) beforeReadback = svc.entries()
      const token = readback
        ? svc.runtimeToken({ ref: 'refs/heads/main', readRefs: ['refs/heads/feature'] })
        : svc.runtimeToken({
            ref: writer,
            readRefs: writer === 'refs/heads/main' ? [] : ['refs/heads/main'],
          })
      const call = r.path.split('/').at(-1)!
      const body = r.body ? JSON.parse(r.body) : undefined
      const key = body?.key ?? r.query.keys ?? ''
      recordedOutcomes.push({
        step: step.name,
        call,
        key,
        status: r.status,
        ...('hit' in r ? { hit: r.hit } : {}),
      })

      let path = r.path
      const v1Id = /\/caches\/(\d+)$/.exec(r.path)
      if (v1Id) {
        if (!ids.has(v1Id[1]!)) ids.set(v1Id[1]!, lastReserved)
        path = r.path.replace(/\d+$/, String(ids.get(v1Id[1]!)))
      }
      const url = new URL(path.slice(1), svc.url)
      for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v)
      const headers = { ...r.headers, authorization: `Bearer ${token}` }

      if (r.method === 'PATCH') {
        const [, start, end] = /^bytes (\d+)-(\d+)\//.exec(r.headers['content-range']!)!
        const status = await patchChunked(url, headers, Number(end) - Number(start) + 1)
        replayedOutcomes.push({ step: step.name, call, key, status })
        continue
      }
      const res = await fetch(url, {
        method: r.method,
        headers,
        body: r.method === 'GET' ? undefined : r.body,
      })
      const text = await res.text()
      const json = text ? JSON.parse(text) : undefined
      const outcome: Outcome = { step: step.name, call, key, status: res.status }

      if (call === 'GetCacheEntryDownloadURL' || call === 'cache') {
        const matched: string | undefined = json?.matched_key ?? json?.cacheKey
        outcome.hit = matched ?? null
        if (matched) {
          const link: string = json.signed_download_url ?? json.archiveLocation
          const got = (await (await fetch(link)).arrayBuffer()).byteLength
          // Keys are unique across refs in this recording, so the key alone names the entry.
          const entry = svc.entries().find((e) => e.key === matched)
          downloads.push({ key: matched, expected: entry?.sizeBytes ?? -1, got })
        }
      }
      if (call === 'CreateCacheEntry' && json?.signed_upload_url) {
        const finalize = step.requests
          .slice(i + 1)
          .find(
            (n) => n.path.endsWith('/FinalizeCacheEntryUpload') && JSON.parse(n.body).key === key,
          )!
        const size: number = JSON.parse(finalize.body).size_bytes
        await new BlockBlobClient(json.signed_upload_url).uploadData(Buffer.alloc(size, 0x5a), {
          blockSize: MiB,
          maxSingleShotSize: MiB - 1,
        })
      }
      if (call === 'FinalizeCacheEntryUpload') entryIds.push(typeof json?.entry_id)
      if (call === 'caches' && r.method === 'POST') lastReserved = json.cacheId
      replayedOutcomes.push(outcome)
    }
  }
}, 60_000)
afterAll(() => svc.stop())

/** BuildKit sends v1 chunks with Transfer-Encoding: chunked. */
function patchChunked(url: URL, headers: Record<string, string>, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const { 'transfer-encoding': _te, ...rest } = headers
    const req = request(url, { method: 'PATCH', headers: rest }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    req.end(Buffer.alloc(length, 0x5a))
  })
}

describe('recorded BuildKit v0.24.0 traffic', () => {
  it('covers all eight builds, v2 and v1', () => {
    expect(steps.map((s) => s.name)).toHaveLength(8)
    expect(new Set(recordedOutcomes.map((o) => o.call))).toEqual(
      new Set([
        'GetCacheEntryDownloadURL',
        'CreateCacheEntry',
        'FinalizeCacheEntryUpload',
        'cache',
        'caches',
        '14',
        '15',
        '16',
        '17',
      ]),
    )
  })

  it('gets the same status, hit and miss for every request, in order', () => {
    expect(replayedOutcomes).toEqual(recordedOutcomes)
  })

  it('answers entry_id as a JSON string every time', () => {
    expect(entryIds).toEqual(Array(13).fill('string'))
  })

  it('serves every hit’s blob with the size that was uploaded', () => {
    expect(downloads.length).toBeGreaterThan(40)
    expect(downloads.filter((d) => d.got !== d.expected)).toEqual([])
  })

  it('leaves the same entries as entries.json: ids, keys, versions, refs, sizes, and times', () => {
    const shape = (
      e: { id: number; key: string; version: string; ref: string; committed: boolean },
      size: number,
      created: number,
      accessed: number,
    ) => ({
      id: e.id,
      key: e.key,
      version: e.version,
      ref: e.ref,
      size,
      created,
      accessed,
      committed: e.committed,
    })
    expect(beforeReadback.map((e) => shape(e, e.sizeBytes, e.createdAt, e.lastAccessedAt))).toEqual(
      expectedEntries.map((e) => shape(e, e.size, e.created, e.accessed)),
    )
  })

  it('the feature index reuses blobs stored in refs/heads/main instead of uploading them again', () => {
    const featureBlobs = beforeReadback.filter(
      (e) => e.ref === 'refs/heads/feature' && e.key.startsWith('buildkit-blob-'),
    )
    expect(featureBlobs.map((e) => e.key)).toEqual([
      'buildkit-blob-1-sha256:468ed505ee08afb359375b993b37807ae3396bbbf8e620232768226a663d7b38',
      'buildkit-blob-1-sha256:6ac021a8398884b8cc97f324b936d3d3ea5b19216901aa6f2e484508621e3fdd',
    ])
  })
})
