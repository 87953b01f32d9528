import { describe, expect, it } from '@jest/globals'
import { forEachLimited } from '../src/concurrency.js'

describe('forEachLimited', () => {
  it.each([
    [1, 5],
    [4, 10],
    [4, 2],
  ])('keeps at most %d of %d in flight and starts them in order', async (limit, count) => {
    let running = 0
    let peak = 0
    const started: number[] = []
    const items = Array.from({ length: count }, (_, i) => i * 10)
    await forEachLimited(items, limit, async (item, index) => {
      expect(item).toBe(index * 10)
      started.push(index)
      peak = Math.max(peak, ++running)
      await new Promise((r) => setTimeout(r, 1 + (index % 3)))
      running--
    })
    expect(started).toEqual(items.map((_, i) => i))
    expect(peak).toBe(Math.min(limit, count))
  })

  it('starts nothing after a task fails, and rejects with its error', async () => {
    const started: number[] = []
    const run = forEachLimited([0, 1, 2, 3, 4, 5], 2, async (_, index) => {
      started.push(index)
      if (index === 1) throw new Error('page 2: HTTP 500')
      await new Promise((r) => setTimeout(r, 5))
    })
    await expect(run).rejects.toThrow('page 2: HTTP 500')
    await new Promise((r) => setTimeout(r, 20))
    expect(started).toEqual([0, 1])
  })

  it('does nothing for no items', async () => {
    let calls = 0
    await forEachLimited([], 4, async () => void calls++)
    expect(calls).toBe(0)
  })
})
