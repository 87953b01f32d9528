/**
 * restoreLocalCache / saveLocalCache on real directories, with @actions/cache and the REST store
 * replaced at their boundary by an in-memory cache (the integration suite runs the real ones).
 */
import { promises as fsp } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { CacheEntryStore } from '../../src/local/cleanup.js'
import { type LocalFs, nodeFs } from '../../src/local/fs.js'
import { scopeKeyPrefix } from '../../src/local/keys.js'
import { restoreLocalCache } from '../../src/local/restore.js'
import { type LocalSaveDeps, saveLocalCache } from '../../src/local/save.js'
import { writeBuildKitLayout } from './buildkit-layout.js'

const SHA = 'c0ffee0000000000000000000000000000000000'
const context = { ref: 'refs/heads/main', commit: SHA, runId: '42', runAttempt: '1' }

/** Entries as directories, newest last; prefix lookups like the service's (newest first). */
class FakeCache {
  entries: { id: number; key: string; dir: string; created: number }[] = []
  saves: string[] = []
  restores: { primary: string; restoreKeys?: string[] }[] = []
  failSaves = false
  private clock = 0
  private lastId = 0
  constructor(private readonly root: string) {}

  restoreCache = async (paths: string[], primary: string, restoreKeys?: string[]) => {
    this.restores.push({ primary, restoreKeys })
    for (const prefix of [primary, ...(restoreKeys ?? [])]) {
      const hit = [...this.entries].reverse().find((e) => e.key.startsWith(prefix))
      if (hit) {
        await fsp.cp(hit.dir, paths[0], { recursive: true })
        return hit.key
      }
    }
    return undefined
  }

  saveCache = async (paths: string[], key: string) => {
    this.saves.push(key)
    if (this.failSaves) return -1
    const id = ++this.lastId
    const dir = join(this.root, `entry-${id}`)
    await fsp.cp(paths[0], dir, { recursive: true })
    this.entries.push({ id, key, dir, created: ++this.clock })
    return id
  }

  store: CacheEntryStore = {
    list: async (prefix, ref) =>
      this.entries
        .filter((e) => e.key.startsWith(prefix))
        .map((e) => ({
          id: e.id,
          key: e.key,
          ref,
          createdAt: e.created * 1000,
          sizeInBytes: 1,
        })),
    deleteById: async (id) => {
      this.entries = this.entries.filter((e) => e.id !== id)
    },
  }
}

let root: string
let path: string
let cache: FakeCache
let now: number
beforeEach(async () => {
  root = await fsp.mkdtemp(join(tmpdir(), 'local-'))
  path = join(root, 'cache', 'web')
  cache = new FakeCache(root)
  now = 1_790_000_000_000
})
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true })
})

const deps = (over: Partial<LocalSaveDeps> = {}) => ({
  restoreCache: cache.restoreCache,
  saveCache: cache.saveCache,
  isFeatureAvailable: () => true,
  fs: nodeFs,
  entries: cache.store,
  now: () => (now += 1000),
  ...over,
})
const restore = (over: Partial<LocalSaveDeps> = {}, commit = SHA) =>
  restoreLocalCache({ scope: 'web', path, commit }, deps(over))
const exists = (p: string) =>
  fsp.stat(p).then(
    () => true,
    () => false,
  )
const v1 = [
  { seed: 'base', size: 4096 },
  { recorded: 'sha256:1299ba4b50f47f7696b2ec1e3da64b58c31225c2f6a6f7573b68e2b78d2f1a29' },
]
const v2 = [
  { seed: 'base', size: 4096 },
  { seed: 'changed', size: 8192 },
]

