/** Summary markdown for the builder cache (cells escaped and sizes printed by src/summary.ts). */
import { describe, expect, it } from '@jest/globals'
import type { BuilderReport } from '../../src/builder/maintenance.js'
import { renderBuilderReport } from '../../src/builder/report.js'

describe('renderBuilderReport', () => {
  const record = {
    id: 'jdp25vob8u8h3uigrtgy2j4ny',
    size: 5_156_864,
    reclaimable: true,
    type: 'regular',
  }

  it('renders nothing when nothing ran', () => {
    expect(renderBuilderReport({ warnings: [] })).toBe('')
  })

  it('renders usage with its largest records, marking printed sizes as approximate', () => {
    const report: BuilderReport = {
      tool: 'buildx',
      usage: {
        tool: 'buildx',
        records: 2,
        totalBytes: 5_160_960,
        reclaimableBytes: 4096,
        sharedBytes: 4096,
        largest: [
          { ...record, description: `mount / from exec ${'x'.repeat(100)} | tee` },
          { id: 'tl5', size: 4096, reclaimable: false },
        ],
        approximate: true,
      },
      warnings: [],
    }
    expect(renderBuilderReport(report)).toBe(
      [
        '### Builder cache (docker buildx)',
        '',
        '| Usage | |',
        '|---|---|',
        '| Total | ≈ 5.2 MB |',
        '| Reclaimable | ≈ 4.1 kB |',
        '| Shared | ≈ 4.1 kB |',
        '| Records | 2 |',
        '',
        '| Largest records | Size | Type | Reclaimable | Description |',
        '|---|---:|---|---|---|',
        `| <code>jdp25vob8u8h3uigrtgy2j4ny</code> | 5.2 MB | regular | yes | mount / from exec ${'x'.repeat(61)}… |`,
        '| <code>tl5</code> | 4.1 kB |  | no |  |',
        '',
      ].join('\n'),
    )
  })

  it('escapes what the builder printed: a description is the build step, pipes and HTML included', () => {
    const report: BuilderReport = {
      tool: 'buildctl',
      usage: {
        tool: 'buildctl',
        records: 1,
        totalBytes: 1,
        reclaimableBytes: 1,
        sharedBytes: 0,
        largest: [{ ...record, description: 'RUN a | b <x>\nc' }],
        approximate: false,
      },
      warnings: [],
    }
    expect(renderBuilderReport(report)).toContain('| RUN a &#124; b &lt;x&gt; c |')
  })

  it('renders a prune of one record in the singular, then warnings', () => {
    const report: BuilderReport = {
      tool: 'buildctl',
      prune: {
        tool: 'buildctl',
        command: 'buildctl prune --format {{json .}}',
        records: 1,
        freedBytes: 5_156_864,
        largest: [record],
        approximate: false,
      },
      warnings: ['Reading the builder cache usage failed: buildctl du exited with 1: boom'],
    }
    const text = renderBuilderReport(report)
    expect(text).toContain(
      'Pruned 1 record, freed 5.2 MB (<code>buildctl prune --format {{json .}}</code>).',
    )
    expect(text).toContain('| Largest pruned | Size | Type | Reclaimable | Description |')
    expect(text).toContain(
      '> :warning: Reading the builder cache usage failed: buildctl du exited with 1: boom\n',
    )
    expect(text).not.toContain('| Usage |')
  })
})
