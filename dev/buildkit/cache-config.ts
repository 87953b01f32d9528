/**
 * BuildKit's cache config document, the payload of every `index-…#N` entry, written the way
 * BuildKit writes it: the structs of moby/buildkit cache/remotecache/v1/spec.go (v0.24), sorted as
 * `sortConfig` in cache/remotecache/v1/utils.go sorts them, marshalled as Go's `json.Marshal` does
 * (field order of the struct, `omitempty`, compact, no trailing newline).
 *
 * Two views of the same thing: the document (layers and records addressed by index) and the build
 * graph (records addressed by digest, each result a layer chain from the base up). The exporter
 * thinks in the graph; the service stores the document. Pure: no I/O.
 */

/** One layer blob as BuildKit annotates it in the index (`LayerAnnotations`). */
export interface Layer {
  /** Digest of the compressed blob: the entry `buildkit-blob-1-<blob>`. */
  blob: string
  diffID: string
  size: number
  mediaType: string
  /** RFC 3339 with nanoseconds, as Go prints `time.Time`. */
  createdAt: string
}

/** A cache record in graph form: inputs name other records by digest. */
export interface BuildRecord {
  /** The cache key digest (not a blob). */
  digest: string
  /** One slot per op input; each slot lists alternatives. */
  inputs: { selector?: string; digest: string }[][]
  /** The record's result: a layer chain, base first, and when it was produced. */
  result?: { chain: Layer[]; createdAt: string }
}

export interface DocumentLayer {
  blob: string
  /** -1 for a base layer. */
  parent: number
  annotations: Omit<Layer, 'blob'>
}

export interface DocumentRecord {
  layers?: { layer: number; createdAt: string }[]
  digest: string
  inputs?: { selector?: string; link: number }[][]
}

export interface CacheConfig {
  layers: DocumentLayer[]
  records: DocumentRecord[]
}

export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip'

/** Go's `time.Time` zero value, what BuildKit writes when it knows no time. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Builds the document for a set of records: every layer chain flattened into `layers` (one entry
 * per distinct chain prefix, as `marshalRemote` dedupes by chain ID), then both lists sorted and
 * every index rewritten, as `sortConfig` does.
 */
export function toCacheConfig(records: readonly BuildRecord[]): CacheConfig {
  const byDigest = new Map(records.map((r) => [r.digest, r]))
  if (byDigest.size !== records.length)
    throw new Error('cache config: two records share one digest')

  // Layers in first-seen order, keyed by their chain (blob digests base → this layer).
  const layers: { blob: string; parent: number; layer: Layer }[] = []
  const layerIndexByChain = new Map<string, number>()
  const resultIndex = new Map<string, number>()
  for (const record of records) {
    if (!record.result || record.result.chain.length === 0) continue
    let parent = -1
    let chainId = ''
    for (const layer of record.result.chain) {
      chainId += `/${layer.blob}`
      let index = layerIndexByChain.get(chainId)
      if (index === undefined) {
        index = layers.length
        layers.push({ blob: layer.blob, parent, layer })
        layerIndexByChain.set(chainId, index)
      }
      parent = index
    }
    resultIndex.set(record.digest, parent)
  }

  const layerOrder = layers
    .map((_, i) => i)
    .sort((i, j) => compare(layers[i].blob, layers[j].blob) || layers[i].parent - layers[j].parent)
  const newLayerIndex = new Array<number>(layers.length)
  layerOrder.forEach((oldIndex, newIndex) => (newLayerIndex[oldIndex] = newIndex))

  const inputKey = (r: BuildRecord) =>
    r.inputs
      .map((slot) => slot.map((i) => `${i.selector ?? ''}\u0000${i.digest}`).join('\u0001'))
      .join('\u0002')
  const sortedRecords = [...records].sort(
    (a, b) => compare(a.digest, b.digest) || compare(inputKey(a), inputKey(b)),
  )
  const recordIndex = new Map(sortedRecords.map((r, i) => [r.digest, i]))

  return {
    layers: layerOrder.map((oldIndex) => {
      const { blob, parent, layer } = layers[oldIndex]
      const { mediaType, diffID, size, createdAt } = layer
      return {
        blob,
        parent: parent === -1 ? -1 : newLayerIndex[parent],
        annotations: { mediaType, diffID, size, createdAt },
      }
    }),
    records: sortedRecords.map((record) => {
      const out: DocumentRecord = { digest: record.digest }
      const result = resultIndex.get(record.digest)
      if (result !== undefined)
        out.layers = [{ layer: newLayerIndex[result], createdAt: record.result!.createdAt }]
      if (record.inputs.length > 0) {
        out.inputs = record.inputs.map((slot) =>
          slot
            .map((input) => {
              const link = recordIndex.get(input.digest)
              if (link === undefined)
                throw new Error(
                  `cache config: record ${record.digest} links to unknown record ${input.digest}`,
                )
              return input.selector ? { selector: input.selector, link } : { link }
            })
            .sort((a, b) => a.link - b.link),
        )
      }
      return out
    }),
  }
}

