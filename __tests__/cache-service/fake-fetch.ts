/** A scripted `fetch` for unit tests at the HTTP boundary: records each request, answers from a list. */
export interface RecordedRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
}

export type Scripted = Response | Error | (() => Response)

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

export function fakeFetch(script: Scripted[]) {
  const requests: RecordedRequest[] = []
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      headers[name.toLowerCase()] = value
    }
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : Buffer.from(init.body as Uint8Array).toString('utf8')
    requests.push({ url, method: init.method ?? 'GET', headers, body })
    const next = script.shift()
    if (next === undefined) throw new Error(`unexpected request ${init.method} ${url}`)
    if (next instanceof Error) throw next
    return typeof next === 'function' ? next() : next
  }
  return { fetch, requests }
}

/** A sleep that returns at once and remembers how long it was asked to wait. */
export function fakeSleep() {
  const delays: number[] = []
  return { sleep: async (ms: number) => void delays.push(ms), delays }
}

/** What `fetch` throws when nothing listens: a TypeError whose cause has the system code. */
export function connectionRefused(): Error {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  })
}
