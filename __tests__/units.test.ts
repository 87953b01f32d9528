/** Unit tests for src/units.ts: sizes, durations, percentages. */
import { describe, expect, it } from '@jest/globals'
import { parseDuration, parsePercent, parseSize } from '../src/units.js'

describe('parseSize', () => {
  it.each([
    ['0B', 0],
    ['1024B', 1024],
    ['10GB', 10_000_000_000],
    ['10 GB', 10_000_000_000],
    ['10gb', 10_000_000_000],
    ['1.5KB', 1500],
    ['512MiB', 536_870_912],
    ['10GiB', 10_737_418_240],
    ['2TB', 2e12],
    ['1TiB', 1_099_511_627_776],
    ['7B', 7],
    [' 3MB ', 3_000_000],
  ])('%j → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  const accepted =
    'use a number with a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 10GB'
  it.each([
    ['90', `"90" is not a size; ${accepted}`],
    ['0', `"0" is not a size; ${accepted}`],
    ['', `"" is not a size; ${accepted}`],
    ['GB', `"GB" is not a size; ${accepted}`],
    ['10 gigabytes', `"10 gigabytes" is not a size; ${accepted}`],
    ['-1GB', `"-1GB" is not a size; ${accepted}`],
    ['10PB', `"10PB" is not a size; ${accepted}`],
    ['1e3', `"1e3" is not a size; ${accepted}`],
    ['99999999TB', '"99999999TB" is too large'],
  ])('%j is refused', (text, message) => {
    expect(() => parseSize(text)).toThrow(message)
  })
})

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['1D', 86_400_000],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  const accepted =
    'use a number with a unit: ms, s, m, h, d or w, or several together, e.g. 30s, 15m, 1h, 7d, 1h30m'
  it.each(['', '10', 'h', '1 h', '1y', '1h 30m', '-1h', '1h30'])('%j is refused', (text) => {
    expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration; ${accepted}`)
  })
})

describe('parsePercent', () => {
  it.each([
    ['90%', 0.9],
    ['100%', 1],
    ['0.5%', 0.005],
    [' 75 % ', 0.75],
  ])('%j → %d', (text, fraction) => {
    expect(parsePercent(text)).toBeCloseTo(fraction, 10)
  })

  it.each(['0%', '101%', '90', '%', 'ninety%', '-5%'])('%j is refused', (text) => {
    expect(() => parsePercent(text)).toThrow(
      `"${text}" is not a percentage; use a percentage above 0% and up to 100%, e.g. 90%`,
    )
  })
})
