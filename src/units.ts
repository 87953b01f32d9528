/**
 * Parsers for the size, duration and percentage values that inputs accept. Pure: each returns the
 * value or throws a `RangeError` whose message says what is accepted; `inputs.ts` prefixes the
 * input's name.
 */

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
}
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i
export const SIZE_ACCEPTED =
  'a number with a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 10GB'

/**
 * `10GB` → 10_000_000_000; `512MiB` → 536_870_912; `1024B` → 1024 bytes. A bare number is refused:
 * in an action input, `prune-target: 90` is far likelier to mean 90% than 90 bytes, and reading it
 * as bytes would prune everything pruning may touch.
 */
export function parseSize(text: string): number {
  const match = SIZE.exec(text.trim())
  const unit = match?.[2] ? SIZE_UNITS[match[2].toLowerCase()] : undefined
  if (!match || unit === undefined) {
    throw new RangeError(`"${text}" is not a size; use ${SIZE_ACCEPTED}`)
  }
  const bytes = Math.round(Number(match[1]) * unit)
  if (!Number.isSafeInteger(bytes)) throw new RangeError(`"${text}" is too large`)
  return bytes
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy
export const DURATION_ACCEPTED =
  'a number with a unit: ms, s, m, h, d or w, or several together, e.g. 30s, 15m, 1h, 7d, 1h30m'

/** `15m` → 900_000 ms; `1h30m` → 5_400_000 ms; `7d` → 604_800_000 ms. */
export function parseDuration(text: string): number {
  const compact = text.trim().toLowerCase()
  let total = 0
  let consumed = 0
  DURATION_PART.lastIndex = 0
  for (let part = DURATION_PART.exec(compact); part; part = DURATION_PART.exec(compact)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]]
    consumed = DURATION_PART.lastIndex
  }
  if (compact === '' || consumed !== compact.length) {
    throw new RangeError(`"${text}" is not a duration; use ${DURATION_ACCEPTED}`)
  }
  return Math.round(total)
}

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/
export const PERCENT_ACCEPTED = 'a percentage above 0% and up to 100%, e.g. 90%'

/** `90%` → 0.9. Zero is refused: a target of nothing would delete everything. */
export function parsePercent(text: string): number {
  const match = PERCENT.exec(text.trim())
  const value = match ? Number(match[1]) : NaN
  if (!(value > 0 && value <= 100)) {
    throw new RangeError(`"${text}" is not a percentage; use ${PERCENT_ACCEPTED}`)
  }
  return value / 100
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Bytes in decimal units, as GitHub states cache sizes ("10 GB"). */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1
  return `${value.toFixed(digits)} ${DECIMAL_UNITS[unit]}`
}

/** A duration for the log, in its largest whole unit with one decimal: `2.0 h`, `90 s`, `3.5 min`. */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`
  return `${Math.round(ms / 1000)} s`
}

/** `n` and the noun for it: `1 tag`, `2 tags` (`nouns` for an irregular plural: `entries`). */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`
}
