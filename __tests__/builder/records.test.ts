/** Parsing what buildctl v0.24.0 printed (recorded) and what docker buildx prints (derived from its source). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  type CacheRecord,
  parseBuildctlPrune,
  parseBuildctlUsage,
  parseBuildxUsage,
  parseVerboseRecords,
} from '../../src/builder/records.js'

const recorded = (name: string) =>
  readFileSync(new URL(`../fixtures/buildctl-v0.24.0-du-prune/${name}`, import.meta.url), 'utf8')
const derived = (name: string) =>
  readFileSync(new URL(`./buildx-v0.28-derived/${name}`, import.meta.url), 'utf8')
const total = (records: CacheRecord[]) => records.reduce((n, r) => n + r.size, 0)

/** `Total:` as the tool printed it at the end of its own text output. */
const printedTotal = (text: string) => /Total:\s+(\S+)/.exec(text)![1]

describe('buildctl du --format {{json .}} (recorded)', () => {
  const { records, approximate } = parseBuildctlUsage(recorded('du-json.txt'))

  it('reads every record with exact sizes', () => {
    expect(approximate).toBe(false)
    expect(records).toHaveLength(9)
    expect(records[7]).toEqual({
      id: 'jdp25vob8u8h3uigrtgy2j4ny',
      size: 5_156_864,
      reclaimable: true,
      shared: false,
      mutable: false,
      type: 'regular',
      description:
        'mount / from exec /bin/busybox sh -c /bin/busybox mkdir -p /out && /bin/busybox dd if=/dev/urandom of=/out/rand bs=1M count=3 2>/dev/null && echo built > /out/stamp',
      lastUsed: '2026-11-26T14:32:11.426Z',
    })
  })

  it('adds up to the Total the table and verbose outputs print', () => {
    expect(total(records)).toBe(14_311_424)
    expect(printedTotal(recorded('du.txt'))).toBe('14.31MB')
    expect(printedTotal(recorded('du-verbose.txt'))).toBe('14.31MB')
  })

  it('agrees with the verbose output of the same builder, record for record', () => {
    const verbose = parseVerboseRecords(recorded('du-verbose.txt'))
    expect(verbose.approximate).toBe(true)
    expect(verbose.records.map((r) => r.id)).toEqual(records.map((r) => r.id))
    for (const [i, r] of verbose.records.entries()) {
      expect(Math.abs(r.size - records[i].size)).toBeLessThanOrEqual(5000) // printed as %.2f of kB/MB
      expect(r.type).toBe(records[i].type)
      expect(r.mutable).toBe(records[i].mutable)
      expect(r.lastUsed).toBe(records[i].lastUsed)
    }
  })
})

describe('buildctl prune --format {{json .}} (recorded)', () => {
  it('reads one record per line; the freed total matches the printed one', () => {
    const { records } = parseBuildctlPrune(recorded('prune-keep-storage-1MB-json.txt'))
    expect(records.map((r) => r.id)).toEqual([
      '4zqjgykzxtxmfp1u7x8707rm3',
      'c72y08k43h5y1actt8xu26p5i',
      'tl5y8k94kbzfbnm1tcfclqt6i',
      'j23s4wz1pncw5avkj31vlklf4',
      'jdp25vob8u8h3uigrtgy2j4ny',
      'yd7ngxgk6txdj1qw3fgvmkqe0',
      'xxv7svv83znlk44hjszs49hun',
    ])
    expect(records[0].type).toBeUndefined() // prune sends recordType ""
    expect(total(records)).toBe(14_311_424)
    expect(printedTotal(recorded('prune-keep-storage-1MB.txt'))).toBe('14.31MB')
  })

  it('reads the verbose prune output, an empty prune included', () => {
    const { records } = parseVerboseRecords(recorded('prune-verbose.txt'))
    expect(records.map((r) => [r.id, r.size])).toEqual([
      ['7xdysgo1y28kk1sv5vup8n1qz', 0],
      ['d5yhozfyarixtszssnxvcahw1', 0],
    ])
    expect(parseBuildctlPrune('').records).toEqual([])
  })
})

describe('docker buildx (derived from its formatter)', () => {
  const exact = parseBuildctlUsage(recorded('du-json.txt')).records

  it('du --format json: same records, sizes to 4 significant digits', () => {
    const { records, approximate } = parseBuildxUsage(derived('du-json.txt'))
    expect(approximate).toBe(true)
    expect(records.map((r) => r.id)).toEqual(exact.map((r) => r.id))
    for (const [i, r] of records.entries()) {
      expect(Math.abs(r.size - exact[i].size)).toBeLessThanOrEqual(exact[i].size / 1000)
      expect(r.reclaimable).toBe(exact[i].reclaimable)
      expect(r.lastUsed).toBeUndefined() // buildx prints "3 minutes ago"
    }
  })

  it('du --verbose before 0.28 and prune --verbose: key/value blocks', () => {
    expect(parseVerboseRecords(derived('du-verbose-0.27.txt')).records.map((r) => r.id)).toEqual(
      exact.map((r) => r.id),
    )
    const pruned = parseVerboseRecords(derived('prune-verbose.txt')).records
    expect(pruned).toHaveLength(7)
    expect(Math.abs(total(pruned) - 14_311_424)).toBeLessThan(2000)
  })
})

describe('bad output', () => {
  it.each([
    [
      'buildctl du that is not JSON',
      () => parseBuildctlUsage('error: failed to connect'),
      'buildctl du printed something that is not JSON: error: failed to connect',
    ],
    [
      'buildctl du that is an object',
      () => parseBuildctlUsage('{"id":"x"}'),
      'buildctl du printed JSON that is not a list: {"id":"x"}',
    ],
    [
      'buildctl du record without size',
      () => parseBuildctlUsage('[{"id":"x","inUse":false}]'),
      'buildctl du record 0 lacks id, size or inUse: {"id":"x","inUse":false}',
    ],
    [
      'buildctl du record that is a string',
      () => parseBuildctlUsage('["x"]'),
      'buildctl du record 0 is not a JSON object: "x"',
    ],
    [
      'buildctl prune with a broken line',
      () => parseBuildctlPrune('{"id":"a","size":1,"inUse":false}\n{"id":'),
      'buildctl prune printed something that is not JSON: {"id":',
    ],
    [
      'buildx du with a table',
      () => parseBuildxUsage('ID RECLAIMABLE SIZE'),
      'docker buildx du printed something that is not JSON: ID RECLAIMABLE SIZE',
    ],
    [
      'buildx du record without Size',
      () => parseBuildxUsage('{"ID":"a","Reclaimable":true}'),
      'docker buildx du record 0 lacks ID, Size or Reclaimable: {"ID":"a","Reclaimable":true}',
    ],
    [
      'verbose record with a size nobody prints',
      () => parseVerboseRecords('ID: a\nSize: lots\n'),
      'The record a has no readable Size: ID: a Size: lots',
    ],
  ])('%s', (_name, parse, message) => {
    expect(parse).toThrow(message)
  })

  it('reads an empty builder', () => {
    expect(parseBuildctlUsage('null\n').records).toEqual([])
    expect(parseBuildctlUsage('[]').records).toEqual([])
    expect(parseBuildxUsage('').records).toEqual([])
    expect(parseVerboseRecords('Reclaimable:\t0B\nTotal:\t0B\n').records).toEqual([])
  })

  it('clamps a negative size (a record being removed) to zero', () => {
    expect(parseBuildctlUsage('[{"id":"a","size":-1,"inUse":true}]').records).toEqual([
      { id: 'a', size: 0, reclaimable: false },
    ])
  })
})
