/** The executor (src/prune/executor.ts) with an injected deleter. */
import { describe, expect, it } from '@jest/globals'
import {
  executePlan,
  ownRefsFirst,
  type DeleteOutcome,
  type ExecuteOptions,
} from '../../src/prune/executor.js'
import type { PlannedEntry } from '../../src/prune/planner.js'

function planned(id: number, after: number[] = [], size = 10): PlannedEntry {
  return {
    entry: {
      id,
      ref: 'refs/heads/main',
      key: `k${id}`,
      version: 'v',
      createdAt: 0,
      lastAccessedAt: 0,
      sizeInBytes: size,
    },
    kind: after.length > 0 ? 'blob' : 'index',
    verdict: 'delete',
    reason: 'superseded',
    after,
  }
}

class Denied extends Error {}
class Limited extends Error {}

const options = (overrides: Partial<ExecuteOptions> = {}): ExecuteOptions => ({
  concurrency: 1,
  dryRun: false,
  isPermissionDenied: (e) => e instanceof Denied,
  isRateLimited: (e) => e instanceof Limited,
  describeError: (e) => (e as Error).message,
  ...overrides,
})

/** A deleter that answers from a table and records what it was asked, in order. */
function deleter(answers: Record<number, DeleteOutcome | Error> = {}, delayMs = 0) {
  const calls: number[] = []
  const inFlight = { now: 0, max: 0 }
  const fn = async (id: number): Promise<DeleteOutcome> => {
    calls.push(id)
    inFlight.max = Math.max(inFlight.max, ++inFlight.now)
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    inFlight.now--
    const answer = answers[id] ?? 'deleted'
    if (answer instanceof Error) throw answer
    return answer
  }
  return { fn, calls, inFlight }
}

const ids = (list: { entry: { id: number } }[] | { planned: PlannedEntry }[]) =>
  list.map((x) => ('planned' in x ? x.planned.entry.id : x.entry.id))

