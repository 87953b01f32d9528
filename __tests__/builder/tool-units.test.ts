/** Sizes and durations as buildctl / docker buildx print and take them. */
import { describe, expect, it } from '@jest/globals'
import { goDuration, parsePrintedSize } from '../../src/builder/tool-units.js'

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

describe('goDuration', () => {
  it.each([
    [604_800_000, '168h'],
    [5_400_000, '1h30m'],
    [3_600_000, '1h'],
    [61_000, '1m1s'],
    [1_500, '1s500ms'],
    [1, '1ms'],
  ])('%d ms → %j', (ms, go) => {
    expect(goDuration(ms)).toBe(go)
  })

  it.each([0, -1, 1.5, NaN])('refuses %d', (ms) => {
    expect(() => goDuration(ms)).toThrow(`${ms} ms is not a positive whole duration`)
  })
})
