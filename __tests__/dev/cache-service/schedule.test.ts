import { describe, expect, it } from '@jest/globals'
import { ManualClock } from '../../../dev/cache-service/clock.js'
import { FixedWindowLimiter } from '../../../dev/cache-service/rate-limit.js'
import { boundariesCrossed } from '../../../dev/cache-service/schedule.js'

const H = 3_600_000

describe('boundariesCrossed', () => {
  it.each([
    ['inside one interval', 10, 20, H, []],
    ['exactly onto a boundary', H - 1, H, H, [H]],
    ['starting on a boundary excludes it', H, 2 * H - 1, H, []],
    ['across three', 0.5 * H, 3.5 * H, H, [H, 2 * H, 3 * H]],
    ['backwards', 5 * H, H, H, []],
    ['a zero interval never fires', 0, 10, 0, []],
  ])('%s', (_n, from, to, interval, expected) => {
    expect(boundariesCrossed(from, to, interval)).toEqual(expected)
  })

  it('collapses a jump past the cap into its last boundary', () => {
    expect(boundariesCrossed(0, 10 * H, H, 5)).toEqual([10 * H])
  })
})

describe('FixedWindowLimiter', () => {
  it('admits the limit per minute window and says when the window resets', () => {
    const limiter = new FixedWindowLimiter(2)
    const t = 60_000 * 100 + 15_000
    expect([limiter.take(t), limiter.take(t + 1), limiter.take(t + 2)]).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, retryAfterSeconds: 45 },
    ])
    expect(limiter.take(60_000 * 101)).toEqual({ ok: true })
  })

  it('rounds Retry-After up and never says 0', () => {
    const limiter = new FixedWindowLimiter(1)
    limiter.take(59_999)
    expect(limiter.take(59_999)).toEqual({ ok: false, retryAfterSeconds: 1 })
  })

  it('0 turns it off', () => {
    const limiter = new FixedWindowLimiter(0)
    expect(Array.from({ length: 1000 }, () => limiter.take(1)).every((a) => a.ok)).toBe(true)
  })

  it.each([[-1], [1.5], [Number.NaN]])('rejects a limit of %p', (limit) => {
    expect(() => new FixedWindowLimiter(limit)).toThrow('rate limit must be a whole number >= 0')
  })
})

describe('ManualClock', () => {
  it('moves only when told, and tells its listeners where from and to', () => {
    const clock = new ManualClock(1_000)
    const seen: Array<[number, number]> = []
    const off = clock.onChange((from, to) => seen.push([from, to]))
    clock.advance(500)
    clock.set(200)
    off()
    clock.advance(1)
    expect(clock.now()).toBe(201)
    expect(seen).toEqual([
      [1_000, 1_500],
      [1_500, 200],
    ])
  })

  it.each([
    [
      'advance by a negative amount',
      (c: ManualClock) => c.advance(-1),
      'advance: ms must be a finite number >= 0, got -1',
    ],
    [
      'set to NaN',
      (c: ManualClock) => c.set(Number.NaN),
      'ms must be a finite number of ms since the epoch, got NaN',
    ],
  ])('refuses to %s', (_n, act, message) => {
    expect(() => act(new ManualClock(0))).toThrow(message)
  })
})
