/**
 * Markers: tiny cache entries in which a job declares what a live index of its own ref
 * references, so that jobs which cannot read that ref's indexes (a pull request's, from the
 * default branch) need not guess it from times (analysis.ts couldReference). Only the key
 * matters, because every job lists every key through the REST API while only the ref's own jobs
 * can download its entries: the key names the index entry it describes and carries a Bloom filter
 * of the blob keys that index references. A filter has no false negatives, so a blob key it
 * rejects is certainly not referenced; a false positive only keeps a blob a little longer.
 * A marker counts only in its index's ref (rule 13 of docs/pruning-rules.md). Pure: no I/O.
 *
 * Layout: `buildkit-cache-action-uses-1-<index entry id>-<hashes>-<filter, base64url>`, at most
 * 512 characters (GitHub's key limit), with its own version so that nobody's lookup ever finds it.
 */
import { createHash } from 'node:crypto'
import { MAX_KEY_LENGTH } from '../cache-service/limits.js'

export const MARKER_KEY_PREFIX = 'buildkit-cache-action-uses-'

/** sha256("buildkit-cache-action uses 1"): the version every marker is saved with. */
export const MARKER_VERSION = createHash('sha256')
  .update('buildkit-cache-action uses 1')
  .digest('hex')

const FORMAT = '1'
/** Filter bits per blob key: about 0.05 % false positives with the best number of hashes. */
const BITS_PER_KEY = 16
const MAX_HASHES = 16
const MARKER_KEY =
  /^buildkit-cache-action-uses-1-([1-9][0-9]{0,15})-([1-9][0-9]?)-([A-Za-z0-9_-]+)$/

export interface Marker {
  /** The id of the index entry it describes (the REST API's `id`). */
  indexId: number
  /** False: the index certainly does not reference the blob key. */
  mayReference(blobKey: string): boolean
}

/** Bit positions of a blob key: up to 16 independent 32-bit words of two sha256 digests. */
function positions(blobKey: string, hashes: number, bits: number): number[] {
  const words = Buffer.concat([
    createHash('sha256').update(blobKey).digest(),
    createHash('sha256').update(`${blobKey}\n`).digest(),
  ])
  return Array.from({ length: hashes }, (_, i) => words.readUInt32BE(4 * i) % bits)
}

/** The marker key of the index entry `indexId` referencing `blobKeys`. */
export function markerKey(indexId: number, blobKeys: readonly string[]): string {
  if (!Number.isSafeInteger(indexId) || indexId < 1) {
    throw new Error(`a marker describes a cache entry id, a positive integer; got ${indexId}`)
  }
  const head = `${MARKER_KEY_PREFIX}${FORMAT}-${indexId}-`
  const keys = [...new Set(blobKeys)]
  // Room for the hash count (two digits and a dash); the filter is whole bytes, 4 characters
  // for 3 of them (base64url without padding decodes to exactly the bytes encoded).
  const room = MAX_KEY_LENGTH - head.length - 3
  const bytes = Math.max(
    1,
    Math.min(Math.floor((room * 6) / 8), Math.max(16, Math.ceil((keys.length * BITS_PER_KEY) / 8))),
  )
  const bits = bytes * 8
  const hashes =
    keys.length === 0
      ? 1
      : Math.max(1, Math.min(MAX_HASHES, Math.round((bits / keys.length) * Math.LN2)))
  const filter = Buffer.alloc(bytes)
  for (const key of keys) {
    for (const p of positions(key, hashes, bits)) filter[p >> 3] |= 1 << (p & 7)
  }
  return `${head}${hashes}-${filter.toString('base64url')}`
}

/** Reads a marker key; undefined for anything else. */
export function parseMarker(key: string): Marker | undefined {
  const match = MARKER_KEY.exec(key)
  if (!match) return undefined
  const indexId = Number(match[1])
  const hashes = Number(match[2])
  if (!Number.isSafeInteger(indexId) || hashes > MAX_HASHES) return undefined
  const filter = Buffer.from(match[3], 'base64url')
  // Only what markerKey writes: the text of whole bytes, nothing dropped in decoding.
  if (filter.length === 0 || filter.toString('base64url') !== match[3]) return undefined
  const bits = filter.length * 8
  return {
    indexId,
    mayReference: (blobKey) =>
      positions(blobKey, hashes, bits).every((p) => (filter[p >> 3] >> (p & 7)) & 1),
  }
}