describe('restoreLocalCache', () => {
  it('on a miss: no hit, no digest, paths for cache-from/cache-to, this commit first then the scope', async () => {
    const result = await restore()
    expect(result).toEqual({
      cacheHit: false,
      src: path,
      dest: `${path}-new`,
      state: { scope: 'web', path },
      warnings: [],
    })
    expect(cache.restores).toEqual([
      { primary: `${scopeKeyPrefix('web')}${SHA}-`, restoreKeys: [scopeKeyPrefix('web')] },
    ])
  })

  it('clears a stale export so it is never swapped in as this build', async () => {
    await writeBuildKitLayout(`${path}-new`, v1)
    await restore()
    expect(await exists(`${path}-new`)).toBe(false)
  })

  it('keeps a local cache already on disk when the Actions cache has nothing', async () => {
    await writeBuildKitLayout(path, v1)
    const result = await restore()
    expect(result.restoredKey).toBeUndefined()
    expect(result.manifestDigest).toBeUndefined() // not in the Actions cache: the post step must save
    expect(await exists(join(path, 'index.json'))).toBe(true)
    expect(await exists(`${path}-old`)).toBe(false)
  })

  it('puts a local cache already on disk back when the restore throws', async () => {
    await writeBuildKitLayout(path, v1)
    const failing = async (paths: string[]) => {
      await fsp.mkdir(paths[0], { recursive: true })
      await fsp.writeFile(join(paths[0], 'partial'), 'half an archive')
      throw new Error('tar: unexpected end of file')
    }
    await expect(restore({ restoreCache: failing } as Partial<LocalSaveDeps>)).rejects.toThrow(
      'tar: unexpected end of file',
    )
    expect(await exists(join(path, 'index.json'))).toBe(true)
    expect(await exists(join(path, 'partial'))).toBe(false)
    expect(await exists(`${path}-old`)).toBe(false)
  })

  it('replaces what is on disk with a restored generation and reads its manifest digest', async () => {
    const saved = await writeBuildKitLayout(join(root, 'seed'), v1)
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}${SHA}-1-1-a`)
    await writeBuildKitLayout(path, v2) // stale local content
    const result = await restore()
    expect(result).toMatchObject({
      cacheHit: true,
      restoredKey: `${scopeKeyPrefix('web')}${SHA}-1-1-a`,
      manifestDigest: saved.manifestDigest,
    })
    const blobs = await fsp.readdir(join(path, 'blobs', 'sha256'))
    expect(blobs.sort()).toEqual([...saved.blobs.keys()].map((d) => d.slice(7)).sort())
  })

  it('without a commit: looks up the scope alone', async () => {
    await writeBuildKitLayout(join(root, 'seed'), v1)
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}${SHA}-1-1-a`)
    const result = await restoreLocalCache({ scope: 'web', path }, deps())
    expect(cache.restores).toEqual([{ primary: scopeKeyPrefix('web'), restoreKeys: undefined }])
    expect(result).toMatchObject({
      cacheHit: true,
      restoredKey: `${scopeKeyPrefix('web')}${SHA}-1-1-a`,
    })
  })

  it("falls back to another commit's generation, and prefers this commit's when there is one", async () => {
    const other = `${scopeKeyPrefix('web')}${'b'.repeat(40)}-1-1-a`
    await writeBuildKitLayout(join(root, 'seed'), v1)
    await cache.saveCache([join(root, 'seed')], other)
    const fallback = await restore()
    expect(fallback).toMatchObject({ cacheHit: true, restoredKey: other })

    const mine = `${scopeKeyPrefix('web')}${SHA}-1-1-a`
    await cache.saveCache([join(root, 'seed')], mine)
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}${'c'.repeat(40)}-9-1-z`) // newest
    expect((await restore()).restoredKey).toBe(mine)
  })

  it('warns about a restored entry that is not a complete layout and records no digest', async () => {
    await fsp.mkdir(join(root, 'seed'))
    await fsp.writeFile(join(root, 'seed', 'junk'), 'x')
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}${SHA}-1-1-a`)
    const result = await restore()
    expect(result.manifestDigest).toBeUndefined()
    expect(result.cacheHit).toBe(false)
    expect(result.warnings).toEqual([
      `The restored cache ${scopeKeyPrefix('web')}${SHA}-1-1-a is not a complete OCI layout (oci-layout is missing); BuildKit will skip importing it.`,
    ])
  })

  it('without the cache service: leaves the path alone and says so', async () => {
    await writeBuildKitLayout(path, v1)
    const result = await restore({ isFeatureAvailable: () => false })
    expect(cache.restores).toEqual([])
    expect(result.warnings[0]).toMatch(/^The Actions cache service is not available to this job/)
    expect(await exists(join(path, 'index.json'))).toBe(true)
  })

  it.each([
    [
      'relative',
      'cache/web',
      'Input "path" is "cache/web": type=local needs an absolute directory (the default is under RUNNER_TEMP).',
    ],
    [
      'root',
      '/',
      'Input "path" is "/": a file-system root cannot hold the cache, name a directory under it.',
    ],
  ])('rejects a %s path', async (_n, bad, message) => {
    await expect(
      restoreLocalCache({ scope: 'web', path: bad, commit: SHA }, deps()),
    ).rejects.toThrow(message)
  })
})

