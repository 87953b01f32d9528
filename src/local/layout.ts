/**
 * Checks that a directory holds a complete OCI image layout as BuildKit's `type=local` cache exporter
 * writes it (the client's cache options and its `cache.manifest` index update):
 * `oci-layout`, an `index.json` whose `latest` descriptor is the cache manifest, and every blob that
 * manifest reaches under `blobs/<algorithm>/<hex>`.
 *
 * BuildKit creates the `dest` directory before the build runs and writes `index.json` only after
 * every blob is in place, so an empty directory means "the build never exported" and a directory
 * with blobs but no valid `index.json` means "the export stopped half-way".
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { LocalFs } from './fs.js'

export type LayoutInspection =
  /** No directory, or an empty one: nothing was exported. */
  | { state: 'missing' }
  /** Something is there, but not a layout BuildKit could import. */
  | { state: 'invalid'; reason: string }
  | {
      state: 'valid'
      /** Digest of the cache manifest (the `latest` entry of index.json): identifies the cache's content. */
      manifestDigest: string
      /** Distinct blobs reachable from index.json. */
      blobCount: number
      /** Their total size in bytes. */
      totalBytes: number
    }

/** The tag BuildKit's local cache exporter gives the cache manifest when no `tag=` attribute is set. */
export const CACHE_TAG = 'latest'
const REF_NAME = 'org.opencontainers.image.ref.name'

const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
])
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
])
/** The config of a cache manifest: small JSON, cheap to verify byte for byte. */
const CACHE_CONFIG_TYPE = 'application/vnd.buildkit.cacheconfig.v0'
/** Documents we read and hash; anything larger is not a manifest BuildKit wrote. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
const MAX_DEPTH = 8
// The algorithm and hex become path segments, so the pattern also keeps `..` and `/` out of paths.
const DIGEST = /^(sha256|sha384|sha512):([a-f0-9]{64,128})$/
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }

interface Descriptor {
  mediaType: string
  digest: string
  size: number
  annotations?: Record<string, unknown>
}

class LayoutError extends Error {}

/**
 * Inspects `dir`. Layer blobs are checked for presence and size, not hashed: hashing hundreds of
 * megabytes on every post step would cost more than the save it guards, and BuildKit writes each
 * blob under its digest only after the content store has verified it (containerd content/local
 * `Writer.Commit`). Manifests and cache configs, the documents we parse, are hashed.
 */
export async function inspectLayout(dir: string, fs: LocalFs): Promise<LayoutInspection> {
  const names = await fs.list(dir)
  if (names === undefined || names.length === 0) return { state: 'missing' }
  try {
    return await inspect(dir, fs)
  } catch (error) {
    if (error instanceof LayoutError) return { state: 'invalid', reason: error.message }
    throw error
  }
}

async function inspect(dir: string, fs: LocalFs): Promise<LayoutInspection> {
  const layout = await readJson(fs, join(dir, 'oci-layout'), 'oci-layout')
  if (typeof layout.imageLayoutVersion !== 'string') {
    throw new LayoutError('oci-layout has no imageLayoutVersion')
  }
  const index = await readJson(fs, join(dir, 'index.json'), 'index.json')
  const roots = descriptorList(index, 'manifests', 'index.json')
  if (roots.length === 0) throw new LayoutError('index.json lists no manifests')

  const cache = cacheManifest(roots)
  const seen = new Map<string, number>()
  for (const root of roots) await walk(dir, fs, root, seen, 0)
  let totalBytes = 0
  for (const size of seen.values()) totalBytes += size
  return { state: 'valid', manifestDigest: cache.digest, blobCount: seen.size, totalBytes }
}

/** The descriptor BuildKit tagged `latest`, or the only one there is. */
function cacheManifest(roots: Descriptor[]): Descriptor {
  const tagged = roots.filter((d) => d.annotations?.[REF_NAME] === CACHE_TAG)
  if (tagged.length === 1) return tagged[0]
  if (tagged.length > 1)
    throw new LayoutError(`index.json tags ${tagged.length} manifests "${CACHE_TAG}"`)
  if (roots.length === 1) return roots[0]
  throw new LayoutError(
    `index.json lists ${roots.length} manifests and none is tagged "${CACHE_TAG}"`,
  )
}

