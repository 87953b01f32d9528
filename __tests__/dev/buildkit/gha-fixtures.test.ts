/**
 * The exporter against the recorded oracle: the eight builds of steps.txt, run through
 * dev/buildkit against the local cache service (Azurite inside), must send the requests real
 * BuildKit v0.24.0 sent (method, path, body, key; same hits and misses), in the same order, and
 * leave the same entries (keys, refs, sizes) and the same index documents, byte for byte.
 *
 * One allowance: BuildKit loads the indexes of all readable refs and looks up the blobs of reused
 * results from concurrent goroutines (gha.go `importer.Resolve`, `FromRemote`), so the recorded order
 * within those import lookups varies between runs (step 8 against step 2); they are compared as a
 * multiset. Everything else, the export included, is compared in order.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startCacheService, type RunningCacheService } from '../../../dev/cache-service/index.js'
import { parseCacheConfig, toBuildRecords } from '../../../dev/buildkit/cache-config.js'
import { runBuild, type BuildOptions } from '../../../dev/buildkit/builder.js'
import { createGhaBackend } from '../../../dev/buildkit/gha-backend.js'
import { createCacheServiceClient } from '../../../src/cache-service/client.js'
import { MAIN } from '../../helpers/constants.js'

const fixtures = new URL('../../fixtures/buildkit-v0.24.0-gha/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8')

interface Call {
  method: string
  path: string
  query: string
  body: string
  range?: string
  status: number
  hit?: string | null
}

/** The recorded traffic, split at its `### step` markers; the recorder's own reads at the end are dropped. */
function recordedSteps(): { name: string; calls: Call[] }[] {
  const steps: { name: string; calls: Call[] }[] = []
  for (const line of read('traffic.jsonl').trim().split('\n')) {
    const t = JSON.parse(line)
    if ('step' in t) {
      steps.push({ name: t.step, calls: [] })
      continue
    }
    const query = new URLSearchParams(t.query).toString()
    steps.at(-1)!.calls.push({
      method: t.method,
      path: t.path,
      query,
      body: t.body ?? '',
      range: t.headers['content-range'],
      status: t.status,
      ...('hit' in t ? { hit: t.hit } : {}),
    })
  }
  // After the last build the recorder downloaded every index generation by its exact key.
  const last = steps.at(-1)!
  last.calls = last.calls.filter(
    (c) =>
      !(
        c.path.endsWith('GetCacheEntryDownloadURL') &&
        /#\d+"/.test(c.body) &&
        !c.body.includes('"key":"index-v1app')
      ),
  )
  last.calls = last.calls.filter((c) => c.method !== 'POST' || !c.path.includes('twirp'))
  return steps
}

const doc = (key: string) => read(`indexes/${key.replace('#', '_')}.json`)
const records = (key: string) => toBuildRecords(parseCacheConfig(doc(key)))

const FEATURE = 'refs/heads/feature'
type Step = { protocol: 'v1' | 'v2'; ref: string; index: string; options: BuildOptions }
const step = (
  protocol: Step['protocol'],
  ref: string,
  index: string,
  from: string[],
  scope: string,
  mode: 'min' | 'max' = 'max',
): Step => ({
  protocol,
  ref,
  index,
  options: { ...(from.length ? { cacheFrom: from } : {}), cacheTo: { scope, mode } },
})
/** steps.txt, build by build: the index each export wrote names the build (its records are the build's). */
const plan: Step[] = [
  step('v2', MAIN, 'index-app-1-f921bd05#1', [], 'app'),
  step('v2', MAIN, 'index-app-1-f921bd05#2', ['app'], 'app'),
  step('v2', FEATURE, 'index-app-1-f04dcc3f#1', ['app'], 'app'),
  step('v2', FEATURE, 'index-app-1-f04dcc3f#2', ['app'], 'app'),
  step('v2', MAIN, 'index-app-min-1-f921bd05#1', ['app'], 'app-min', 'min'),
  step('v2', MAIN, 'index-app-1-f921bd05#3', ['app', 'app-min'], 'app'),
  step('v1', MAIN, 'index-v1app-1-f921bd05#1', [], 'v1app'),
  step('v1', MAIN, 'index-v1app-1-f921bd05#2', ['v1app'], 'v1app'),
]

let service: RunningCacheService
let base: string
const ours: Call[][] = []
const reports: Awaited<ReturnType<typeof runBuild>>[] = []

/** A fetch that records every cache-service API call (blob storage goes through the Azure SDK, not here). */
function recordingFetch(calls: Call[]) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    const response = await fetch(input, init)
    const url = new URL(input)
    if (
      !input.startsWith(base) ||
      !(url.pathname.startsWith('/twirp/') || url.pathname.startsWith('/_apis/'))
    )
      return response
    const headers = (init.headers ?? {}) as Record<string, string>
    const body = typeof init.body === 'string' ? init.body : ''
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams.toString(),
      body,
      status: response.status,
    }
    if (headers['Content-Range']) call.range = headers['Content-Range']
    const text = await response.clone().text()
    if (url.pathname.endsWith('/GetCacheEntryDownloadURL'))
      call.hit = JSON.parse(text).matched_key ?? null
    if (url.pathname.endsWith('/_apis/artifactcache/cache'))
      call.hit = text ? (JSON.parse(text).cacheKey ?? null) : null
    calls.push(call)
    return response
  }
}

