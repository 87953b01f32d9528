/**
 * Writes `type=local` cache layouts shaped like the ones real BuildKit v0.24.0 wrote
 * (`__tests__/fixtures/buildkit-v0.24.0-local/`): the same `oci-layout` and `index.json` form, a cache
 * manifest with BuildKit's media types and annotations, a `vnd.buildkit.cacheconfig.v0` config chaining
 * the layers. Small layers can be the recorded blobs themselves; large ones are deterministic
 * incompressible bytes (gzip output is incompressible too), since the fixture keeps only blobs < 4 KiB.
 * Used by the local tests and by `bench/local.ts`.
 */
import { createCipheriv, createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream, promises as fsp } from 'node:fs'
import { join } from 'node:path'

export const FIXTURE_DIR = new URL('../fixtures/buildkit-v0.24.0-local/', import.meta.url).pathname

/** A layer: one of the recorded small blobs, or `size` bytes generated from `seed`. */
export type LayerSpec = { recorded: string } | { seed: string; size: number }

export interface WrittenLayout {
  manifestDigest: string
  /** Every blob written, digest → size. */
  blobs: Map<string, number>
  /** Bytes under `blobs/`. */
  totalBytes: number
}

const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip'
const CHUNK = 4 * 1024 * 1024

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

/** Deterministic pseudo-random bytes (AES-128-CTR over zeros, keyed by the seed): fast, and the same every run. */
async function writeGenerated(path: string, seed: string, size: number): Promise<string> {
  const key = createHash('sha256').update(`key:${seed}`).digest().subarray(0, 16)
  const iv = createHash('sha256').update(`iv:${seed}`).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, iv)
  const hash = createHash('sha256')
  const out = createWriteStream(path)
  const zeros = Buffer.alloc(CHUNK)
  for (let left = size; left > 0; left -= CHUNK) {
    const chunk = cipher.update(zeros.subarray(0, Math.min(CHUNK, left)))
    hash.update(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return `sha256:${hash.digest('hex')}`
}

async function writeBlob(dir: string, data: Buffer): Promise<string> {
  const digest = sha256(data)
  await fsp.writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), data)
  return digest
}

/**
 * Writes a complete layout into `dir` (created if needed). `createdAt` stamps the layers the way
 * BuildKit's `buildkit/createdat` annotation does; the same layers and time give the same manifest
 * digest, which is what an unchanged rebuild produces.
 */
export async function writeBuildKitLayout(
  dir: string,
  layers: LayerSpec[],
  createdAt = '2026-11-26T14:32:17.768648661Z',
): Promise<WrittenLayout> {
  const blobDir = join(dir, 'blobs', 'sha256')
  await fsp.mkdir(blobDir, { recursive: true })
  const blobs = new Map<string, number>()
  const described: { digest: string; size: number; uncompressed: string }[] = []
  for (const layer of layers) {
    if ('recorded' in layer) {
      const data = await fsp.readFile(
        join(FIXTURE_DIR, 'blobs-small', layer.recorded.replace('sha256:', '')),
      )
      const digest = await writeBlob(dir, data)
      described.push({ digest, size: data.length, uncompressed: sha256(`uncompressed:${digest}`) })
    } else {
      const tmp = join(blobDir, `ingest-${process.pid}-${layer.seed}`)
      const digest = await writeGenerated(tmp, layer.seed, layer.size)
      await fsp.rename(tmp, join(blobDir, digest.slice(7)))
      described.push({
        digest,
        size: layer.size,
        uncompressed: sha256(`uncompressed:${layer.seed}`),
      })
    }
  }
  for (const d of described) blobs.set(d.digest, d.size)

  // The cache config chains each layer to the next, like the recorded a04b78c1… config.
  const config = {
    layers: described.map((d, i) => ({
      blob: d.digest,
      parent: i + 1 < described.length ? i + 1 : -1,
    })),
    records: described.map((d, i) => ({
      layers: [{ layer: i, createdAt }],
      digest: sha256(`record:${d.digest}`),
      ...(i + 1 < described.length ? { inputs: [[{ link: i + 1 }]] } : {}),
    })),
  }
  const configData = Buffer.from(JSON.stringify(config))
  const configDigest = await writeBlob(dir, configData)
  blobs.set(configDigest, configData.length)

  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.buildkit.cacheconfig.v0',
      digest: configDigest,
      size: configData.length,
    },
    layers: described.map((d) => ({
      mediaType: LAYER_TYPE,
      digest: d.digest,
      size: d.size,
      annotations: {
        'buildkit/createdat': createdAt,
        'containerd.io/uncompressed': d.uncompressed,
      },
    })),
  }
  const manifestData = Buffer.from(JSON.stringify(manifest))
  const manifestDigest = await writeBlob(dir, manifestData)
  blobs.set(manifestDigest, manifestData.length)

  await fsp.copyFile(join(FIXTURE_DIR, 'oci-layout'), join(dir, 'oci-layout'))
  const index = JSON.parse(await fsp.readFile(join(FIXTURE_DIR, 'index.json'), 'utf8'))
  index.manifests[0].digest = manifestDigest
  index.manifests[0].size = manifestData.length
  await fsp.writeFile(join(dir, 'index.json'), JSON.stringify(index))

  let totalBytes = 0
  for (const size of blobs.values()) totalBytes += size
  return { manifestDigest, blobs, totalBytes }
}

/** The recorded layout as BuildKit left it, minus the blobs ≥ 4 KiB the fixture does not keep. */
export async function copyRecordedLayout(dir: string): Promise<void> {
  const blobDir = join(dir, 'blobs', 'sha256')
  await fsp.mkdir(blobDir, { recursive: true })
  for (const name of ['oci-layout', 'index.json'])
    await fsp.copyFile(join(FIXTURE_DIR, name), join(dir, name))
  for (const name of await fsp.readdir(join(FIXTURE_DIR, 'blobs-small'))) {
    await fsp.copyFile(join(FIXTURE_DIR, 'blobs-small', name), join(blobDir, name))
  }
}

/** Sizes the recorded tree lists for each blob (`tree-after-two-exports.txt`). */
export async function recordedTree(): Promise<Map<string, number>> {
  const text = await fsp.readFile(join(FIXTURE_DIR, 'tree-after-two-exports.txt'), 'utf8')
  const sizes = new Map<string, number>()
  for (const line of text.trim().split('\n')) {
    const [path, size] = line.split(' ')
    if (path.startsWith('blobs/sha256/')) sizes.set(`sha256:${path.slice(13)}`, Number(size))
  }
  return sizes
}