describe('executePlan (rules 8, 11)', () => {
  it('deletes every entry by id and adds up the bytes freed', async () => {
    const d = deleter()
    const report = await executePlan(
      [planned(1, [], 5), planned(2, [], 7), planned(3, [1])],
      d.fn,
      options(),
    )
    expect(d.calls).toEqual([1, 2, 3])
    expect(ids(report.deleted)).toEqual([1, 2, 3])
    expect(report.freedBytes).toBe(22)
    expect(report.requests).toBe(3)
    expect(report.stopped).toBeUndefined()
  })

  it('deletes nothing in a dry run and reports every deletion as skipped', async () => {
    const d = deleter()
    const report = await executePlan([planned(1), planned(2, [1])], d.fn, options({ dryRun: true }))
    expect(d.calls).toEqual([])
    expect(report.dryRun).toBe(true)
    expect(ids(report.skipped)).toEqual([1, 2])
    expect(report.freedBytes).toBe(0)
  })

  it.each([1, 3, 8])('keeps at most %d deletions in flight', async (concurrency) => {
    const d = deleter({}, 5)
    const list = Array.from({ length: 12 }, (_, i) => planned(i + 1))
    const report = await executePlan(list, d.fn, options({ concurrency }))
    expect(report.deleted).toHaveLength(12)
    expect(d.inFlight.max).toBe(concurrency)
  })

  it('runs a blob only after the indexes it waits for are gone; an entry confirmed gone counts', async () => {
    const d = deleter({ 1: 'missing' }, 3)
    const confirmed: number[] = []
    const report = await executePlan(
      [planned(1), planned(2), planned(3, [1, 2])],
      d.fn,
      options({ concurrency: 3, confirmGone: async (p) => (confirmed.push(p.entry.id), true) }),
    )
    expect(d.calls.indexOf(3)).toBe(2)
    expect(confirmed).toEqual([1])
    expect(report.confirmations).toBe(1)
    expect(ids(report.missing)).toEqual([1])
    expect(ids(report.deleted).sort()).toEqual([2, 3])
    expect(report.freedBytes).toBe(20)
  })

  it.each<[string, ExecuteOptions['confirmGone']]>([
    ['a fresh listing still holds it', async () => false],
    ['the fresh listing fails', async () => Promise.reject(new Error('HTTP 502'))],
    ['there is no way to confirm it', undefined],
  ])(
    'a DELETE that answers 404 while the entry still exists: what waits for it is kept when %s (rule 8)',
    async (_, confirmGone) => {
      // The older generation answers 404 but is still there: the newest (2) and the blob (3) wait.
      const d = deleter({ 1: 'missing' })
      const report = await executePlan(
        [planned(1), planned(2, [1]), planned(3, [2])],
        d.fn,
        options(confirmGone ? { confirmGone } : {}),
      )
      expect(d.calls).toEqual([1])
      expect(report.failed.map((f) => [f.planned.entry.id, f.error])).toEqual([
        [1, 'the delete answered 404 (not found), but a fresh listing did not confirm it gone'],
      ])
      expect(ids(report.skipped)).toEqual([2, 3])
      expect(report.missing).toEqual([])
    },
  )

  it('a 404 for an entry nothing waits for needs no confirmation', async () => {
    const d = deleter({ 2: 'missing' })
    let asked = 0
    const report = await executePlan(
      [planned(1), planned(2), planned(3, [1])],
      d.fn,
      options({ confirmGone: async () => (asked++, false) }),
    )
    expect(asked).toBe(0)
    expect(ids(report.missing)).toEqual([2])
    expect(ids(report.deleted)).toEqual([1, 3])
  })

  it('keeps the blobs of an index whose delete failed, and goes on with the rest', async () => {
    const d = deleter({ 1: new Error('HTTP 502') })
    const report = await executePlan(
      [planned(1), planned(2), planned(3, [1]), planned(4, [2])],
      d.fn,
      options(),
    )
    expect(d.calls).toEqual([1, 2, 4])
    expect(report.failed).toEqual([
      { planned: expect.objectContaining({ after: [] }), error: 'HTTP 502' },
    ])
    expect(ids(report.skipped)).toEqual([3])
    expect(ids(report.deleted)).toEqual([2, 4])
  })

  it.each<[string, Error, string]>([
    [
      'permission-denied',
      new Denied('HTTP 403: Resource not accessible by integration'),
      'HTTP 403: Resource not accessible by integration',
    ],
    ['rate-limited', new Limited('HTTP 429'), 'HTTP 429'],
  ])('stops at %s and starts nothing more', async (reason, error, message) => {
    const d = deleter({ 2: error })
    const report = await executePlan(
      [planned(1), planned(2), planned(3), planned(4)],
      d.fn,
      options(),
    )
    expect(d.calls).toEqual([1, 2])
    expect(report.stopped).toEqual({ reason, error: message })
    expect(ids(report.skipped)).toEqual([3, 4])
  })

  it('gives up after a run of failures, but not after failures with successes between', async () => {
    const failing = Object.fromEntries(
      [1, 2, 3, 5, 6, 7, 8, 9].map((id) => [id, new Error(`boom ${id}`)]),
    )
    const d = deleter(failing)
    const list = Array.from({ length: 12 }, (_, i) => planned(i + 1))
    const report = await executePlan(list, d.fn, options({ maxConsecutiveFailures: 4 }))
    // 1-3 fail, 4 succeeds (resets), 5-8 fail: the fourth in a row stops it.
    expect(d.calls).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(report.stopped).toEqual({ reason: 'failures', error: 'boom 8' })
    expect(ids(report.skipped)).toEqual([9, 10, 11, 12])
  })

  it('starts nothing at or after the deadline', async () => {
    let now = 1000
    const d = deleter()
    const fn = async (id: number) => {
      now += 400
      return d.fn(id)
    }
    const report = await executePlan(
      [planned(1), planned(2), planned(3), planned(4)],
      fn,
      options({ deadline: 1800, clock: () => now }),
    )
    expect(d.calls).toEqual([1, 2])
    expect(report.stopped).toEqual({ reason: 'deadline' })
    expect(ids(report.skipped)).toEqual([3, 4])
  })

  it('treats a dependency that is missing from the plan or comes later as not deleted', async () => {
    const d = deleter()
    const report = await executePlan(
      [planned(1, [99]), planned(2, [3]), planned(3)],
      d.fn,
      options(),
    )
    expect(d.calls).toEqual([3])
    expect(ids(report.skipped)).toEqual([1, 2])
  })
})

