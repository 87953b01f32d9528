/** Summary markdown for the builder cache. */
import { describe, expect, it } from '@jest/globals'
import type { BuilderReport } from '../../src/builder/maintenance.js'
import { escapeCell, renderBuilderReport } from '../../src/builder/report.js'

describe('escapeCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a|b', 'a\\|b'],
    ['RUN echo `id`', 'RUN echo \\`id\\`'],
    ['<script>', '&lt;script>'],
    ['two\nlines\r\nhere', 'two lines here'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j → %j', (text, cell) => {
    expect(escapeCell(text)).toBe(cell)
  })
})

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
        '| Total | ≈ 5.16 MB |',
        '| Reclaimable | ≈ 4.10 kB |',
        '| Shared | ≈ 4.10 kB |',
        '| Records | 2 |',
        '',
        '| Largest records | Size | Type | Reclaimable | Description |',
        '|---|---:|---|---|---|',
        `| \`jdp25vob8u8h3uigrtgy2j4ny\` | 5.16 MB | regular | yes | mount / from exec ${'x'.repeat(61)}… |`,
        '| `tl5` | 4.10 kB |  | no |  |',
        '',
      ].join('\n'),
    )
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
    expect(text).toContain('Pruned 1 record, freed 5.16 MB (`buildctl prune --format {{json .}}`).')
    expect(text).toContain('| Largest pruned | Size | Type | Reclaimable | Description |')
    expect(text).toContain(
      '> [!WARNING]\n> Reading the builder cache usage failed: buildctl du exited with 1: boom\n',
    )
    expect(text).not.toContain('| Usage |')
  })
})
