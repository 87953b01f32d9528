/**
 * One build with `--import-cache type=gha` / `--export-cache type=gha`, reduced to what it does to
 * the cache: load the index of every import scope in every readable ref, decide which steps are
 * cache hits, look up ("Info") the blobs of each result it reuses, then export: look up every layer
 * of the cache config, upload the missing ones, write the next index generation.
 *
 * A step hits when the imported indexes hold a record with the same cache key reached through the
 * same inputs (BuildKit matches keys through their links, solver/cachemanager.go), so a changed step
 * invalidates every step after it. The targets are the records nothing else consumes. Only results the build needs are loaded: a hit below another hit
 * is never touched, as BuildKit skips vertices whose consumers are cached.
 */
import { createHash } from 'node:crypto'
import { marshalCacheConfig, toCacheConfig, type BuildRecord, type Layer } from './cache-config.js'
import type { GhaBackend } from './gha-backend.js'

export interface BuildOptions {
  /** `scope` of each `type=gha` cache import, in order. */
  cacheFrom?: readonly string[]
  /** The `type=gha` cache export, if any. */
  cacheTo?: { scope: string; mode?: 'min' | 'max' }
}

export interface BuildReport {
  /** Keys of the index generations the import loaded. */
  importedIndexes: string[]
  /** Steps that produce a layer. */
  steps: number
  /** Of those, steps that did not run: loaded from the cache, or below a step that was. */
  cached: number
  /** Steps that ran. */
  executed: number
  /** Compressed size of the layers the steps that ran produced. */
  bytesRebuilt: number
  /** Lookups of a blob that an imported index references and that no longer resolves. */
  blobNotFound: number
  blobsUploaded: number
  bytesUploaded: number
  /** Results left out of the export because their blob was gone and the build never had it (BuildKit ≥ 0.26). */
  resultsDropped: number
  /** The index generation written, when exporting. */
  indexKey?: string
}

type Graph = Map<string, BuildRecord>

/** A key that identifies a record together with everything it was built from. */
function fullKeys(graph: Graph): Map<string, string> {
  const keys = new Map<string, string>()
  const visit = (digest: string, path: Set<string>): string => {
    const known = keys.get(digest)
    if (known) return known
    const record = graph.get(digest)
    if (!record) return `missing:${digest}`
    if (path.has(digest)) throw new Error(`build graph has a cycle through ${digest}`)
    path.add(digest)
    const hash = createHash('sha256').update(digest)
    for (const slot of record.inputs) {
      const alternatives = slot
        .map((input) => `${input.selector ?? ''}@${visit(input.digest, path)}`)
        .sort()
      hash.update(`|${alternatives.join(',')}`)
    }
    path.delete(digest)
    const key = hash.digest('hex')
    keys.set(digest, key)
    return key
  }
  for (const digest of graph.keys()) visit(digest, new Set())
  return keys
}

function topLayer(record: BuildRecord): Layer | undefined {
  return record.result?.chain[record.result.chain.length - 1]
}

