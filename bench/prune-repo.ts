/**
 * A repository's Actions cache as a month of BuildKit exports leaves it, at a chosen number of
 * entries, for the pruning-cost benchmark. Pure and seeded.
 *
 * The default branch exports three scopes; feature branches and pull requests export one or two
 * (half of the branches deleted by the end, half of the pull requests closed). Each export
 * writes the next index generation, reusing most layers of the previous one and uploading the
 * few that changed into its own ref, as BuildKit does. Layer sizes vary 1:16 and are scaled so
 * the whole repository holds `totalBytes` (declared sizes), by default 2.5 times a 10 GB limit:
 * the regular pass alone cannot bring it under the target, so the budget pass has work to do.
 */
import { BUILDKIT_CACHE_VERSION, blobKey, indexKey, indexKeyBase } from '../src/buildkit/keys.js'
import { seededRandom } from './random.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface SeedEntry {
  key: string
  version: string
  ref: string
  sizeBytes: number
  createdAt: number
  lastAccessedAt: number
  /** Index documents only: what the pruner downloads. */
  content?: Buffer
}

export interface RepoShape {
  entries: SeedEntry[]
  defaultRef: string
  /** Pull requests by number, and whether each is closed. */
  pulls: Map<number, boolean>
  /** Feature branch names, and whether each still exists. */
  branches: Map<string, boolean>
  /** When the month ends (when pruning runs). */
  end: number
}

const hex = (n: number, salt: string): string =>
  `sha256:${Buffer.from(`${salt}:${n}`).toString('hex').padEnd(64, '0').slice(0, 64)}`

/** A cache config document with these layers, as BuildKit writes its `layers` (records left out). */
function document(blobs: string[], createdAt: number): Buffer {
  const layers = blobs.map((blob, i) => ({
    blob,
    ...(i === 0 ? { parent: -1 } : i === 1 ? {} : { parent: i - 1 }),
    annotations: {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      diffID: blob.replace('sha256:', 'sha256:d'),
      size: 1,
      createdAt: new Date(createdAt).toISOString(),
    },
  }))
  return Buffer.from(JSON.stringify({ layers }))
}

export function generateRepo(
  target: number,
  seed = 1,
  totalBytes = 25e9,
  end = Date.parse('2026-04-01T00:00:00Z'),
): RepoShape {
  const random = seededRandom(seed)
  const defaultRef = 'refs/heads/main'
  const others = Math.max(4, Math.round(target / 1000))
  const pulls = new Map<number, boolean>()
  const branches = new Map<string, boolean>()
  const exporters: { ref: string; scopes: string[]; weight: number }[] = [
    { ref: defaultRef, scopes: ['api', 'web', 'tools'], weight: 6 },
  ]
  for (let i = 1; i <= others; i++) {
    if (i % 2) {
      branches.set(`feature-${i}`, i % 4 !== 1)
      exporters.push({ ref: `refs/heads/feature-${i}`, scopes: ['api'], weight: 1 })
    } else {
      pulls.set(i, i % 4 === 0)
      exporters.push({ ref: `refs/pull/${i}/merge`, scopes: ['api', 'web'], weight: 1 })
    }
  }
  const totalWeight = exporters.reduce((s, e) => s + e.weight, 0)
  const foreign = Math.max(1, Math.round(target / 200))
  const entries: SeedEntry[] = []
  const byRefKey = new Map<string, SeedEntry>()
  const newestIndex = new Map<string, SeedEntry>()
  const generation = new Map<string, number>()
  const layers = new Map<string, string[]>()
  let blobCounter = 0
  const start = end - 30 * DAY
  const add = (entry: SeedEntry) => {
    entries.push(entry)
    byRefKey.set(`${entry.ref} ${entry.key}`, entry)
  }
  // Exports spread over the month in time order; each adds one index and a few blobs.
  const exportsNeeded = Math.ceil((target - foreign) / 3)
  for (let n = 0; entries.length < target - foreign; n++) {
    const at = start + Math.floor(((n + random.next()) / exportsNeeded) * 30 * DAY)
    let pick = random.next() * totalWeight
    const exporter = exporters.find((e) => (pick -= e.weight) < 0) ?? exporters[0]
    const scope = exporter.scopes[random.int(0, exporter.scopes.length - 1)]
    const group = `${exporter.ref} ${scope}`
    const mainGroup = `${defaultRef} ${scope}`
    // The import: this ref's newest index and the default branch's (every readable ref).
    for (const g of new Set([group, mainGroup])) {
      const index = newestIndex.get(g)
      if (index) index.lastAccessedAt = at
    }
    const previous = layers.get(group) ?? layers.get(mainGroup) ?? []
    const chain =
      previous.length > 0
        ? [...previous]
        : Array.from({ length: 8 }, () => hex(blobCounter++, scope))
    const changed = random.int(1, 3)
    for (let i = chain.length - changed; i < chain.length; i++) chain[i] = hex(blobCounter++, scope)
    layers.set(group, chain)
    // The export: look every layer up (own ref first, then the default branch), upload what is missing.
    for (const blob of chain) {
      const key = blobKey(blob)
      const found = byRefKey.get(`${exporter.ref} ${key}`) ?? byRefKey.get(`${defaultRef} ${key}`)
      if (found) {
        found.lastAccessedAt = at
        continue
      }
      add({
        key,
        version: BUILDKIT_CACHE_VERSION,
        ref: exporter.ref,
        sizeBytes: random.int(5, 80), // a weight, scaled below
        createdAt: at,
        lastAccessedAt: at,
      })
    }
    const g = (generation.get(group) ?? 0) + 1
    generation.set(group, g)
    const index: SeedEntry = {
      key: indexKey(indexKeyBase(scope, exporter.ref), g),
      version: BUILDKIT_CACHE_VERSION,
      ref: exporter.ref,
      sizeBytes: 2000 + chain.length * 250,
      createdAt: at,
      lastAccessedAt: at,
      content: document(chain, at),
    }
    add(index)
    newestIndex.set(group, index)
  }
  // Somebody else's caches (npm, pip…): counted in usage, never touched.
  for (let i = 0; i < foreign; i++) {
    const at = start + random.int(0, 29) * DAY
    add({
      key: `node-cache-Linux-x64-npm-${i}`,
      version: 'f'.repeat(64),
      ref: defaultRef,
      sizeBytes: Math.round(1e9 / foreign), // 1 GB in all
      createdAt: at,
      lastAccessedAt: at,
    })
  }
  // Scale layer weights so the repository holds totalBytes; indexes and foreign entries keep theirs.
  const isLayer = (e: SeedEntry) => e.content === undefined && e.version === BUILDKIT_CACHE_VERSION
  const fixed = entries.filter((e) => !isLayer(e)).reduce((s, e) => s + e.sizeBytes, 0)
  const weights = entries.filter(isLayer).reduce((s, e) => s + e.sizeBytes, 0)
  const scale = Math.max(0, totalBytes - fixed) / Math.max(1, weights)
  for (const e of entries)
    if (isLayer(e)) e.sizeBytes = Math.max(1, Math.round(e.sizeBytes * scale))
  return { entries, defaultRef, pulls, branches, end }
}
