import { ENDPOINTS, type Endpoint, isEndpoint } from './endpoints.js'

export interface FaultRule {
  /** Chance (0..1) that a matching request fails; defaults to 1 when `status` is set, else 0. */
  errorRate?: number
  /** Status of an injected failure (400-599), default 500; the body is the protocol's own error shape. */
  status?: number
  message?: string
  /** Sent as `Retry-After` with an injected failure. */
  retryAfterSeconds?: number
  /** Added before every matching request is handled, whether or not it fails. */
  latencyMs?: number
  /** Only the next N matching requests; then the rule is gone. */
  times?: number
}

/** What goes wrong with pages of the REST cache listing. */
export interface PageFault {
  /** 1-based page numbers; all pages when absent. */
  pages?: number[]
  /**
   * `fail`: an error status instead of the page; `truncate`: the body stops half-way and the
   * connection drops; `short`: half the page's items are missing while `total_count` and the
   * `Link` header still promise them.
   */
  mode: 'fail' | 'truncate' | 'short'
  /** For `fail`, default 502. */
  status?: number
  times?: number
}

export interface ExpiredUrlFault {
  /** Chance (0..1) that a download URL is issued already expired; default 1. */
  rate?: number
  times?: number
}

export interface InjectedFailure {
  status: number
  message: string
  retryAfterSeconds?: number
}

export interface FaultDecision {
  latencyMs: number
  failure?: InjectedFailure
}

/** The part of fault injection tests use; the running service adds `loseBlob`. */
export interface FaultControl {
  inject(endpoints: Endpoint | readonly Endpoint[] | '*', rule: FaultRule): void
  restPages(fault: PageFault): void
  expireDownloadUrls(fault?: ExpiredUrlFault): void
  clear(): void
}

interface LiveRule extends FaultRule {
  endpoints: ReadonlySet<Endpoint>
}

/** Fault state and the per-request decisions, drawn from a seeded generator so runs repeat. */
export class Faults implements FaultControl {
  #rules: LiveRule[] = []
  #pageFaults: PageFault[] = []
  #expired: ExpiredUrlFault[] = []

  constructor(private readonly random: () => number) {}

  inject(endpoints: Endpoint | readonly Endpoint[] | '*', rule: FaultRule): void {
    const names =
      endpoints === '*' ? ENDPOINTS : typeof endpoints === 'string' ? [endpoints] : endpoints
    for (const name of names) {
      if (!isEndpoint(name)) {
        throw new RangeError(
          `faults.inject: unknown endpoint ${JSON.stringify(name)}; accepted: '*' or ${ENDPOINTS.join(', ')}`,
        )
      }
    }
    checkRate('errorRate', rule.errorRate)
    checkTimes(rule.times)
    if (
      rule.status !== undefined &&
      !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)
    ) {
      throw new RangeError(
        `faults.inject: status must be an HTTP error status 400-599, got ${rule.status}`,
      )
    }
    if (rule.latencyMs !== undefined && !(Number.isFinite(rule.latencyMs) && rule.latencyMs >= 0)) {
      throw new RangeError(`faults.inject: latencyMs must be a number >= 0, got ${rule.latencyMs}`)
    }
    this.#rules.push({ ...rule, endpoints: new Set(names) })
  }

  restPages(fault: PageFault): void {
    if (!['fail', 'truncate', 'short'].includes(fault.mode)) {
      throw new RangeError(
        `faults.restPages: mode must be fail, truncate or short, got ${JSON.stringify(fault.mode)}`,
      )
    }
    if (fault.pages && !fault.pages.every((p) => Number.isInteger(p) && p >= 1)) {
      throw new RangeError(
        `faults.restPages: pages must be page numbers >= 1, got ${JSON.stringify(fault.pages)}`,
      )
    }
    checkTimes(fault.times)
    this.#pageFaults.push({ ...fault })
  }

  expireDownloadUrls(fault: ExpiredUrlFault = {}): void {
    checkRate('rate', fault.rate)
    checkTimes(fault.times)
    this.#expired.push({ ...fault })
  }

  clear(): void {
    this.#rules = []
    this.#pageFaults = []
    this.#expired = []
  }

  /** Latency and, maybe, a failure for one request to `endpoint`. */
  decide(endpoint: Endpoint): FaultDecision {
    let latencyMs = 0
    let failure: InjectedFailure | undefined
    for (const rule of this.#rules) {
      if (!rule.endpoints.has(endpoint)) continue
      latencyMs += rule.latencyMs ?? 0
      const rate = rule.errorRate ?? (rule.status !== undefined ? 1 : 0)
      if (!failure && rate > 0 && this.random() < rate) {
        failure = {
          status: rule.status ?? 500,
          message: rule.message ?? `injected fault on ${endpoint}`,
          retryAfterSeconds: rule.retryAfterSeconds,
        }
      }
      if (rule.times !== undefined) rule.times--
    }
    this.#rules = this.#rules.filter((r) => r.times === undefined || r.times > 0)
    return { latencyMs, failure }
  }

  /** The fault for one page of the REST listing, if any. */
  pageFault(page: number): PageFault | undefined {
    const fault = this.#pageFaults.find((f) => !f.pages || f.pages.includes(page))
    if (fault?.times !== undefined && --fault.times <= 0) {
      this.#pageFaults = this.#pageFaults.filter((f) => f !== fault)
    }
    return fault
  }

  /** Whether the download URL about to be issued should already be expired. */
  takeExpiredUrl(): boolean {
    const fault = this.#expired[0]
    if (!fault) return false
    if (fault.times !== undefined && --fault.times <= 0) this.#expired.shift()
    return this.random() < (fault.rate ?? 1)
  }
}

/** mulberry32: small, fast, good enough to make fault rates repeatable from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function checkRate(name: string, rate: number | undefined): void {
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
    throw new RangeError(`faults: ${name} must be between 0 and 1, got ${rate}`)
  }
}

function checkTimes(times: number | undefined): void {
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new RangeError(`faults: times must be a whole number >= 1, got ${times}`)
  }
}
