/**
 * Keeps bench/local.ts working: a tiny run through the same code (service in a child process), checking
 * what does not depend on timing. Timing claims come from the benchmark itself, never from here.
 */
import { describe, expect, it } from '@jest/globals'
import { renderLocalBenchmark, runLocalBenchmark } from '../../bench/local.js'

describe('bench/local.ts', () => {
  it('saves and restores through both arms, and an unchanged rebuild uploads nothing', async () => {
    const result = await runLocalBenchmark({ sizeMiB: 4, rounds: 2, protocol: 'v2' })
    expect(result.direct.save).toHaveLength(2)
    expect(result.action.restore).toHaveLength(2)
    expect(result.layoutBytes).toBeGreaterThan(4 * 1024 * 1024)
    expect(result.unchanged).toMatchObject({ saveCalls: 0, uploadRequests: 0, bytesUploaded: 0 })
    expect(renderLocalBenchmark(result)).toContain(
      'Unchanged rebuild: 0 save calls, 0 upload requests, 0 bytes uploaded',
    )
  }, 120_000)
})
