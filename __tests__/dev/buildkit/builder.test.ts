/**
 * dev/buildkit/builder.ts over an in-memory gha backend (a fake at the module boundary; the real
 * backend is exercised against the local cache service in gha-fixtures.test.ts): which steps hit,
 * which blobs are looked up, what is uploaded and what the exported index references.
 */
import { describe, expect, it } from '@jest/globals'
import { blobKey } from '../../../src/buildkit/keys.js'
import { parseCacheConfig, toBuildRecords, type Layer } from '../../../dev/buildkit/cache-config.js'
import { runBuild } from '../../../dev/buildkit/builder.js'
import type { GhaBackend, LoadedIndex } from '../../../dev/buildkit/gha-backend.js'
import { synthesizeBuild, type ImageSpec } from '../../../dev/buildkit/synthetic-build.js'

function memoryBackend() {
  const blobs = new Set<string>()
  const indexes = new Map<string, string[]>() // scope → documents, generation = position + 1
  const log: string[] = []
  const backend: GhaBackend = {
    scopes: [{ scope: 'refs/heads/main', permission: 3 }],
    writeRef: 'refs/heads/main',
    async loadIndexes(scope): Promise<LoadedIndex[]> {
      log.push(`load index ${scope}`)
      const docs = indexes.get(scope) ?? []
      if (docs.length === 0) return []
      return [
        {
          ref: 'refs/heads/main',
          key: `${scope}#${docs.length}`,
          records: toBuildRecords(parseCacheConfig(docs[docs.length - 1])),
        },
      ]
    },
    async blobExists(blob) {
      log.push(`info ${blob.slice(7, 15)}`)
      return blobs.has(blob)
    },
    async saveBlob(layer: Layer) {
      log.push(`save ${layer.blob.slice(7, 15)}`)
      blobs.add(layer.blob)
      return 'uploaded'
    },
    async saveIndex(scope, document) {
      const docs = indexes.get(scope) ?? []
      docs.push(document)
      indexes.set(scope, docs)
      return `${scope}#${docs.length}`
    },
  }
  const lastIndex = (scope: string) => parseCacheConfig(indexes.get(scope)!.at(-1)!)
  return { backend, blobs, log, lastIndex }
}

const web: ImageSpec = {
  name: 'web',
  stages: [
    {
      name: 'build',
      base: { image: 'golang:1.24', size: 300 },
      steps: [{ name: 'compile', size: 50 }],
    },
    {
      name: 'final',
      base: { image: 'alpine:3.22', size: 100 },
      steps: [
        { name: 'deps', size: 40 },
        { name: 'app', size: 10, copyFrom: 'build' },
      ],
    },
  ],
}
const T = '2026-01-01T00:00:00Z'
const io = { cacheFrom: ['web'], cacheTo: { scope: 'web', mode: 'max' as const } }