describe('executePlan: copies are deleted between two lookups of their key (rule 7)', () => {
  const copy = (id: number): PlannedEntry => ({ ...planned(id), reason: 'copy', lookUpFirst: true })

  /** Records lookups and deletes in one sequence; `found` answers each lookup in turn. */
  function world(found: (boolean | Error)[]) {
    const log: string[] = []
    const d = deleter()
    const fn = async (id: number) => {
      log.push(`delete ${id}`)
      return d.fn(id)
    }
    let n = 0
    const lookUp = async (key: string) => {
      log.push(`lookup ${key}`)
      const answer = found[n++] ?? true
      if (answer instanceof Error) throw answer
      return answer
    }
    return { log, fn, lookUp }
  }

  it('looks the key up, deletes, looks it up again; other deletions need no lookup', async () => {
    const w = world([true, true])
    const report = await executePlan([planned(1), copy(2)], w.fn, options({ lookUp: w.lookUp }))
    expect(w.log).toEqual(['delete 1', 'lookup k2', 'delete 2', 'lookup k2'])
    expect(ids(report.deleted)).toEqual([1, 2])
    expect(report.lookups).toBe(2)
    expect(report.requests).toBe(2)
  })

  it.each<[string, (boolean | Error)[] | undefined]>([
    ['the lookup finds nothing', [false]],
    ['the lookup fails', [new Error('HTTP 503')]],
    ['the job has no runtime token to look it up with', undefined],
  ])('keeps the copy when %s', async (_, found) => {
    const w = world(found ?? [])
    const report = await executePlan(
      [copy(2), planned(3)],
      w.fn,
      options(found ? { lookUp: w.lookUp } : {}),
    )
    expect(w.log.filter((line) => line.startsWith('delete'))).toEqual(['delete 3'])
    expect(ids(report.skipped)).toEqual([2])
    expect(ids(report.deleted)).toEqual([3])
  })

  it('a failed lookup after the delete does not undo it', async () => {
    const w = world([true, new Error('HTTP 503')])
    const report = await executePlan([copy(2)], w.fn, options({ lookUp: w.lookUp }))
    expect(ids(report.deleted)).toEqual([2])
    expect(report.failed).toEqual([])
  })
})

