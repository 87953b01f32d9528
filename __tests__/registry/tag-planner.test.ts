import { describe, expect, it } from '@jest/globals'
import { type ListedTag, planTagDeletions } from '../../src/registry/tag-planner.js'
import type { DerivedTag } from '../../src/registry/tags.js'
import { HOUR } from '../helpers/constants.js'

const NOW = 100 * HOUR
const ended = (tag: string, ref: string, hoursAgo: number): DerivedTag => ({
  tag,
  scope: 'build',
  ref,
  ended: { at: NOW - hoursAgo * HOUR, why: `${ref} ended` },
})
const live = (tag: string, ref: string): DerivedTag => ({ tag, scope: 'build', ref })

const derived = new Map(
  [
    live('build-main', 'refs/heads/main'),
    live('build-pr-1', 'refs/pull/1/merge'),
    ended('build-pr-2', 'refs/pull/2/merge', 5),
    ended('build-pr-3', 'refs/pull/3/merge', 5),
    ended('build-pr-4', 'refs/pull/4/merge', 0.5),
    ended('build-gone', 'refs/heads/gone', 48),
  ].map((t) => [t.tag, t]),
)
const options = { now: NOW, graceMs: HOUR, waitAfterEnd: true }
const plan = (listed: ListedTag[], o = options) => planTagDeletions(listed, derived, o)
const deletedTags = (p: ReturnType<typeof plan>) =>
  p.deletions.flatMap((d) => d.tags.map((t) => `${d.target}:${t.tag}`))
const keptTags = (p: ReturnType<typeof plan>) =>
  p.kept.map((k) => `${k.tag.tag}:${k.reason}${k.detail ? `(${k.detail})` : ''}`)

describe('planTagDeletions', () => {
  it("deletes ended refs' manifests; keeps live refs' tags; never counts another tag as ours", () => {
    const p = plan([
      { tag: 'build-main', target: 'A' },
      { tag: 'build-pr-1', target: 'B' },
      { tag: 'build-pr-2', target: 'C' },
      { tag: 'build-gone', target: 'D' },
      { tag: 'latest', target: 'E' },
      { tag: 'other-pr-2', target: 'F' },
    ])
    expect(deletedTags(p)).toEqual(['C:build-pr-2', 'D:build-gone'])
    expect(keptTags(p)).toEqual(['build-main:live', 'build-pr-1:live'])
    expect(p.otherTags).toBe(2)
  })

  it('keeps a manifest that a staying tag also points to, naming that tag', () => {
    const p = plan([
      { tag: 'build-main', target: 'A' },
      { tag: 'build-pr-2', target: 'A' },
      { tag: 'release', target: 'C' },
      { tag: 'build-pr-3', target: 'C' },
    ])
    expect(deletedTags(p)).toEqual([])
    expect(keptTags(p)).toEqual([
      'build-main:live',
      'build-pr-2:shared(build-main)',
      'build-pr-3:shared(release)',
    ])
  })

  it('deletes a manifest once when only ended tags point to it', () => {
    const p = plan([
      { tag: 'build-pr-2', target: 'C' },
      { tag: 'build-pr-3', target: 'C' },
    ])
    expect(p.deletions).toHaveLength(1)
    expect(deletedTags(p)).toEqual(['C:build-pr-2', 'C:build-pr-3'])
  })

  it('a tag kept for prune-grace keeps the manifest it shares', () => {
    const p = plan([
      { tag: 'build-pr-2', target: 'C' },
      { tag: 'build-pr-4', target: 'C' },
    ])
    expect(deletedTags(p)).toEqual([])
    expect(keptTags(p)).toEqual(['build-pr-4:ended-recently', 'build-pr-2:shared(build-pr-4)'])
  })

  it('on pull_request closed the end does not wait, but a tag written within prune-grace does', () => {
    const closed = { ...options, waitAfterEnd: false }
    expect(deletedTags(plan([{ tag: 'build-pr-4', target: 'C' }], closed))).toEqual([
      'C:build-pr-4',
    ])
    const written = plan([{ tag: 'build-pr-4', target: 'C', writtenAt: NOW - 10 * 60_000 }], closed)
    expect(keptTags(written)).toEqual(['build-pr-4:written-recently'])
    const old = plan([{ tag: 'build-pr-2', target: 'C', writtenAt: NOW - 2 * HOUR }])
    expect(deletedTags(old)).toEqual(['C:build-pr-2'])
  })

  it("deletes nothing when any tag's manifest is unknown: it may be the one a candidate shares", () => {
    const p = plan([{ tag: 'build-pr-2', target: 'C' }, { tag: 'release' }])
    expect(p.deletions).toEqual([])
    expect(keptTags(p)).toEqual(['build-pr-2:unresolved(release)'])
  })
})
