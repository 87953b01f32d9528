import { describe, expect, it } from '@jest/globals'
import { parseImageRef } from '../../src/cache-options/image-ref.js'
import { planCache } from '../../src/cache-options/plan.js'
import { derivedTags } from '../../src/registry/tags.js'

const image = parseImageRef('ghcr.io/octo-org/app-cache')

/** The tag the main step exports to on `ref` for `scope`, read off the rendered cache-to. */
function exportedTag(scope: string, ref: string, repo = image): string {
  const plan = planCache(
    { type: 'registry', mode: 'max', scope, ref: repo, ignoreError: true, attrs: [] },
    { ref, defaultBranch: 'main' },
    { importEnabled: false, exportEnabled: true },
  )
  const value = plan.exports[0]!.attrs.find(([key]) => key === 'ref')![1]
  return value.slice(value.lastIndexOf(':') + 1)
}

describe('derivedTags', () => {
  it.each([
    ['build', 'refs/heads/main'],
    ['build', 'refs/pull/12/merge'],
    ['web-1', 'refs/heads/feature/login'],
    ['Web App', 'refs/heads/UPPER/case'],
  ])('names the tag the main step exports to (scope %s on %s)', (scope, ref) => {
    const tags = derivedTags(image, [scope], [{ ref }])
    expect([...tags.keys()]).toEqual([exportedTag(scope, ref)])
    expect(tags.get(exportedTag(scope, ref))).toMatchObject({ scope, ref })
  })

  it("puts the ref's own tag first, as the main step does", () => {
    const tagged = parseImageRef('ghcr.io/octo-org/app:cache')
    const tags = derivedTags(tagged, ['build'], [{ ref: 'refs/pull/3/merge' }])
    expect([...tags.keys()]).toEqual(['cache-build-pr-3'])
    expect(exportedTag('build', 'refs/pull/3/merge', tagged)).toBe('cache-build-pr-3')
  })

  it('a tag two refs derive is live when either is', () => {
    const ended = { at: 1, why: 'branch feature/x deleted' }
    for (const refs of [
      [{ ref: 'refs/heads/feature/x', ended }, { ref: 'refs/heads/feature-x' }],
      [{ ref: 'refs/heads/feature-x' }, { ref: 'refs/heads/feature/x', ended }],
    ]) {
      const tags = derivedTags(image, ['build'], refs)
      expect(tags.get('build-feature-x')).toEqual({
        tag: 'build-feature-x',
        scope: 'build',
        ref: 'refs/heads/feature-x',
      })
    }
  })

  it('a tag two ended refs derive ended when the later did', () => {
    const tags = derivedTags(
      image,
      ['build'],
      [
        { ref: 'refs/heads/pr-5', ended: { at: 10, why: 'branch' } },
        { ref: 'refs/pull/5/merge', ended: { at: 20, why: 'pull request' } },
      ],
    )
    expect(tags.get('build-pr-5')?.ended).toEqual({ at: 20, why: 'pull request' })
  })
})
