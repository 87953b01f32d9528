/**
 * A scripted HTTP server on loopback standing in for api.github.com at the HTTP boundary: each
 * test answers requests with a function and reads back what the client sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  at: number
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** Wait this long before answering (to trip a client timeout). */
  delayMs?: number
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>

export interface FakeRest {
  url: string
  requests: RecordedRequest[]
  handle(handler: Handler): void
  close(): Promise<void>
}

export async function startFakeRest(prefix = ''): Promise<FakeRest> {
  let handler: Handler = () => ({ status: 500, body: { message: 'no handler' } })
  const requests: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname,
      query: url.searchParams,
      headers: req.headers,
      at: Date.now(),
    }
    requests.push(recorded)
    req.resume()
    req.on('end', async () => {
      const reply = await handler(recorded)
      // A delayed reply ends early when the client gives up, so no timer outlives the test.
      if (reply.delayMs)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, reply.delayMs)
          res.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
        })
      if (res.destroyed) return
      const body = reply.body === undefined ? '' : JSON.stringify(reply.body)
      res.writeHead(reply.status, {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...reply.headers,
      })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    handle: (h) => {
      handler = h
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A REST cache entry as GitHub lists it. */
export function restEntry(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    ref: 'refs/heads/main',
    key: `key-${id}`,
    version: 'v',
    created_at: new Date(1_700_000_000_000 + id * 1000).toISOString(),
    last_accessed_at: new Date(1_700_000_000_000 + id * 2000).toISOString(),
    size_in_bytes: id * 10,
    ...overrides,
  }
}

/** Answers list requests from `all` as GitHub pages them (per_page, page). */
export function pageOf(all: unknown[], query: URLSearchParams, total = all.length): Reply {
  const perPage = Number(query.get('per_page') ?? 30)
  const page = Number(query.get('page') ?? 1)
  return {
    status: 200,
    body: { total_count: total, actions_caches: all.slice((page - 1) * perPage, page * perPage) },
  }
}
