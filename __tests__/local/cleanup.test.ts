/** planLocalCleanup: which older generations of a scope go after a save. */
import { describe, expect, it } from '@jest/globals'
import { type LocalEntry, planLocalCleanup } from '../../src/local/cleanup.js'
import { localCacheKey } from '../../src/local/keys.js'
import { MAIN } from '../helpers/constants.js'

const SHA = 'a'.repeat(40)
const key = (scope: string, savedAt: number) =>
  localCacheKey({ scope, commit: SHA, runId: '7', runAttempt: '1', savedAt })
const at = (minute: number) => Date.UTC(2026, 10, 26, 12, minute)
let nextId = 1
const entry = (scope: string, minute: number, ref = MAIN, createdAt = at(minute)): LocalEntry => ({
  id: nextId++,
  key: key(scope, at(minute)),
  ref,
  createdAt,
  sizeInBytes: 1000 + minute,
})

const saved = entry('web', 30)
const target = { scope: 'web', ref: MAIN, savedKey: saved.key, savedAt: at(29) }

describe('planLocalCleanup', () => {
  const older1 = entry('web', 10)
  const older2 = entry('web', 20)
  const newer = entry('web', 31)
  const otherScope = entry('web-api', 5)
  const otherRef = entry('web', 5, 'refs/pull/4/merge')
  const badDate = entry('web', 1, MAIN, NaN)

  it.each<[string, LocalEntry[], LocalEntry[], [LocalEntry, 'saved' | 'newer'][]]>([
    ['only the saved entry', [saved], [], [[saved, 'saved']]],
    ['two older generations', [older1, saved, older2], [older1, older2], [[saved, 'saved']]],
    [
      'a newer generation another job saved meanwhile',
      [older1, saved, newer],
      [older1],
      [
        [saved, 'saved'],
        [newer, 'newer'],
      ],
    ],
    ['another scope sharing the prefix text', [otherScope, saved], [], [[saved, 'saved']]],
    ['the same scope on another ref', [otherRef, saved], [], [[saved, 'saved']]],
    [
      'an entry whose date cannot be read',
      [badDate, saved],
      [],
      [
        [badDate, 'newer'],
        [saved, 'saved'],
      ],
    ],
  ])('%s', (_name, entries, deleted, kept) => {
    const plan = planLocalCleanup(entries, target)
    expect(plan.delete).toEqual(deleted)
    expect(plan.keep).toEqual(kept.map(([e, reason]) => ({ entry: e, reason })))
  })

  it('falls back to the save time when the listing does not show the new entry yet', () => {
    const justBefore = entry('web', 28)
    const justAfter = entry('web', 29.5)
    const plan = planLocalCleanup([justBefore, justAfter], target)
    expect(plan.delete).toEqual([justBefore])
    expect(plan.keep).toEqual([{ entry: justAfter, reason: 'newer' }])
  })

  it('uses the listed creation time of the new entry over the runner clock', () => {
    // The runner clock says the save started at 12:29, the service stamped our entry 12:30:
    // an entry created at 12:29:30 predates ours and goes.
    const between = entry('web', 29.5)
    expect(planLocalCleanup([between, saved], target).delete).toEqual([between])
  })
})