/** The inverse of toCacheConfig: records by digest with their layer chains resolved. */
export function toBuildRecords(config: CacheConfig): BuildRecord[] {
  const chainOf = (index: number, seen = new Set<number>()): Layer[] => {
    const layer = config.layers[index]
    if (!layer) throw new Error(`cache config: layer index ${index} out of range`)
    if (seen.has(index)) throw new Error(`cache config: layer ${index} is its own ancestor`)
    seen.add(index)
    const own: Layer = { blob: layer.blob, ...layer.annotations }
    return layer.parent === -1 ? [own] : [...chainOf(layer.parent, seen), own]
  }
  return config.records.map((record) => {
    const out: BuildRecord = {
      digest: record.digest,
      inputs: (record.inputs ?? []).map((slot) =>
        slot.map((input) => {
          const target = config.records[input.link]
          if (!target)
            throw new Error(
              `cache config: record ${record.digest} links to index ${input.link}, out of range`,
            )
          return input.selector
            ? { selector: input.selector, digest: target.digest }
            : { digest: target.digest }
        }),
      ),
    }
    const result = record.layers?.[0]
    if (result) out.result = { chain: chainOf(result.layer), createdAt: result.createdAt }
    return out
  })
}

/** Compact JSON in the field order and with the `omitempty` rules of BuildKit's Go structs. */
export function marshalCacheConfig(config: CacheConfig): string {
  const layers = config.layers.map((l) => {
    const annotations: Record<string, unknown> = {}
    if (l.annotations.mediaType) annotations.mediaType = l.annotations.mediaType
    if (l.annotations.diffID) annotations.diffID = l.annotations.diffID
    if (l.annotations.size) annotations.size = l.annotations.size
    annotations.createdAt = l.annotations.createdAt || GO_ZERO_TIME
    // `parent` carries omitempty: a parent index of 0 is left out (a reader takes absence as 0).
    return l.parent === 0
      ? { blob: l.blob, annotations }
      : { blob: l.blob, parent: l.parent, annotations }
  })
  const records = config.records.map((r) => {
    const out: Record<string, unknown> = {}
    if (r.layers && r.layers.length > 0)
      out.layers = r.layers.map((x) => ({ layer: x.layer, createdAt: x.createdAt || GO_ZERO_TIME }))
    out.digest = r.digest
    if (r.inputs && r.inputs.length > 0)
      out.inputs = r.inputs.map((slot) =>
        slot.map((i) => (i.selector ? { selector: i.selector, link: i.link } : { link: i.link })),
      )
    return out
  })
  const doc: Record<string, unknown> = {}
  if (layers.length > 0) doc.layers = layers
  if (records.length > 0) doc.records = records
  return JSON.stringify(doc)
}

function fail(message: string): never {
  throw new Error(`cache config: ${message}`)
}

/** Parses an index document strictly enough to import from it (BuildKit's importer needs annotations and diffID). */
export function parseCacheConfig(text: string): CacheConfig {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    fail(`not JSON (${(error as Error).message})`)
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail('not a JSON object')
  const { layers = [], records = [] } = doc as { layers?: unknown; records?: unknown }
  if (!Array.isArray(layers) || !Array.isArray(records))
    fail('"layers" and "records" must be arrays')
  return {
    layers: layers.map((l: Record<string, unknown>, i) => {
      const a = (l?.annotations ?? fail(`layers[${i}] has no annotations`)) as Record<
        string,
        unknown
      >
      if (typeof l.blob !== 'string') fail(`layers[${i}].blob is missing`)
      if (typeof a.diffID !== 'string') fail(`layers[${i}] has no diffID`)
      const parent = l.parent === undefined ? 0 : l.parent
      if (typeof parent !== 'number' || parent < -1 || parent >= layers.length)
        fail(`layers[${i}].parent ${String(parent)} is out of range`)
      return {
        blob: l.blob,
        parent,
        annotations: {
          mediaType: String(a.mediaType ?? ''),
          diffID: a.diffID,
          size: Number(a.size ?? 0),
          createdAt: String(a.createdAt ?? GO_ZERO_TIME),
        },
      }
    }),
    records: records.map((r: Record<string, unknown>, i) => {
      if (typeof r?.digest !== 'string') fail(`records[${i}].digest is missing`)
      const out: DocumentRecord = { digest: r.digest }
      if (Array.isArray(r.layers) && r.layers.length > 0)
        out.layers = r.layers as DocumentRecord['layers']
      if (Array.isArray(r.inputs) && r.inputs.length > 0)
        out.inputs = r.inputs as DocumentRecord['inputs']
      return out
    }),
  }
}
