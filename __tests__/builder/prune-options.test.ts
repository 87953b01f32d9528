/** builder-prune knobs: filter validation and how each tool is told. */
import { describe, expect, it } from '@jest/globals'
import {
  type PruneOptions,
  type BuilderPruneSettings,
  buildctlPruneArgs,
  buildxPruneArgs,
  pruneOptions,
} from '../../src/builder/prune-options.js'
import { HOUR } from '../helpers/constants.js'

describe('pruneOptions', () => {
  it.each<[string, BuilderPruneSettings, PruneOptions]>([
    ['nothing set', { filters: [] }, { filters: [] }],
    ['blank filter lines', { filters: ['', '  '] }, { filters: [] }],
    [
      'all knobs',
      {
        keepStorageBytes: 10_000_000_000,
        keepDurationMs: 168 * HOUR,
        filters: ['type==regular', '  description~=^mount  ', 'id!=abc'],
      },
      {
        keepStorageBytes: 10_000_000_000,
        keepDurationMs: 168 * HOUR,
        filters: [
          { field: 'type', operator: '==', value: 'regular' },
          { field: 'description', operator: '~=', value: '^mount' },
          { field: 'id', operator: '!=', value: 'abc' },
        ],
      },
    ],
    [
      'a value holding =',
      { filters: ['description==a=b'] },
      { filters: [{ field: 'description', operator: '==', value: 'a=b' }] },
    ],
  ])('%s', (_name, settings, options) => {
    expect(pruneOptions(settings)).toEqual(options)
  })

  const shape =
    'expected one filter per line as <field><op><value>, field one of id, parents, description, type, op one of ==, !=, ~= (for example type==regular).'
  it.each([
    ['type=regular', `Input "builder-prune-filter" has "type=regular": ${shape}`],
    ['inuse', `Input "builder-prune-filter" has "inuse": ${shape}`],
    ['size==10', `Input "builder-prune-filter" has "size==10": ${shape}`],
    ['type==', `Input "builder-prune-filter" has "type==": ${shape}`],
    [
      'until=24h',
      'Input "builder-prune-filter" has "until=24h": set the age with "builder-keep-duration" instead.',
    ],
    [
      'type==a,b',
      'Input "builder-prune-filter" has "type==a,b": values cannot contain commas or quotes.',
    ],
    [
      'description=="x"',
      'Input "builder-prune-filter" has "description=="x"": values cannot contain commas or quotes.',
    ],
  ])('rejects the filter %j', (filter, message) => {
    expect(() => pruneOptions({ filters: [filter] })).toThrow(message)
  })
})

describe('tool arguments', () => {
  const all = pruneOptions({
    keepStorageBytes: 1_610_612_736,
    keepDurationMs: 48 * HOUR,
    filters: ['type==regular', 'description~=^mount', 'id!=x'],
  })
  it.each<[string, PruneOptions, string[], string[]]>([
    [
      'no knobs',
      { filters: [] },
      ['prune', '--format', '{{json .}}'],
      ['buildx', 'prune', '--force', '--verbose'],
    ],
    [
      'every knob',
      all,
      [
        'prune',
        '--format',
        '{{json .}}',
        '--keep-storage',
        '1610.612736',
        '--keep-duration',
        '48h',
        '--filter',
        'type==regular,description~=^mount,id!=x',
      ],
      [
        'buildx',
        'prune',
        '--force',
        '--verbose',
        '--keep-storage',
        '1610612736',
        '--filter',
        'until=48h',
        '--filter',
        'type=regular',
        '--filter',
        'description~=^mount',
        '--filter',
        'id!=x',
      ],
    ],
    [
      '1 MB, as in the recorded prune; 90 minutes',
      { keepStorageBytes: 1_000_000, keepDurationMs: 90 * 60_000, filters: [] },
      ['prune', '--format', '{{json .}}', '--keep-storage', '1', '--keep-duration', '1h30m'],
      [
        'buildx',
        'prune',
        '--force',
        '--verbose',
        '--keep-storage',
        '1000000',
        '--filter',
        'until=1h30m',
      ],
    ],
  ])('%s', (_name, options, buildctl, buildx) => {
    expect(buildctlPruneArgs(options)).toEqual(buildctl)
    expect(buildxPruneArgs(options)).toEqual(buildx)
  })
})