beforeAll(async () => {
  service = await startCacheService({ uploadsPerMinute: 0 })
  base = service.url
  for (const step of plan) {
    const calls: Call[] = []
    const token = service.runtimeToken(
      step.ref === MAIN ? { ref: MAIN } : { ref: FEATURE, readRefs: [MAIN] },
    )
    const backend = createGhaBackend({
      protocol: step.protocol,
      url: service.url,
      token,
      fetch: recordingFetch(calls),
    })
    reports.push(await runBuild(backend, records(step.index), step.options))
    ours.push(calls)
  }
}, 120_000)

afterAll(async () => {
  await service?.stop()
})

const isBlobLookup = (c: Call) =>
  c.hit !== undefined &&
  (c.body.includes('"key":"buildkit-blob-') || c.query.includes('keys=buildkit-blob-'))
const isImportIndexLookup = (c: Call) =>
  c.hit !== undefined &&
  /"key":"index-[^"#]+"|keys=index-[^&#%]+&/.test(c.body || c.query) &&
  !/%23|#/.test(c.body || c.query)

/** Import lookups (index loads, then the blobs of reused results) become a sorted multiset; the rest keeps its order. */
function phases(calls: Call[], exportedLayers: number) {
  const blobLookups = calls.filter(isBlobLookup)
  const importBlobs = new Set(blobLookups.slice(0, blobLookups.length - exportedLayers))
  const imports = calls.filter((c) => isImportIndexLookup(c) || importBlobs.has(c))
  const rest = calls.filter((c) => !imports.includes(c))
  const key = (c: Call) => JSON.stringify(c)
  return { imports: imports.map(key).sort(), rest }
}

describe('the exporter replays recorded BuildKit v0.24.0 traffic', () => {
  const recorded = recordedSteps()

  it('recorded the eight builds of steps.txt', () => {
    expect(recorded.map((s) => s.name)).toEqual(
      read('steps.txt')
        .trim()
        .split('\n')
        .map((l) => l.replace(/^### /, '')),
    )
  })

  it.each(plan.map((step, i) => [i + 1, recorded[i]?.name ?? '', step] as const))(
    'step %i (%s): same requests, same answers',
    (n, _name, step) => {
      const layers = parseCacheConfig(doc(step.index)).layers.length
      const want = phases(recorded[n - 1].calls, layers)
      const got = phases(ours[n - 1], layers)
      // v1 cache ids come from the service's counter; both counters start at 1 and count the same entries
      expect(got.rest).toEqual(want.rest)
      expect(got.imports).toEqual(want.imports)
      expect(reports[n - 1].indexKey).toBe(step.index)
    },
  )

  it('leaves the same entries: keys, refs and sizes', () => {
    const recordedEntries: { key: string; ref: string; size: number }[] = JSON.parse(
      read('entries.json'),
    )
    const project = (e: { key: string; ref: string; size: number }) => `${e.ref} ${e.key} ${e.size}`
    expect(
      service
        .entries()
        .filter((e) => e.committed)
        .map((e) => project({ key: e.key, ref: e.ref, size: e.sizeBytes }))
        .sort(),
    ).toEqual(recordedEntries.map(project).sort())
  })

  it('stores index documents identical to the recorded ones', async () => {
    const names = readdirSync(new URL('indexes/', fixtures))
    expect(names).toHaveLength(8)
    for (const name of names) {
      const key = name.replace(/\.json$/, '').replace(/_(\d+)$/, '#$1')
      const ref = key.includes('f04dcc3f') ? FEATURE : MAIN
      const client = createCacheServiceClient({
        protocol: 'v2',
        url: service.url,
        token: service.runtimeToken({ ref, readRefs: [] }),
      })
      const match = await client.lookup(key)
      expect(match?.matchedKey).toBe(key)
      expect((await client.download(match!.downloadUrl)).toString('utf8')).toBe(doc(key))
    }
  })

  it('counts what BuildKit did: uploads, reuse and rebuilt steps', () => {
    expect(reports.map((r) => [r.blobsUploaded, r.cached, r.executed, r.blobNotFound])).toEqual([
      [3, 0, 3, 0], // first build: everything runs
      [0, 3, 0, 0], // same build: everything from the cache
      [0, 3, 0, 0], // feature reads main's cache
      [2, 1, 2, 0], // changed RUN: base from the cache
      [2, 1, 2, 0], // main, changed RUN, new scope
      [0, 3, 0, 0], // both scopes imported: all from app-min
      [2, 0, 3, 0], // v1: one blob already there (uploaded by v2 step 5)
      [0, 3, 0, 0],
    ])
  })
})
