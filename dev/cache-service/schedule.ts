/**
 * Boundaries of a fixed schedule (multiples of `intervalMs` since the epoch) in (fromMs, toMs],
 * oldest first. GitHub evicts on such a schedule (hourly since November 2025, changelog
 * 2025-09-29); a driven clock that jumps a month crosses ~720 of them, each a pass of its own.
 * More than `max` collapse into the last one.
 */
export function boundariesCrossed(
  fromMs: number,
  toMs: number,
  intervalMs: number,
  max = 100_000,
): number[] {
  if (!(intervalMs > 0) || toMs <= fromMs) return []
  const first = (Math.floor(fromMs / intervalMs) + 1) * intervalMs
  if (first > toMs) return []
  const last = Math.floor(toMs / intervalMs) * intervalMs
  const count = (last - first) / intervalMs + 1
  if (count > max) return [last]
  return Array.from({ length: count }, (_, i) => first + i * intervalMs)
}