describe('saveLocalCache', () => {
  const save = async (over: Partial<LocalSaveDeps> = {}) => {
    const restored = await restore(over)
    return saveLocalCache(restored.state, context, deps(over))
  }

  it('saves a first export, swapping it in for the path', async () => {
    await restore()
    const written = await writeBuildKitLayout(`${path}-new`, v1)
    const report = await saveLocalCache({ scope: 'web', path }, context, deps())
    expect(report).toMatchObject({
      outcome: 'saved',
      cacheId: 1,
      manifestDigest: written.manifestDigest,
      blobCount: written.blobs.size,
      totalBytes: written.totalBytes,
      deleted: [],
      warnings: [],
    })
    expect(report.key).toMatch(new RegExp(`^${scopeKeyPrefix('web')}${SHA}-42-1-[0-9a-z]+$`))
    expect(cache.saves).toEqual([report.key])
    expect(await exists(`${path}-new`)).toBe(false)
    expect(await exists(join(path, 'index.json'))).toBe(true)
  })

  it('uploads nothing when the export has the restored manifest digest, and still swaps', async () => {
    await writeBuildKitLayout(join(root, 'seed'), v1)
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}x`)
    const restored = await restore()
    await writeBuildKitLayout(`${path}-new`, v1)
    const report = await saveLocalCache(restored.state, context, deps())
    expect(report.outcome).toBe('unchanged')
    expect(report.reason).toBe(
      `The cache manifest ${restored.manifestDigest} is the one restored from ${scopeKeyPrefix('web')}x.`,
    )
    expect(cache.saves).toEqual([`${scopeKeyPrefix('web')}x`]) // only the seeding save
    expect(await exists(`${path}-new`)).toBe(false)
  })

  it('replaces the old generation: one entry per scope and ref after each changed build', async () => {
    for (const [i, layers] of [v1, v2, v1].entries()) {
      const restored = await restore()
      await writeBuildKitLayout(`${path}-new`, layers)
      const report = await saveLocalCache(restored.state, context, deps())
      expect(report.outcome).toBe('saved')
      expect(report.deleted.length).toBe(i === 0 ? 0 : 1)
      expect(cache.entries.map((e) => e.key)).toEqual([report.key])
    }
  })

  it('drops the blobs the new generation no longer references (the growth BuildKit leaves behind)', async () => {
    await restore()
    await writeBuildKitLayout(`${path}-new`, v1)
    await saveLocalCache({ scope: 'web', path }, context, deps())
    const restored = await restore()
    const second = await writeBuildKitLayout(`${path}-new`, v2)
    await saveLocalCache(restored.state, context, deps())
    const onDisk = (await fsp.readdir(join(path, 'blobs', 'sha256'))).sort()
    expect(onDisk).toEqual([...second.blobs.keys()].map((d) => d.slice(7)).sort())
  })

  it.each([
    [
      'nothing exported',
      async () => undefined,
      'not-exported',
      `BuildKit wrote nothing to ${'<path>'}-new; the restored cache is kept as it was.`,
    ],
    [
      'an empty export directory',
      () => fsp.mkdir(`${path}-new`, { recursive: true }),
      'not-exported',
      undefined,
    ],
    [
      'an export without index.json',
      async () => {
        await writeBuildKitLayout(`${path}-new`, v2)
        await fsp.rm(join(`${path}-new`, 'index.json'))
      },
      'incomplete',
      `<path>-new is not a complete layout (index.json is missing); the restored cache is kept as it was.`,
    ],
  ])('with %s: saves nothing and keeps the restored cache', async (_n, make, outcome, reason) => {
    await writeBuildKitLayout(join(root, 'seed'), v1)
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}x`)
    const restored = await restore()
    const before = (await fsp.readdir(join(path, 'blobs', 'sha256'))).sort()
    await make()
    const report = await saveLocalCache(restored.state, context, deps())
    expect(report.outcome).toBe(outcome)
    if (reason) expect(report.reason).toBe(reason.replace('<path>', path))
    expect(cache.saves).toHaveLength(1)
    expect((await fsp.readdir(join(path, 'blobs', 'sha256'))).sort()).toEqual(before)
  })

  it('reports a save @actions/cache declined and deletes nothing', async () => {
    cache.failSaves = true
    await restore()
    await writeBuildKitLayout(`${path}-new`, v1)
    const report = await saveLocalCache({ scope: 'web', path }, context, deps())
    expect(report.outcome).toBe('not-saved')
    expect(report.reason).toMatch(/^@actions\/cache did not save buildkit-cache-action-local-web#/)
    expect(report.deleted).toEqual([])
  })

  it('reports a save that threw', async () => {
    await restore()
    await writeBuildKitLayout(`${path}-new`, v1)
    const report = await saveLocalCache(
      { scope: 'web', path },
      context,
      deps({
        saveCache: async () => {
          throw new Error('Key Validation Error')
        },
      }),
    )
    expect(report).toMatchObject({
      outcome: 'not-saved',
      reason: expect.stringMatching(/: Key Validation Error$/),
    })
  })

  it('without a REST store: saves and warns that older generations stay', async () => {
    const report = await save({ entries: undefined }).then(async () => {
      await writeBuildKitLayout(`${path}-new`, v1)
      return saveLocalCache({ scope: 'web', path }, context, deps({ entries: undefined }))
    })
    expect(report.outcome).toBe('saved')
    expect(report.warnings).toEqual([
      'No github-token: older type=local generations of this scope stay until the pruner removes them.',
    ])
  })

  it('keeps going when listing or deleting fails, with a warning naming the entry', async () => {
    await writeBuildKitLayout(join(root, 'seed'), v2)
    await cache.saveCache([join(root, 'seed')], `${scopeKeyPrefix('web')}old`)
    await restore()
    await writeBuildKitLayout(`${path}-new`, v1)
    const failingDelete: CacheEntryStore = {
      list: cache.store.list,
      deleteById: async () => {
        throw new Error('HTTP 403')
      },
    }
    const report = await saveLocalCache(
      { scope: 'web', path },
      context,
      deps({ entries: failingDelete }),
    )
    expect(report.outcome).toBe('saved')
    expect(report.warnings).toEqual([
      `Could not delete the older generation ${scopeKeyPrefix('web')}old (id 1): HTTP 403`,
    ])

    await writeBuildKitLayout(`${path}-new`, v2)
    const failingList: CacheEntryStore = {
      list: async () => {
        throw new Error('page 2: HTTP 502')
      },
      deleteById: async () => undefined,
    }
    const second = await saveLocalCache(
      { scope: 'web', path },
      context,
      deps({ entries: failingList }),
    )
    expect(second.warnings).toEqual([
      'Could not list older generations, none deleted: page 2: HTTP 502',
    ])
  })

  it('puts the old cache back when the swap fails half-way', async () => {
    await writeBuildKitLayout(path, v1)
    await writeBuildKitLayout(`${path}-new`, v2)
    const before = (await fsp.readdir(join(path, 'blobs', 'sha256'))).sort()
    const flaky: LocalFs = {
      ...nodeFs,
      move: async (from, to) => {
        if (from === `${path}-new`) throw new Error('EXDEV: cross-device link not permitted')
        return nodeFs.move(from, to)
      },
    }
    const report = await saveLocalCache({ scope: 'web', path }, context, deps({ fs: flaky }))
    expect(report.outcome).toBe('failed')
    expect(report.reason).toBe(
      `Could not swap ${path}-new in for ${path}: EXDEV: cross-device link not permitted`,
    )
    expect((await fsp.readdir(join(path, 'blobs', 'sha256'))).sort()).toEqual(before)
    expect(cache.saves).toEqual([])
  })
})
