/**
 * BuildKit's cache config document, the payload of every `index-…#N` entry
 * (docs/buildkit-gha-format.md §5): which layer blobs an index references.
 * Pruning needs `layers[].blob`; the rest is checked only for shape, so that a layout this code
 * does not know is never read as "references nothing". `records[].digest` are cache-key digests,
 * not blobs. Pure: no I/O.
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

/** The fields BuildKit writes: anything else is a layout this code does not know. */
const FIELDS = {
  document: ['layers', 'records'],
  layer: ['blob', 'parent', 'annotations'],
  record: ['digest', 'layers', 'chains', 'inputs'],
  result: ['layer', 'createdAt'],
  chain: ['layers', 'createdAt'],
  input: ['selector', 'link'],
} as const

function object(value: unknown, path: string, fields: readonly string[]): Record<string, unknown> {
  if (!isRecord(value)) throw new IndexDocumentError(`${path} is not an object`)
  for (const name of Object.keys(value)) {
    if (!fields.includes(name)) {
      throw new IndexDocumentError(
        `${path} has the field ${JSON.stringify(name)}, which BuildKit does not write`,
      )
    }
  }
  return value
}

/** An array, or nothing when absent (Go's `omitempty`); `null` is not what BuildKit writes. */
function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new IndexDocumentError(`"${path}" is not an array`)
  return value
}

function position(value: unknown, path: string, min: number, count: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value >= count) {
    throw new IndexDocumentError(`${path} ${JSON.stringify(value)} is not ${what}`)
  }
  return value
}

/**
 * Parses an index document and checks it against the layout BuildKit writes (rule 4 of
 * docs/pruning-rules.md): only BuildKit's fields, every layer with a blob digest and a parent
 * among the layers, every record naming only listed layers and records. Throws
 * IndexDocumentError for anything else (not JSON, `layers: null`, a renamed or nested layer
 * list, a record naming a layer that is not listed): the pruner then counts the index as a failed read
 * and keeps whatever it might reference.
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
  const document = object(json, 'the document', FIELDS.document)
  // An export with no results marshals `{}`: both lists carry `omitempty`.
  const rawLayers = list(document.layers, 'layers')
  const rawRecords = list(document.records, 'records')
  const count = rawLayers.length
  const layers = rawLayers.map((raw, i): IndexLayer => {
    if (!isRecord(raw)) throw new IndexDocumentError(`layers[${i}] is not an object`)
    const layer = object(raw, `layers[${i}]`, FIELDS.layer)
    const { blob, parent = 0, annotations } = layer
    if (typeof blob !== 'string') throw new IndexDocumentError(`layers[${i}].blob is missing`)
    if (!isDigest(blob)) {
      throw new IndexDocumentError(`layers[${i}].blob ${JSON.stringify(blob)} is not a digest`)
    }
    position(parent, `layers[${i}].parent`, -1, count, '-1 or a layer index')
    if (annotations !== undefined && !isRecord(annotations)) {
      throw new IndexDocumentError(`layers[${i}].annotations is not an object`)
    }
    return { blob, parent: parent as number }
  })
  rawRecords.forEach((raw, i) => {
    const path = `records[${i}]`
    const record = object(raw, path, FIELDS.record)
    if (
      record.digest !== undefined &&
      (typeof record.digest !== 'string' || !isDigest(record.digest))
    ) {
      throw new IndexDocumentError(
        `${path}.digest ${JSON.stringify(record.digest)} is not a digest`,
      )
    }
    list(record.layers, `${path}.layers`).forEach((result, j) => {
      const at = `${path}.layers[${j}]`
      position(object(result, at, FIELDS.result).layer, `${at}.layer`, 0, count, 'a listed layer')
    })
    list(record.chains, `${path}.chains`).forEach((chain, j) => {
      const at = `${path}.chains[${j}]`
      const ids = object(chain, at, FIELDS.chain).layers
      if (!Array.isArray(ids)) throw new IndexDocumentError(`"${at}.layers" is not an array`)
      ids.forEach((id, k) => position(id, `${at}.layers[${k}]`, 0, count, 'a listed layer'))
    })
    list(record.inputs, `${path}.inputs`).forEach((slot, j) => {
      list(slot, `${path}.inputs[${j}]`).forEach((input, k) => {
        const at = `${path}.inputs[${j}][${k}]`
        const { link } = object(input, at, FIELDS.input)
        position(link, `${at}.link`, 0, rawRecords.length, 'a listed record')
      })
    })
  })
  return { layers }
}

/**
 * The signature blob of a signed index (BuildKit ≥ 0.27): `buildkit-blob-1-sha256:<sha256 of
 * the index bytes>-sig`, written after the index (docs/buildkit-gha-format.md).
 */
export function signatureBlobKey(bytes: Uint8Array | string): string {
  const hex = createHash('sha256').update(bytes).digest('hex')
  return blobKey(`sha256:${hex}`, true)
}

/**
 * Every blob key an index needs, deduplicated, in document order (docs/buildkit-gha-format.md §5):
 * one per layer, plus the signature blob when the index key base ends in `-sig`.
 */
export function referencedBlobKeys(bytes: Uint8Array | string, signed: boolean): string[] {
  const keys = new Set(parseIndexDocument(bytes).layers.map((layer) => blobKey(layer.blob)))
  if (signed) keys.add(signatureBlobKey(bytes))
  return [...keys]
}