describe('runBuild', () => {
  it('first build: runs every step, uploads every layer, writes generation 1', async () => {
    const { backend, blobs, lastIndex } = memoryBackend()
    const records = synthesizeBuild(web, {}, T)
    const report = await runBuild(backend, records, io)
    expect(report).toMatchObject({
      steps: 5,
      cached: 0,
      executed: 5,
      blobNotFound: 0,
      blobsUploaded: 5,
      indexKey: 'web#1',
      importedIndexes: [],
    })
    expect(report.bytesRebuilt).toBe(
      records.reduce((sum, r) => sum + r.result!.chain.at(-1)!.size, 0),
    )
    expect(
      lastIndex('web')
        .layers.map((l) => l.blob)
        .sort(),
    ).toEqual([...blobs].sort())
  })

  it('same build again: everything from cache, only the final chain looked up, nothing uploaded', async () => {
    const { backend, log } = memoryBackend()
    const records = synthesizeBuild(web, {}, T)
    await runBuild(backend, records, io)
    log.length = 0
    const report = await runBuild(backend, records, io)
    expect(report).toMatchObject({
      cached: 5,
      executed: 0,
      bytesRebuilt: 0,
      blobsUploaded: 0,
      indexKey: 'web#2',
      importedIndexes: ['web#1'],
    })
    const finalChain = records
      .find((r) => r.digest === records.at(-1)!.digest)!
      .result!.chain.map((l) => `info ${l.blob.slice(7, 15)}`)
    // import: the target's chain (alpine, deps, app); export: all five layers, sorted by blob
    expect(log.slice(0, 4)).toEqual(['load index web', ...finalChain])
    expect(log.slice(4)).toHaveLength(5)
    expect(log.slice(4).every((line) => line.startsWith('info '))).toBe(true)
  })

  it('a changed step runs with every step after it; steps before it come from the cache', async () => {
    const { backend } = memoryBackend()
    await runBuild(backend, synthesizeBuild(web, {}, T), io)
    const changed = synthesizeBuild(web, { 'final/deps': '2' }, T)
    const report = await runBuild(backend, changed, io)
    // synthesize order: golang, compile, alpine, deps, app
    const sizeOf = (i: number) => changed[i].result!.chain.at(-1)!.size
    expect(report).toMatchObject({ executed: 2, cached: 3, blobNotFound: 0, blobsUploaded: 2 })
    expect(report.bytesRebuilt).toBe(sizeOf(3) + sizeOf(4))
  })

  it('counts "blob not found" when an index references an evicted blob, and rebuilds', async () => {
    const { backend, blobs } = memoryBackend()
    const records = synthesizeBuild(web, {}, T)
    await runBuild(backend, records, io)
    const alpine = records.find((r) => r.inputs.length === 0 && r.result!.chain[0].size < 200)!
      .result!.chain[0].blob
    blobs.delete(alpine)
    const report = await runBuild(backend, records, io)
    // the final chain fails on alpine; so does deps' chain on the way down
    expect(report.blobNotFound).toBe(3)
    expect(report.executed).toBe(3) // alpine, deps, app; the build stage is still cached
    expect(blobs.has(alpine)).toBe(true)
  })

  it.each([
    ['min', 3], // alpine, deps, app: the build stage's layers are not in the image
    ['max', 5], // every step's layer, the build stage's too
  ] as const)('mode=%s exports every cache key but %i layers', async (mode, layers) => {
    const { backend, lastIndex } = memoryBackend()
    await runBuild(backend, synthesizeBuild(web, {}, T), { cacheTo: { scope: 'web', mode } })
    expect(lastIndex('web').records).toHaveLength(5)
    expect(lastIndex('web').layers).toHaveLength(layers)
    expect(lastIndex('web').records.filter((r) => r.layers)).toHaveLength(layers)
  })

  it('drops results whose blobs are gone and that the build never had (BuildKit ≥ 0.26)', async () => {
    const { backend, blobs, lastIndex } = memoryBackend()
    const records = synthesizeBuild(web, {}, T)
    await runBuild(backend, records, io)
    const compile = records.find(
      (r) => r.result!.chain.length === 2 && r.inputs.length === 1 && r.result!.chain[0].size > 200,
    )!
    const gone = compile.result!.chain[1].blob
    blobs.delete(gone)
    const report = await runBuild(backend, records, io)
    expect(report).toMatchObject({
      executed: 0,
      blobNotFound: 0,
      resultsDropped: 1,
      blobsUploaded: 0,
    })
    expect(lastIndex('web').layers.map((l) => l.blob)).not.toContain(gone)
    expect(blobKey(gone)).toMatch(/^buildkit-blob-1-sha256:/)
  })

  it('imports nothing and exports nothing without cache options', async () => {
    const { backend, log } = memoryBackend()
    const report = await runBuild(backend, synthesizeBuild(web, {}, T))
    expect(report).toMatchObject({ executed: 5, importedIndexes: [] })
    expect(report.indexKey).toBeUndefined()
    expect(log).toEqual([])
  })
})

describe('synthesizeBuild', () => {
  it('is deterministic and changes the blobs after a changed step only', () => {
    const a = synthesizeBuild(web, {}, T)
    expect(synthesizeBuild(web, {}, T)).toEqual(a)
    const b = synthesizeBuild(web, { 'final/deps': '2' }, T)
    const tops = (records: typeof a) => records.map((r) => r.result!.chain.at(-1)!.blob)
    const same = tops(a).map((blob, i) => blob === tops(b)[i])
    expect(same).toEqual([true, true, true, false, false]) // golang, compile, alpine kept; deps, app new
  })

  it('rejects COPY --from a stage that does not come earlier', () => {
    const bad: ImageSpec = {
      name: 'bad',
      stages: [
        {
          name: 's',
          base: { image: 'i', size: 1 },
          steps: [{ name: 'x', size: 1, copyFrom: 'later' }],
        },
      ],
    }
    expect(() => synthesizeBuild(bad, {}, T)).toThrow(
      'stage s step x copies from later, which is not an earlier stage',
    )
  })
})
