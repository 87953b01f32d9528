import { createHash, randomBytes } from 'node:crypto'
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import * as cache from '@actions/cache'
import { type RunningCacheService, startCacheService } from '../../../dev/cache-service/index.js'
import { MAIN } from '../../helpers/constants.js'

/**
 * The real @actions/cache 6 client, saving and restoring through the service exactly as an
 * action does on github.com (v2) and on GHES (v1). The client reads its environment on every
 * call, so each test points it at the service through process.env.
 */

const MiB = 1024 * 1024
const saved = { ...process.env }
let workspace: string

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'actions-cache-'))
  // @actions/core writes log lines and ::add-mask:: commands to stdout; keep the test output readable.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
  Object.assign(process.env, saved)
})
afterAll(() => {
  jest.restoreAllMocks()
  rmSync(workspace, { recursive: true, force: true })
})

function job(svc: RunningCacheService, o: Parameters<RunningCacheService['jobEnv']>[0]): void {
  const temp = join(workspace, 'runner-temp')
  mkdirSync(temp, { recursive: true })
  Object.assign(process.env, svc.jobEnv(o), { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp })
}

/** A directory with one file of `content`; returns its absolute path (the cache path). */
function dirWith(name: string, content: string | Buffer): string {
  const dir = join(workspace, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'data'), content)
  return dir
}

