/**
 * Sizes and durations as BuildKit's tools print and accept them. Pure.
 *
 * - `buildctl` prints sizes with tonistiigi/units `%.2f` (`14.31MB`, `4.10kB`), `docker buildx` with
 *   docker/go-units `HumanSize` (`1.704GB`, `8.224kB`): both decimal (1000-based).
 * - `buildctl prune --keep-storage` takes megabytes (moby/buildkit cmd/buildctl/prune.go: `× 1e6`),
 *   `docker buildx prune --keep-storage` takes a docker size (bytes when it is a bare number).
 * - Durations are Go's `time.ParseDuration` syntax (`48h`, `1h30m`).
 */

const DECIMAL: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  eb: 1e18,
}
const BINARY: Record<string, number> = {
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
}

/** Parses a printed size (`0B`, `4.10kB`, `1.704GB`, a table's `8.224kB*`). Undefined when it is not one. */
export function parsePrintedSize(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([kKMGTPE]?i?B)\*?$/.exec(text.trim())
  if (!match) return undefined
  const unit = match[2].toLowerCase()
  const factor = DECIMAL[unit] ?? BINARY[unit]
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor)
}

/**
 * Parses a size input: `10GB`, `512MiB`, `1.5 GB`, or a bare number of megabytes (what
 * `buildctl prune --keep-storage` takes). Throws a message naming `input`.
 */
export function parseSizeInput(value: string, input: string): number {
  const text = value.trim()
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$/.exec(text)
  const unit = match?.[2].toLowerCase() ?? ''
  const factor = unit === '' ? 1e6 : (DECIMAL[unit] ?? BINARY[unit])
  const bytes = match && factor !== undefined ? Math.round(Number(match[1]) * factor) : NaN
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new Error(
      `Input "${input}" is "${value}": expected a size above zero such as 10GB, 512MiB or a plain number of megabytes (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB).`,
    )
  }
  return bytes
}

const GO_DURATION =
  /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|ms|s|m|h)(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|ms|s|m|h))*$/

/**
 * Parses a duration input into Go's syntax. Accepts Go durations (`48h`, `1h30m`) and whole days
 * (`7d`, which Go lacks and people write anyway). Throws a message naming `input`.
 */
export function parseDurationInput(value: string, input: string): string {
  const text = value.trim()
  const days = /^([0-9]+)d$/.exec(text)
  if (days && Number(days[1]) > 0) return `${Number(days[1]) * 24}h`
  if (GO_DURATION.test(text) && /[1-9]/.test(text)) return text
  throw new Error(
    `Input "${input}" is "${value}": expected a duration above zero such as 48h, 1h30m or 7d.`,
  )
}

/** `14.31 MB`: decimal units like the tools print, with a space for reading. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB', 'PB']
  let value = bytes
  let unit = 'B'
  for (const next of units) {
    if (value < 1000) break
    value /= 1000
    unit = next
  }
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${unit}`
}
