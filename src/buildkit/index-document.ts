/**
 * BuildKit's cache config document, the payload of every `index-…#N` entry
 * (moby/buildkit cache/remotecache/v1/types/spec.go): which layer blobs an index references.
 * Only what pruning needs is read: `layers[].blob`. `records[].digest` are cache-key digests,
 * not blobs, and are ignored. Pure: no I/O.
 */
import { createHash } from 'node:crypto'
import { blobKey, isDigest } from './keys.js'

export interface IndexLayer {
  /** The layer's blob digest; the blob is stored as `buildkit-blob-1-<blob>`. */
  blob: string
  /** Index of the parent layer; -1 for none. An absent `parent` means 0 (Go's `omitempty`). */
  parent: number
}

export interface IndexDocument {
  layers: IndexLayer[]
}

/** An index document that cannot be trusted to name every blob it needs. */
export class IndexDocumentError extends Error {
  constructor(message: string) {
    super(`index document: ${message}`)
    this.name = 'IndexDocumentError'
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Parses an index document. Throws IndexDocumentError when the bytes are not a cache config or
 * a layer lacks a valid blob digest: a pruner must then treat the index as unreadable and keep
 * what it might reference (buildkit-gha.md §6.3, "if an index fails to parse, keep everything").
 */
export function parseIndexDocument(bytes: Uint8Array | string): IndexDocument {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new IndexDocumentError(`not JSON (${(error as Error).message})`)
  }
  if (!isRecord(json)) throw new IndexDocumentError('not a JSON object')
  // An export with no results marshals `{}`: `layers` carries `omitempty`.
  const rawLayers = json.layers ?? []
  if (!Array.isArray(rawLayers)) throw new IndexDocumentError('"layers" is not an array')
  const layers = rawLayers.map((layer: unknown, i): IndexLayer => {
    if (!isRecord(layer)) throw new IndexDocumentError(`layers[${i}] is not an object`)
    const { blob, parent = 0 } = layer
    if (typeof blob !== 'string') throw new IndexDocumentError(`layers[${i}].blob is missing`)
    if (!isDigest(blob)) {
      throw new IndexDocumentError(`layers[${i}].blob ${JSON.stringify(blob)} is not a digest`)
    }
    if (typeof parent !== 'number' || !Number.isInteger(parent) || parent < -1) {
      throw new IndexDocumentError(
        `layers[${i}].parent ${JSON.stringify(parent)} is not -1 or a layer index`,
      )
    }
    return { blob, parent }
  })
  return { layers }
}

/**
 * The signature blob of a signed index (BuildKit ≥ 0.27): `buildkit-blob-1-sha256:<sha256 of
 * the index bytes>-sig`, written after the index (gha.go `Finalize`).
 */
export function signatureBlobKey(bytes: Uint8Array | string): string {
  const hex = createHash('sha256').update(bytes).digest('hex')
  return blobKey(`sha256:${hex}`, true)
}

/**
 * Every blob key an index needs, deduplicated, in document order (buildkit-gha.md §6.3):
 * one per layer, plus the signature blob when the index key base ends in `-sig`.
 */
export function referencedBlobKeys(bytes: Uint8Array | string, signed: boolean): string[] {
  const keys = new Set(parseIndexDocument(bytes).layers.map((layer) => blobKey(layer.blob)))
  if (signed) keys.add(signatureBlobKey(bytes))
  return [...keys]
}
