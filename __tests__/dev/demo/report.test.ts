/** dev/demo/report.ts: the demo's output as the Actions UI shows it, and its closing tables. */
import { describe, expect, it } from '@jest/globals'
import { deletedByReason, jobTable, renderRunnerLine } from '../../../dev/demo/report.js'

describe('renderRunnerLine', () => {
  it.each<[string, string | undefined, boolean?]>([
    ['plain text', 'plain text'],
    ['::group::Pruning the Actions cache', '▸ Pruning the Actions cache'],
    ['::endgroup::', undefined],
    ['::add-mask::s3cr3t', undefined],
    ['::debug::usage endpoint: 4.0 MB', undefined],
    ['::debug::usage endpoint: 4.0 MB', 'debug: usage endpoint: 4.0 MB', true],
    [
      '::warning::listing failed%0Aon two lines 100%25',
      '⚠ warning: listing failed\non two lines 100%',
    ],
    ['::warning file=a.ts,line=3::careful', '⚠ warning: careful'],
    ['::error::bad input', '✖ error: bad input'],
    ['a line with ::inside::', 'a line with ::inside::'],
  ])('%j → %j', (line, shown, debug = false) => {
    expect(renderRunnerLine(line, debug)).toBe(shown)
  })
})

describe('closing tables', () => {
  it('reads what a post step deleted, and why, from its summary', () => {
    const summary = [
      '### Why',
      '',
      '| Verdict | Reason | Entries |',
      '| --- | --- | --- |',
      '| delete | superseded index generation | 1 (1.4 kB) |',
      '| keep | referenced by a live index | 3 (4.0 MB) |',
      '| delete | no live index references it | 2 (2.0 MB) |',
    ].join('\n')
    expect(deletedByReason(summary)).toEqual([
      { reason: 'superseded index generation', count: 1 },
      { reason: 'no live index references it', count: 2 },
    ])
    expect(
      jobTable([
        {
          title: 'main',
          steps: 3,
          cached: 2,
          blobsUploaded: 1,
          bytesUploaded: 21_800,
          deleted: deletedByReason(summary),
        },
        { title: 'pr', steps: 3, cached: 0, blobsUploaded: 3, bytesUploaded: 4e6, deleted: [] },
      ]),
    ).toEqual([
      'job      steps from cache  layers uploaded  entries deleted (why)',
      '1. main  2 of 3            1 (21.8 kB)      3: superseded index generation (1); no live index references it (2)',
      '2. pr    0 of 3            3 (4.0 MB)       0',
    ])
  })
})
