/** Summary markdown for the type=local save. */
import { describe, expect, it } from '@jest/globals'
import { renderLocalReport } from '../../src/local/report.js'

describe('renderLocalReport', () => {
  it('renders a save that replaced older generations', () => {
    const text = renderLocalReport('web', {
      outcome: 'saved',
      key: 'buildkit-cache-action-local-web#abc-1-1-x',
      cacheId: 3,
      manifestDigest: 'sha256:2c9b714ab7d456f09637c96d79c847c4cdb0baedb37095fbbf252c7158c6256c',
      blobCount: 5,
      totalBytes: 5_262_642,
      deleted: [
        { id: 1, key: 'k1', ref: 'refs/heads/main', createdAt: 0, sizeInBytes: 4_000_000 },
        { id: 2, key: 'k2', ref: 'refs/heads/main', createdAt: 0, sizeInBytes: 1_000_000 },
      ],
      warnings: [],
    })
    expect(text).toBe(
      [
        '### Local cache <code>web</code>: saved a new generation',
        '',
        '| | |',
        '|---|---|',
        '| Key | <code>buildkit-cache-action-local-web#abc-1-1-x</code> |',
        '| Cache manifest | <code>sha256:2c9b714ab7d456f09637c96d79c847c4cdb0baedb37095fbbf252c7158c6256c</code> |',
        '| Layout | 5 blobs, 5.3 MB |',
        '| Older generations deleted | 2 (5.0 MB) |',
        '',
      ].join('\n'),
    )
  })

  it.each([
    ['unchanged', 'unchanged, nothing uploaded'],
    ['not-exported', 'nothing exported, nothing saved'],
    ['incomplete', 'incomplete export, nothing saved'],
    ['not-saved', 'not saved'],
    ['failed', 'failed'],
  ] as const)('headlines %s and gives the reason', (outcome, headline) => {
    const text = renderLocalReport('a|b', {
      outcome,
      reason: 'because | reasons',
      deleted: [],
      warnings: ['w'],
    })
    expect(text).toBe(
      `### Local cache <code>a&#124;b</code>: ${headline}\n\nbecause &#124; reasons\n\n> :warning: w\n`,
    )
  })
})
