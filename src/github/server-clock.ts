/**
 * GitHub's clock, as the `Date` header of its answers tells it (docs/pruning-rules.md rule 2).
 * Entries are dated by GitHub; a runner whose clock runs ahead would judge them older than they
 * are and delete what an export wrote minutes ago. Pure: the caller reports each answer's header
 * and the local time it arrived.
 */

/**
 * Each estimate of the offset (GitHub's time less the local time) is a lower bound: the header is
 * whole seconds, truncated, and the answer took time to arrive. The largest is the best, and
 * using a lower bound judges entries younger than they are, which keeps more.
 */
export class ServerClock {
  #offset: number | undefined

  /** Records one answer's `Date` header (ignored when absent or unreadable). */
  observe(dateHeader: string | undefined, receivedAt: number): void {
    if (dateHeader === undefined) return
    const served = Date.parse(dateHeader)
    if (Number.isNaN(served)) return
    const offset = served - receivedAt
    if (this.#offset === undefined || offset > this.#offset) this.#offset = offset
  }

  /** GitHub's time less the local time, in ms; undefined before any answer carried a date. */
  offset(): number | undefined {
    return this.#offset
  }
}