async function walk(
  dir: string,
  fs: LocalFs,
  desc: Descriptor,
  seen: Map<string, number>,
  depth: number,
): Promise<void> {
  if (seen.has(desc.digest)) return
  if (depth > MAX_DEPTH) throw new LayoutError(`manifests nest deeper than ${MAX_DEPTH} levels`)
  const path = blobPath(dir, desc.digest)
  const size = await fs.fileSize(path)
  if (size === undefined)
    throw new LayoutError(`blob ${desc.digest} (${desc.mediaType}) is missing`)
  if (size !== desc.size) {
    throw new LayoutError(`blob ${desc.digest} has ${size} bytes, its descriptor says ${desc.size}`)
  }
  seen.set(desc.digest, size)

  const isManifest = MANIFEST_TYPES.has(desc.mediaType)
  const isIndex = INDEX_TYPES.has(desc.mediaType)
  if (!isManifest && !isIndex && desc.mediaType !== CACHE_CONFIG_TYPE) return
  if (size > MAX_DOCUMENT_BYTES) {
    throw new LayoutError(
      `${desc.mediaType} ${desc.digest} is ${size} bytes, more than a manifest can be`,
    )
  }
  const bytes = await fs.readFile(path)
  if (bytes === undefined) throw new LayoutError(`blob ${desc.digest} vanished while being read`)
  const [algorithm, hex] = desc.digest.split(':')
  if (createHash(algorithm).update(bytes).digest('hex') !== hex) {
    throw new LayoutError(`blob ${desc.digest} does not match its digest`)
  }
  if (desc.mediaType === CACHE_CONFIG_TYPE) return

  const doc = parseJson(bytes, `${desc.mediaType} ${desc.digest}`)
  const where = `manifest ${desc.digest}`
  const children = isIndex
    ? descriptorList(doc, 'manifests', where)
    : [descriptor(doc.config, `${where} config`), ...descriptorList(doc, 'layers', where)]
  for (const child of children) await walk(dir, fs, child, seen, depth + 1)
}

function blobPath(dir: string, digest: string): string {
  const [algorithm, hex] = digest.split(':')
  return join(dir, 'blobs', algorithm, hex)
}

async function readJson(fs: LocalFs, path: string, name: string): Promise<Record<string, unknown>> {
  const size = await fs.fileSize(path)
  if (size === undefined) throw new LayoutError(`${name} is missing`)
  if (size > MAX_DOCUMENT_BYTES)
    throw new LayoutError(`${name} is ${size} bytes, too large to be BuildKit's`)
  const bytes = await fs.readFile(path)
  if (bytes === undefined) throw new LayoutError(`${name} is missing`)
  return parseJson(bytes, name)
}

function parseJson(bytes: Buffer, name: string): Record<string, unknown> {
  let doc: unknown
  try {
    doc = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new LayoutError(`${name} is not valid JSON`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new LayoutError(`${name} is not a JSON object`)
  }
  return doc as Record<string, unknown>
}

function descriptorList(doc: Record<string, unknown>, field: string, where: string): Descriptor[] {
  const list = doc[field]
  if (!Array.isArray(list)) throw new LayoutError(`${where} has no "${field}" list`)
  return list.map((item, i) => descriptor(item, `${where} ${field}[${i}]`))
}

function descriptor(value: unknown, where: string): Descriptor {
  if (value === null || typeof value !== 'object')
    throw new LayoutError(`${where} is not a descriptor`)
  const d = value as Record<string, unknown>
  if (typeof d.mediaType !== 'string') throw new LayoutError(`${where} has no mediaType`)
  const match = typeof d.digest === 'string' ? DIGEST.exec(d.digest) : null
  if (!match || match[2].length !== DIGEST_HEX_LENGTH[match[1]]) {
    throw new LayoutError(`${where} has an invalid digest ${JSON.stringify(d.digest)}`)
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new LayoutError(`${where} has an invalid size ${JSON.stringify(d.size)}`)
  }
  const annotations =
    d.annotations !== null && typeof d.annotations === 'object'
      ? (d.annotations as Record<string, unknown>)
      : undefined
  return { mediaType: d.mediaType, digest: d.digest as string, size: d.size, annotations }
}