describe('executePlan: re-checks before deleting (rule 10)', () => {
  /** A clock the test moves; each delete takes `step` ms of it. */
  function timed(step: number) {
    let now = 0
    const log: string[] = []
    let inFlight = 0
    const fn = async (id: number): Promise<DeleteOutcome> => {
      inFlight++
      log.push(`delete ${id}`)
      await new Promise((resolve) => setTimeout(resolve, 1))
      now += step
      inFlight--
      return 'deleted'
    }
    return { fn, log, clock: () => now, inFlightNow: () => inFlight }
  }

  it('re-checks before the first delete and whenever the last check is an interval old', async () => {
    const t = timed(4000)
    const report = await executePlan(
      [1, 2, 3, 4, 5, 6].map((id) => planned(id)),
      t.fn,
      options({
        clock: t.clock,
        recheckIntervalMs: 10_000,
        recheck: async () => {
          t.log.push(`recheck at ${t.clock()}`)
          return new Set()
        },
      }),
    )
    expect(t.log).toEqual([
      'recheck at 0',
      'delete 1',
      'delete 2',
      'delete 3',
      'recheck at 12000',
      'delete 4',
      'delete 5',
      'delete 6',
    ])
    expect(report.rechecks).toBe(2)
    expect(ids(report.deleted)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('re-checks with no delete in flight', async () => {
    const t = timed(4000)
    const inFlightAtCheck: number[] = []
    await executePlan(
      [1, 2, 3, 4, 5, 6, 7, 8].map((id) => planned(id)),
      t.fn,
      options({
        concurrency: 4,
        clock: t.clock,
        recheckIntervalMs: 10_000,
        recheck: async () => {
          inFlightAtCheck.push(t.inFlightNow())
          return new Set()
        },
      }),
    )
    expect(inFlightAtCheck.length).toBeGreaterThan(1)
    expect(inFlightAtCheck.every((n) => n === 0)).toBe(true)
  })

  it('keeps what moved since the plan, and what waits for it', async () => {
    const t = timed(0)
    const report = await executePlan(
      [planned(1), planned(2), planned(3, [1])],
      t.fn,
      options({ clock: t.clock, recheck: async () => new Set([1]) }),
    )
    expect(t.log).toEqual(['delete 2'])
    expect(ids(report.moved)).toEqual([1])
    expect(ids(report.skipped)).toEqual([3])
  })

  it('sends no delete after a re-check that failed', async () => {
    const t = timed(0)
    const report = await executePlan(
      [planned(1), planned(2)],
      t.fn,
      options({
        clock: t.clock,
        recheck: async () => {
          throw new Error('HTTP 502')
        },
      }),
    )
    expect(t.log).toEqual([])
    expect(report.stopped).toEqual({ reason: 'recheck-failed', error: 'HTTP 502' })
    expect(ids(report.skipped)).toEqual([1, 2])
  })
})

describe('executePlan: one deadline (rule 12)', () => {
  it('stops waiting for a delete that hangs once the deadline has passed', async () => {
    const started = Date.now()
    const report = await executePlan(
      [planned(1), planned(2)],
      () => new Promise<DeleteOutcome>(() => undefined),
      options({ deadline: started + 50, clock: Date.now }),
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(report.stopped?.reason).toBe('deadline')
    expect(report.failed.map((f) => f.error)).toEqual([
      'the time allowed for pruning ran out while deleting',
    ])
    expect(ids(report.skipped)).toEqual([2])
  })
})

describe('ownRefsFirst (rule 12)', () => {
  const at = (id: number, ref: string, after: number[] = []) => {
    const p = planned(id, after)
    return { ...p, entry: { ...p.entry, ref } }
  }
  const FORK = 'refs/pull/9/merge'
  const MAIN = 'refs/heads/main'

  it("a fork's garbage waits for the post step's own ref and the default branch, and gets a bounded share", () => {
    const plan = [at(1, FORK), at(2, MAIN), at(3, FORK), at(4, FORK), at(5, MAIN, [2]), at(6, FORK)]
    const { order, deferred } = ownRefsFirst(plan, new Set([MAIN]), 2)
    expect(order.map((d) => d.entry.id)).toEqual([2, 5, 1, 3])
    expect(deferred.map((d) => d.entry.id)).toEqual([4, 6])
  })

  it('what an own-ref delete waits for comes first with it, wherever it is', () => {
    // Main's blob 3 waits for the fork's index 1 (the fork's live index may have used it).
    const plan = [at(1, FORK), at(2, FORK), at(3, MAIN, [1])]
    const { order, deferred } = ownRefsFirst(plan, new Set([MAIN]), 0)
    expect(order.map((d) => d.entry.id)).toEqual([1, 3])
    expect(deferred.map((d) => d.entry.id)).toEqual([2])
  })
})
