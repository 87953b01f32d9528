import { describe, expect, it } from '@jest/globals'
import {
  branchName,
  branchRef,
  canRead,
  importChain,
  mergeQueueBase,
  pullRequestNumber,
  pullRequestRef,
  readByOtherRefs,
} from '../src/refs.js'
import { MAIN } from './helpers/constants.js'

describe('parsing refs', () => {
  it.each([
    ['refs/heads/main', 'main', undefined],
    ['refs/heads/feature/x', 'feature/x', undefined],
    ['refs/heads/', undefined, undefined],
    ['refs/pull/7/merge', undefined, 7],
    ['refs/pull/7/head', undefined, 7],
    ['refs/pull/07/merge', undefined, undefined],
    ['refs/pull/7', undefined, undefined],
    ['refs/tags/v1', undefined, undefined],
    ['main', undefined, undefined],
  ])('%s: branch %j, pull request %j', (ref, branch, number) => {
    expect(branchName(ref)).toBe(branch)
    expect(pullRequestNumber(ref)).toBe(number)
  })

  it('builds the refs it parses', () => {
    expect(branchRef('feature/x')).toBe('refs/heads/feature/x')
    expect(branchName(branchRef('feature/x'))).toBe('feature/x')
    expect(pullRequestRef(12)).toBe('refs/pull/12/merge')
    expect(pullRequestNumber(pullRequestRef(12))).toBe(12)
  })
})

describe('who reads whose cache', () => {
  it.each([
    [MAIN, MAIN, true],
    ['refs/heads/feature', MAIN, true],
    ['refs/pull/7/merge', MAIN, true],
    // A pull request's base is not known here: any branch may be it.
    ['refs/pull/7/merge', 'refs/heads/feature', true],
    [MAIN, 'refs/heads/feature', false],
    ['refs/heads/feature', 'refs/pull/7/merge', false],
    ['refs/pull/8/merge', 'refs/pull/7/merge', false],
    ['refs/tags/v1', 'refs/heads/feature', false],
  ])('%s reads %s: %s', (reader, owner, expected) => {
    expect(canRead(reader, owner, MAIN)).toBe(expected)
  })

  it.each([
    [MAIN, true],
    ['refs/heads/feature', true],
    ['refs/pull/7/merge', false],
    ['refs/tags/v1', false],
  ])('entries of %s are read by other refs: %s', (owner, expected) => {
    expect(readByOtherRefs(owner, MAIN)).toBe(expected)
  })
})

describe('mergeQueueBase', () => {
  it.each([
    [`refs/heads/gh-readonly-queue/main/pr-42-${'0a'.repeat(20)}`, 'refs/heads/main'],
    [`refs/heads/gh-readonly-queue/release/v2/pr-7-${'f'.repeat(40)}`, 'refs/heads/release/v2'],
    ['refs/heads/main', undefined],
    ['refs/heads/gh-readonly-queue/main', undefined],
    ['refs/pull/42/merge', undefined],
  ])('%s → %s', (ref, base) => expect(mergeQueueBase(ref)).toBe(base))

  it("a merge queue's run imports its own ref, then the queue's base, then the default branch", () => {
    const ref = `refs/heads/gh-readonly-queue/release/pr-3-${'1'.repeat(40)}`
    expect(importChain({ ref, defaultBranch: 'main' })).toEqual([
      ref,
      'refs/heads/release',
      'refs/heads/main',
    ])
  })
})
