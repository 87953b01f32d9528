import { describe, expect, it } from '@jest/globals'
import { refFates } from '../../src/github/ref-states.js'

describe('refFates', () => {
  it('branches and open pull requests live; closed pull requests and the deleted branches they came from ended', () => {
    const fates = refFates({
      defaultBranch: 'main',
      branches: ['main', 'feature/live'],
      pullRequests: [
        { number: 1, state: 'open', headBranch: 'feature/live' },
        { number: 2, state: 'closed', closedAt: 100, headBranch: 'feature/gone' },
        { number: 3, state: 'closed', closedAt: 300, headBranch: 'feature/gone' },
        { number: 4, state: 'closed', closedAt: 200, headBranch: 'feature/live' },
        { number: 5, state: 'closed', closedAt: 50 }, // from a fork
      ],
    })
    expect(fates).toEqual([
      { ref: 'refs/heads/main' },
      { ref: 'refs/heads/feature/live' },
      { ref: 'refs/pull/1/merge' },
      { ref: 'refs/pull/2/merge', ended: { at: 100, why: 'pull request #2 closed' } },
      { ref: 'refs/pull/3/merge', ended: { at: 300, why: 'pull request #3 closed' } },
      { ref: 'refs/pull/4/merge', ended: { at: 200, why: 'pull request #4 closed' } },
      { ref: 'refs/pull/5/merge', ended: { at: 50, why: 'pull request #5 closed' } },
      {
        ref: 'refs/heads/feature/gone',
        ended: { at: 300, why: 'branch feature/gone deleted (head of pull request #3)' },
      },
    ])
  })

  it('the default branch lives even when the branch listing lacks it', () => {
    expect(refFates({ defaultBranch: 'main', branches: [], pullRequests: [] })).toEqual([
      { ref: 'refs/heads/main' },
    ])
  })

  it('a closed pull request without a closing time is treated as live', () => {
    const fates = refFates({
      defaultBranch: 'main',
      branches: [],
      pullRequests: [{ number: 7, state: 'closed', headBranch: 'x' }],
    })
    expect(fates).toContainEqual({ ref: 'refs/pull/7/merge' })
    expect(fates.some((f) => f.ended)).toBe(false)
  })
})
