export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number }

/**
 * GitHub's cache rate limits count per minute and tell the client when the count resets
 * (`Retry-After`, docker/actions-toolkit#944). Windows are aligned to the clock's minutes, so a
 * driven clock makes the limit deterministic. A limit of 0 admits everything.
 */
export class FixedWindowLimiter {
  #window = Number.NaN
  #used = 0

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
  ) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`rate limit must be a whole number >= 0 (0 turns it off), got ${limit}`)
    }
  }

  take(now: number): Admission {
    if (this.limit === 0) return { ok: true }
    const window = Math.floor(now / this.windowMs)
    if (window !== this.#window) {
      this.#window = window
      this.#used = 0
    }
    if (this.#used >= this.limit) {
      const resetAt = (window + 1) * this.windowMs
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)) }
    }
    this.#used++
    return { ok: true }
  }
}
