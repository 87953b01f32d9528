/**
 * Saves that honour the cache service's Retry-After once (src/local/rate-limited-save.ts): the
 * wait read from @actions/cache's warning, one retry a step, none past the bound; and, end to
 * end, the real @actions/cache against the local cache service at its upload rate limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as cache from '@actions/cache'
import { ManualClock } from '../../dev/cache-service/clock.js'
import { type RunningCacheService, startCacheService } from '../../dev/cache-service/index.js'
import {
  capturingStdout,
  retryAfterInOutput,
  retryingOnceAfterRateLimit,
  type SaveCache,
} from '../../src/local/rate-limited-save.js'
import { useActionProcess } from '../helpers/in-process.js'
import { MAIN } from '../helpers/constants.js'

const WARNING = (s: number) =>
  `::warning::You've hit a rate limit, your rate limit will reset in ${s} seconds\n`

describe('retryAfterInOutput', () => {
  it.each([
    [WARNING(42), 42_000],
    ['::debug::x\n' + WARNING(1) + '::debug::y\n', 1_000],
    ['Failed to save: Unable to reserve cache with key k\n', undefined],
    ['', undefined],
  ])('%j → %p', (output, expected) => {
    expect(retryAfterInOutput(output)).toBe(expected)
  })
})

describe('retryingOnceAfterRateLimit', () => {
  /** A save that answers from `answers` in turn, writing the rate-limit warning for a number. */
  const world = (answers: (number | { rateLimited: number })[], waits?: { waited: boolean }) => {
    const calls: string[] = []
    const slept: number[] = []
    const said: string[] = []
    let output = ''
    const save: SaveCache = async (_paths, key) => {
      calls.push(key)
      const answer = answers.shift()!
      if (typeof answer === 'number') return answer
      output += WARNING(answer.rateLimited)
      return -1
    }
    const wrapped = retryingOnceAfterRateLimit(save, {
      capture: async (fn) => {
        output = ''
        const value = await fn()
        return { value, output }
      },
      sleep: async (ms) => void slept.push(ms),
      log: (line) => void said.push(line),
      maxWaitMs: 60_000,
      ...(waits ? { waits } : {}),
    })
    return { wrapped, calls, slept, said }
  }

  it('waits what the service asked, then saves once more', async () => {
    const w = world([{ rateLimited: 17 }, 5])
    await expect(w.wrapped(['p'], 'k')).resolves.toBe(5)
    expect(w.calls).toEqual(['k', 'k'])
    expect(w.slept).toEqual([17_000])
    expect(w.said).toEqual([expect.stringContaining('waiting 17 s, then once more')])
  })

  it('retries one save a step: a second rate limit, in the retry or a later save, is not waited for', async () => {
    const w = world([{ rateLimited: 3 }, { rateLimited: 3 }, { rateLimited: 3 }])
    await expect(w.wrapped(['p'], 'a')).resolves.toBe(-1)
    await expect(w.wrapped(['p'], 'b')).resolves.toBe(-1)
    expect(w.calls).toEqual(['a', 'a', 'b'])
    expect(w.slept).toEqual([3_000])
  })

  it("shares the step's one wait between saves given the same waits (type=local and cache mounts)", async () => {
    const waits = { waited: false }
    const local = world([{ rateLimited: 2 }, 4], waits)
    const mounts = world([{ rateLimited: 2 }], waits)
    await expect(local.wrapped(['p'], 'local')).resolves.toBe(4)
    await expect(mounts.wrapped(['p'], 'mount')).resolves.toBe(-1)
    expect([...local.slept, ...mounts.slept]).toEqual([2_000])
    expect(mounts.calls).toEqual(['mount'])
  })

  it('does not wait longer than its bound', async () => {
    const w = world([{ rateLimited: 61 }])
    await expect(w.wrapped(['p'], 'k')).resolves.toBe(-1)
    expect(w.calls).toEqual(['k'])
    expect(w.slept).toEqual([])
    expect(w.said).toEqual([expect.stringContaining('longer than the 60 s')])
  })

  it('leaves other failures and successes alone', async () => {
    const w = world([-1, 9])
    await expect(w.wrapped(['p'], 'a')).resolves.toBe(-1)
    await expect(w.wrapped(['p'], 'b')).resolves.toBe(9)
    expect(w.calls).toEqual(['a', 'b'])
    expect(w.slept).toEqual([])
  })
})

describe('capturingStdout', () => {
  const action = useActionProcess()

  it('reads what is written while it runs and still writes it', async () => {
    process.stdout.write('before\n')
    const { value, output } = await capturingStdout(async () => {
      process.stdout.write('inside\n')
      process.stdout.write(Buffer.from('bytes\n'))
      return 7
    })
    process.stdout.write('after\n')
    expect(value).toBe(7)
    expect(output).toBe('inside\nbytes\n')
    expect(action.stdout()).toBe('before\ninside\nbytes\nafter\n')
  })
})

describe('a type=local save at the upload rate limit, through the real @actions/cache', () => {
  const action = useActionProcess()
  let svc: RunningCacheService
  let clock: ManualClock
  let dir: string
  beforeAll(async () => {
    // One entry a minute: the second save of a minute gets 429 and the seconds left in it.
    clock = new ManualClock(Date.parse('2026-03-01T00:00:10Z'))
    svc = await startCacheService({ clock, uploadsPerMinute: 1 })
    dir = mkdtempSync(join(tmpdir(), 'rate-limited-'))
    writeFileSync(join(dir, 'content'), 'x'.repeat(1000))
  })
  afterAll(async () => {
    await svc.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('waits the Retry-After the service sent, once, and the entry is saved', async () => {
    Object.assign(process.env, svc.jobEnv({ ref: MAIN, protocol: 'v2' }), { RUNNER_TEMP: dir })
    const slept: number[] = []
    const save = retryingOnceAfterRateLimit(cache.saveCache, {
      capture: capturingStdout,
      // The service's clock is the one that counts the minute: waiting advances it.
      sleep: async (ms) => {
        slept.push(ms)
        clock.advance(ms)
      },
      log: () => {},
    })
    expect(await cache.saveCache([join(dir, 'content')], 'first-of-the-minute')).toBeGreaterThan(0)
    const id = await save([join(dir, 'content')], 'second-of-the-minute')
    expect(slept).toEqual([50_000])
    expect(id).toBeGreaterThan(0)
    expect(action.stdout()).toContain('your rate limit will reset in 50 seconds')
    const keys = svc.entries().map((e) => e.key)
    expect(keys).toEqual(expect.arrayContaining(['first-of-the-minute', 'second-of-the-minute']))
  })
})
