/**
 * Sizes and durations as BuildKit's tools print and take them. Pure. (Inputs are parsed by
 * `src/units.ts`; this is the tools' side.)
 *
 * - `buildctl` prints sizes with tonistiigi/units `%.2f` (`14.31MB`, `4.10kB`), `docker buildx` with
 *   docker/go-units `HumanSize` (`1.704GB`, `8.224kB`): both decimal (1000-based).
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
 * A duration in Go's `time.ParseDuration` syntax, which `buildctl --keep-duration` and buildx's
 * `until=` filter take: `604800000` ms → `168h`, `5400000` → `1h30m`, `1500` → `1s500ms`.
 */
export function goDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new RangeError(`${ms} ms is not a positive whole duration`)
  const parts: [number, string][] = [
    [Math.floor(ms / 3_600_000), 'h'],
    [Math.floor(ms / 60_000) % 60, 'm'],
    [Math.floor(ms / 1000) % 60, 's'],
    [ms % 1000, 'ms'],
  ]
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('')
}
