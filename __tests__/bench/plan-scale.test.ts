/** bench/plan-scale.ts: the world it plans over, and its report section. */
import { describe, expect, it } from '@jest/globals'
import { planScaleWorld, renderPlanScale, runPlanScale } from '../../bench/plan-scale.js'

describe('planning beside a fork (bench/plan-scale.ts)', () => {
  it('builds the layers, the live index and the fork’s indexes, each in a scope of its own', () => {
    const w = planScaleWorld(100, 400, 0.01)
    expect(w.main).toHaveLength(101)
    expect(w.fork).toHaveLength(400)
    expect(new Set(w.fork.map((e) => e.key.split('-1-')[0])).size).toBe(400)
    expect(w.fork.every((e) => e.ref === 'refs/pull/9999/merge')).toBe(true)
  })

  it('a fork written before every layer changes nothing; one written through the month keeps what it may use', () => {
    const early = runPlanScale(200, 2000, 1, 0.01)
    expect(early.deletions).toBe(100)
    // The two oldest layers existed when the fork's first indexes were written.
    expect(early.deletionsWithFork).toBeGreaterThanOrEqual(97)
    const spread = runPlanScale(200, 2000, 1, 30)
    expect(spread.deletionsWithFork).toBeLessThan(spread.deletions)
    expect(renderPlanScale([early, spread])).toContain('| 200 | 2,000 | in the first 14 minutes |')
  })
})
