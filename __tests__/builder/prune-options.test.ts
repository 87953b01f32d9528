/** builder-prune knobs: validation and how each tool is told. */
import { describe, expect, it } from '@jest/globals'
import {
  type PruneOptions,
  buildctlPruneArgs,
  buildxPruneArgs,
  parsePruneOptions,
} from '../../src/builder/prune-options.js'

describe('parsePruneOptions', () => {
  it.each<[string, Parameters<typeof parsePruneOptions>[0], PruneOptions]>([
    ['nothing set', {}, { filters: [] }],
    [
      'empty strings (unset action inputs)',
      { keepStorage: '', keepDuration: ' ', filter: '\n' },
      { filters: [] },
    ],
    [
      'all knobs',
      {
        keepStorage: '10GB',
        keepDuration: '7d',
        filter: 'type==regular\n  description~=^mount  \n\nid!=abc',
      },
      {
        keepStorageBytes: 10_000_000_000,
        keepDuration: '168h',
        filters: [
          { field: 'type', operator: '==', value: 'regular' },
          { field: 'description', operator: '~=', value: '^mount' },
          { field: 'id', operator: '!=', value: 'abc' },
        ],
      },
    ],
    [
      'a value holding =',
      { filter: 'description==a=b' },
      { filters: [{ field: 'description', operator: '==', value: 'a=b' }] },
    ],
  ])('%s', (_name, inputs, options) => {
    expect(parsePruneOptions(inputs)).toEqual(options)
  })

  const shape =
    'expected one filter per line as <field><op><value>, field one of id, parents, description, type, op one of ==, !=, ~= (for example type==regular).'
  it.each([
    [{ keepStorage: 'lots' }, /^Input "builder-keep-storage" is "lots": expected a size/],
    [
      { keepDuration: 'forever' },
      /^Input "builder-keep-duration" is "forever": expected a duration/,
    ],
    [{ filter: 'type=regular' }, `Input "builder-prune-filter" has "type=regular": ${shape}`],
    [{ filter: 'inuse' }, `Input "builder-prune-filter" has "inuse": ${shape}`],
    [{ filter: 'size==10' }, `Input "builder-prune-filter" has "size==10": ${shape}`],
    [{ filter: 'type==' }, `Input "builder-prune-filter" has "type==": ${shape}`],
    [
      { filter: 'until=24h' },
      'Input "builder-prune-filter" has "until=24h": set the age with "builder-keep-duration" instead.',
    ],
    [
      { filter: 'type==a,b' },
      'Input "builder-prune-filter" has "type==a,b": values cannot contain commas or quotes.',
    ],
    [
      { filter: 'description=="x"' },
      'Input "builder-prune-filter" has "description=="x"": values cannot contain commas or quotes.',
    ],
  ])('rejects %j', (inputs, message) => {
    expect(() => parsePruneOptions(inputs)).toThrow(message)
  })
})

describe('tool arguments', () => {
  const all = parsePruneOptions({
    keepStorage: '1.5GiB',
    keepDuration: '48h',
    filter: 'type==regular\ndescription~=^mount\nid!=x',
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
      '1 MB, as in the recorded prune',
      { keepStorageBytes: 1_000_000, filters: [] },
      ['prune', '--format', '{{json .}}', '--keep-storage', '1'],
      ['buildx', 'prune', '--force', '--verbose', '--keep-storage', '1000000'],
    ],
  ])('%s', (_name, options, buildctl, buildx) => {
    expect(buildctlPruneArgs(options)).toEqual(buildctl)
    expect(buildxPruneArgs(options)).toEqual(buildx)
  })
})
