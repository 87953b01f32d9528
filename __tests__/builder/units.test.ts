/** Sizes and durations as buildctl / docker buildx print and take them. */
import { describe, expect, it } from '@jest/globals'
import {
  formatBytes,
  parseDurationInput,
  parsePrintedSize,
  parseSizeInput,
} from '../../src/builder/units.js'

describe('parsePrintedSize', () => {
  it.each<[string, number | undefined]>([
    ['0B', 0],
    ['4.10kB', 4100], // buildctl %.2f of 4096
    ['4.096kB', 4096], // buildx HumanSize of 4096
    ['14.31MB', 14_310_000],
    ['1.704GB', 1_704_000_000],
    ['8.224kB*', 8224], // a shared record in a table
    ['1.5GiB', 1_610_612_736],
    [' 5.16MB ', 5_160_000],
    ['', undefined],
    ['12', undefined],
    ['1.2.3MB', undefined],
    ['-1MB', undefined],
    ['3 days ago', undefined],
    ['5QB', undefined],
  ])('%j → %j', (text, bytes) => {
    expect(parsePrintedSize(text)).toBe(bytes)
  })
})

describe('parseSizeInput', () => {
  it.each([
    ['10GB', 10_000_000_000],
    ['10 GB', 10_000_000_000],
    ['512MiB', 536_870_912],
    ['1.5GiB', 1_610_612_736],
    ['2048', 2_048_000_000], // a bare number is megabytes, like buildctl --keep-storage
    ['0.5', 500_000],
    ['100kb', 100_000],
  ])('%j → %d bytes', (value, bytes) => {
    expect(parseSizeInput(value, 'builder-keep-storage')).toBe(bytes)
  })

  it.each(['', '0', '0GB', 'ten', '10 XB', '-5GB', '1e3', '10GB extra', '99999999999999TB'])(
    'rejects %j naming the input',
    (value) => {
      expect(() => parseSizeInput(value, 'builder-keep-storage')).toThrow(
        `Input "builder-keep-storage" is "${value}": expected a size above zero such as 10GB, 512MiB or a plain number of megabytes (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB).`,
      )
    },
  )
})

describe('parseDurationInput', () => {
  it.each([
    ['48h', '48h'],
    ['1h30m', '1h30m'],
    ['1.5h', '1.5h'],
    ['90m', '90m'],
    ['300ms', '300ms'],
    ['7d', '168h'],
    [' 2d ', '48h'],
  ])('%j → %j', (value, go) => {
    expect(parseDurationInput(value, 'builder-keep-duration')).toBe(go)
  })

  it.each(['', '0h', '0d', 'a week', '48', 'h', '1w', '-1h', '1.5d', '1h 30m'])(
    'rejects %j naming the input',
    (value) => {
      expect(() => parseDurationInput(value, 'builder-keep-duration')).toThrow(
        `Input "builder-keep-duration" is "${value}": expected a duration above zero such as 48h, 1h30m or 7d.`,
      )
    },
  )
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [4096, '4.10 kB'],
    [14_311_424, '14.3 MB'],
    [524_288_000, '524 MB'],
    [10_000_000_000, '10.0 GB'],
    [1.5e15, '1.50 PB'],
  ])('%d → %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