async function bigFile(dir: string, bytes: number): Promise<string> {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const out = createWriteStream(join(dir, 'data'))
  const hash = createHash('sha256')
  for (let written = 0; written < bytes; written += MiB) {
    const chunk = randomBytes(Math.min(MiB, bytes - written))
    hash.update(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return hash.digest('hex')
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

describe.each([
  // On github.com signed URLs are *.blob.core.windows.net, which is what sends @actions/cache
  // down its Azure SDK download path; 'azure-host' gives it such URLs through the service as a proxy.
  ['v2, Azure-style blob URLs', 'v2' as const, 'azure-host' as const],
  ['v2, loopback blob URLs', 'v2' as const, 'loopback' as const],
  ['v1 (GHES), Azure-style blob URLs', 'v1' as const, 'azure-host' as const],
])('@actions/cache %s', (_name, protocol, blobUrls) => {
  let svc: RunningCacheService
  beforeAll(async () => {
    svc = await startCacheService({ blobUrls })
  })
  afterAll(() => svc.stop())

  it('speaks the protocol the environment selects, and only that one', async () => {
    job(svc, { ref: MAIN, protocol })
    expect(cache.isFeatureAvailable()).toBe(true)
    svc.resetRequestCounts()
    await cache.restoreCache([dirWith(`${protocol}-probe`, 'p')], `${protocol}-probe`)
    const families = new Set(Object.keys(svc.requestCounts()).map((e) => e.split('.')[0]))
    expect([...families]).toEqual([protocol])
  })

  it('saves, restores by exact key, and falls back to the newest restore-key match', async () => {
    job(svc, { ref: MAIN, protocol })
    const dir = dirWith(`${protocol}-deps`, 'first')
    expect(await cache.saveCache([dir], `${protocol}-deps-1`)).toBeGreaterThan(0)
    writeFileSync(join(dir, 'data'), 'second')
    expect(await cache.saveCache([dir], `${protocol}-deps-2`)).toBeGreaterThan(0)

    rmSync(dir, { recursive: true })
    expect(await cache.restoreCache([dir], `${protocol}-deps-1`)).toBe(`${protocol}-deps-1`)
    expect(readFileSync(join(dir, 'data'), 'utf8')).toBe('first')

    rmSync(dir, { recursive: true })
    expect(
      await cache.restoreCache([dir], `${protocol}-deps-3`, [
        `${protocol}-nope-`,
        `${protocol}-deps-`,
      ]),
    ).toBe(`${protocol}-deps-2`)
    expect(readFileSync(join(dir, 'data'), 'utf8')).toBe('second')

    expect(
      await cache.restoreCache([dir], `${protocol}-absent`, [`${protocol}-absent-`]),
    ).toBeUndefined()
    const sizes = svc
      .entries()
      .filter((e) => e.key.startsWith(`${protocol}-deps-`))
      .map((e) => e.sizeBytes)
    expect(sizes.every((n) => n > 0)).toBe(true)
  })

  it('an existing key is not saved again (the client reports -1)', async () => {
    job(svc, { ref: MAIN, protocol })
    const dir = dirWith(`${protocol}-again`, 'x')
    expect(await cache.saveCache([dir], `${protocol}-again`)).toBeGreaterThan(0)
    expect(await cache.saveCache([dir], `${protocol}-again`)).toBe(-1)
    expect(svc.entries().filter((e) => e.key === `${protocol}-again`)).toHaveLength(1)
  })

  it('ref isolation: a PR reads the default branch, the default branch cannot read the PR', async () => {
    const dir = dirWith(`${protocol}-iso`, 'main')
    job(svc, { ref: MAIN, protocol })
    expect(await cache.saveCache([dir], `${protocol}-iso-main`)).toBeGreaterThan(0)
    job(svc, { ref: 'refs/pull/4/merge', protocol })
    writeFileSync(join(dir, 'data'), 'pr')
    expect(await cache.saveCache([dir], `${protocol}-iso-pr`)).toBeGreaterThan(0)
    expect(await cache.restoreCache([dir], `${protocol}-iso-main`)).toBe(`${protocol}-iso-main`)
    expect(readFileSync(join(dir, 'data'), 'utf8')).toBe('main')

    job(svc, { ref: MAIN, protocol })
    expect(await cache.restoreCache([dir], `${protocol}-iso-pr`)).toBeUndefined()
    expect(svc.entries().find((e) => e.key === `${protocol}-iso-pr`)?.ref).toBe('refs/pull/4/merge')
  })

  it('a read-only token restores but does not save', async () => {
    const dir = dirWith(`${protocol}-deps`, 'ro')
    job(svc, { ref: MAIN, protocol, write: false })
    expect(await cache.saveCache([dir], `${protocol}-ro`)).toBe(-1)
    expect(svc.entries().some((e) => e.key === `${protocol}-ro`)).toBe(false)
    expect(await cache.restoreCache([dir], `${protocol}-deps-1`)).toBe(`${protocol}-deps-1`)
  })

  it('round-trips a 160 MiB archive through the chunked upload path and the client’s download path for its URLs', async () => {
    job(svc, { ref: MAIN, protocol })
    const dir = join(workspace, `${protocol}-big`)
    const digest = await bigFile(dir, 160 * MiB)
    svc.resetRequestCounts()
    expect(await cache.saveCache([dir], `${protocol}-big`)).toBeGreaterThan(0)
    const counts = svc.requestCounts()
    if (protocol === 'v2') {
      // Over 128 MiB the Azure SDK stages 64 MiB blocks and commits a block list.
      expect(counts['blob.PutBlock']).toBe(3)
      expect(counts['blob.PutBlockList']).toBe(1)
    } else {
      // v1 PATCHes 32 MiB chunks, four at a time: six of them, and one more for each chunk the
      // client retried (a busy machine can time one out).
      expect(counts['v1.uploadChunk']).toBeGreaterThanOrEqual(6)
      expect(counts['v1.uploadChunk']).toBeLessThanOrEqual(6 * 2)
    }
    const entry = svc.entries().find((e) => e.key === `${protocol}-big`)!
    expect(entry.sizeBytes).toBeGreaterThan(160 * MiB)

    rmSync(dir, { recursive: true })
    svc.resetRequestCounts()
    expect(await cache.restoreCache([dir], `${protocol}-big`)).toBe(`${protocol}-big`)
    expect(await sha256Of(join(dir, 'data'))).toBe(digest)
    rmSync(dir, { recursive: true })
    const reads = svc.requestCounts()
    if (blobUrls === 'azure-host') {
      // Azure SDK (v2) or the concurrent http-client (v1): the size first, then 4 MiB ranges.
      expect(reads['blob.GetBlobProperties']).toBe(1)
      expect(reads['blob.GetBlob']).toBe(Math.ceil(entry.sizeBytes / (4 * MiB)))
    } else {
      // Any other host: one plain GET of the whole archive.
      expect([reads['blob.GetBlobProperties'], reads['blob.GetBlob']]).toEqual([undefined, 1])
    }
  }, 180_000)
})