export async function runBuild(
  backend: GhaBackend,
  records: readonly BuildRecord[],
  options: BuildOptions = {},
): Promise<BuildReport> {
  const report: BuildReport = {
    importedIndexes: [],
    steps: 0,
    cached: 0,
    executed: 0,
    bytesRebuilt: 0,
    blobNotFound: 0,
    blobsUploaded: 0,
    bytesUploaded: 0,
    resultsDropped: 0,
  }
  const graph: Graph = new Map(records.map((r) => [r.digest, r]))
  const keys = fullKeys(graph)

  // Import: every scope, every readable ref; the refs of one scope merge into one cache, and the
  // caches of several scopes combine (solver.NewCombinedCacheManager).
  const imported = new Map<string, BuildRecord>()
  const importsHolding = new Map<string, number>() // full key → how many scopes hold a result for it
  for (const scope of options.cacheFrom ?? []) {
    const inScope = new Set<string>()
    for (const index of await backend.loadIndexes(scope)) {
      report.importedIndexes.push(index.key)
      const indexGraph: Graph = new Map(index.records.map((r) => [r.digest, r]))
      const indexKeys = fullKeys(indexGraph)
      for (const record of index.records) {
        const key = indexKeys.get(record.digest)!
        if (!record.result) continue
        inScope.add(key)
        if (!imported.get(key)?.result) imported.set(key, record)
      }
    }
    for (const key of inScope) importsHolding.set(key, (importsHolding.get(key) ?? 0) + 1)
  }

  // A result that two imported scopes both hold is checked once more while the solver probes the
  // cache: the combined cache manager picks one of the duplicates (solver/combinedcache.go
  // `Records`). Recorded BuildKit v0.24.0 shows it (steps.txt "two import scopes": the base layer
  // both scopes hold is looked up twice).
  for (const record of records) {
    const key = keys.get(record.digest)!
    if ((importsHolding.get(key) ?? 0) < 2) continue
    for (const layer of imported.get(key)!.result!.chain) await backend.blobExists(layer.blob)
  }

  // Walk from the targets (records nothing consumes) down to what must run.
  const consumed = new Set(
    records.flatMap((r) => r.inputs.flatMap((slot) => slot.map((i) => i.digest))),
  )
  const targets = records.filter((r) => !consumed.has(r.digest))
  const executed = new Set<string>()
  const loaded = new Map<string, BuildRecord>()
  const available = new Set<string>() // blobs this build has: loaded or produced
  const visited = new Set<string>()
  const walk = async (record: BuildRecord): Promise<void> => {
    if (visited.has(record.digest)) return
    visited.add(record.digest)
    const hit = record.result ? imported.get(keys.get(record.digest)!) : undefined
    if (hit?.result) {
      let resolves = true
      for (const layer of hit.result.chain) {
        if (!(await backend.blobExists(layer.blob))) {
          report.blobNotFound++
          resolves = false
          break
        }
      }
      if (resolves) {
        loaded.set(record.digest, hit)
        for (const layer of hit.result.chain) available.add(layer.blob)
        return
      }
    }
    if (record.result) executed.add(record.digest)
    for (const slot of record.inputs)
      for (const input of slot)
        await walk(graph.get(input.digest) ?? { digest: input.digest, inputs: [] })
  }
  for (const target of targets) await walk(target)

  for (const record of records) {
    if (!record.result) continue
    report.steps++
    if (executed.has(record.digest)) {
      report.executed++
      const layer = topLayer(record)!
      report.bytesRebuilt += layer.size
      available.add(layer.blob)
    } else {
      report.cached++
    }
  }

  if (!options.cacheTo) return report
  // mode=min exports what the targets were built from; mode=max every step (control.go `mode`).
  let exported = records.map((r) => {
    const hit = r.result ? (loaded.get(r.digest) ?? imported.get(keys.get(r.digest)!)) : undefined
    return hit?.result && !executed.has(r.digest) ? { ...r, result: hit.result } : r
  })
  if (options.cacheTo.mode === 'min') {
    // mode=min keeps the cache keys a lookup walks through, but results only for layers of the
    // image itself: a build stage's layers (reached through COPY --from) are not exported.
    const imageBlobs = new Set(targets.flatMap((t) => t.result?.chain.map((l) => l.blob) ?? []))
    exported = exported.map((r) =>
      r.result && !r.result.chain.every((l) => imageBlobs.has(l.blob))
        ? { digest: r.digest, inputs: r.inputs }
        : r,
    )
  }

  let config = toCacheConfig(exported)
  const gone = new Set<string>()
  for (const layer of config.layers) {
    if (await backend.blobExists(layer.blob)) continue
    if (!available.has(layer.blob)) {
      gone.add(layer.blob)
      continue
    }
    const full: Layer = { blob: layer.blob, ...layer.annotations }
    if ((await backend.saveBlob(full)) === 'uploaded') {
      report.blobsUploaded++
      report.bytesUploaded += full.size
    }
  }
  if (gone.size > 0) {
    exported = exported.map((r) => {
      if (!r.result?.chain.some((l) => gone.has(l.blob))) return r
      report.resultsDropped++
      return { digest: r.digest, inputs: r.inputs }
    })
    config = toCacheConfig(exported)
  }
  report.indexKey = await backend.saveIndex(options.cacheTo.scope, marshalCacheConfig(config))
  return report
}
