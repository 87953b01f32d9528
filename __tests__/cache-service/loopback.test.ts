/**
 * The client with Node's real fetch against a loopback HTTP server: real sockets, a refused
 * connection and a server that never answers (the per-attempt timeout).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from '@jest/globals'
import { createCacheServiceClient } from '../../src/cache-service/client.js'

const TOKEN = 'loopback-token'
const servers: Server[] = []
const noSleep = async () => undefined

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<string> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => handler(req, res, body))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

describe('client over real sockets', () => {
  it('looks up after a 503 and downloads the matched entry', async () => {
    const seen: string[] = []
    const url = await serve((req, res, body) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'} ${body}`)
      if (req.url === '/blob') {
        res.end('index document')
      } else if (seen.length === 1) {
        res.writeHead(503).end('busy')
      } else {
        res.setHeader('content-type', 'application/json')
        res.end(
          JSON.stringify({
            ok: true,
            signed_download_url: `http://127.0.0.1:${req.socket.localPort}/blob`,
            matched_key: 'index-a-1-f921bd05#4',
          }),
        )
      }
    })
    const client = createCacheServiceClient({ protocol: 'v2', url, token: TOKEN, sleep: noSleep })
    const match = await client.lookup('index-a-1-f921bd05')
    expect(match?.matchedKey).toBe('index-a-1-f921bd05#4')
    expect((await client.download(match!.downloadUrl)).toString()).toBe('index document')
    expect(seen).toHaveLength(3)
    expect(seen[0]).toBe(seen[1])
    expect(seen[0]).toContain(`Bearer ${TOKEN}`)
    expect(seen[2]).toBe('GET /blob - ')
  })

  it('reports a refused connection after its retries', async () => {
    const url = await serve(() => undefined)
    const closed = servers.pop()!
    await new Promise((resolve) => closed.close(resolve))
    const client = createCacheServiceClient({
      protocol: 'v1',
      url,
      token: TOKEN,
      sleep: noSleep,
      retry: { maxAttempts: 2 },
    })
    await expect(client.lookup('k')).rejects.toMatchObject({
      status: undefined,
      attempts: 2,
      message: expect.stringMatching(
        /getCacheEntry GET http:\/\/127\.0\.0\.1:\d+\/_apis\/artifactcache\/cache\?… failed: ECONNREFUSED \(after 2 attempts\)/,
      ),
    })
  })

  it('times out an attempt that never gets an answer', async () => {
    const url = await serve(() => undefined) // never responds
    const client = createCacheServiceClient({
      protocol: 'v2',
      url,
      token: TOKEN,
      sleep: noSleep,
      retry: { maxAttempts: 2, attemptTimeoutMs: 150 },
    })
    await expect(client.lookup('k')).rejects.toThrow(
      'failed: timed out after 150 ms (after 2 attempts)',
    )
  })
})

describe('a download over its byte cap (rule 12)', () => {
  const MiB = 1024 * 1024
  it('stops reading an answer without a length once it passes the cap', async () => {
    let sent = 0
    let closed = false
    const url = await serve((_req, res) => {
      // An index far larger than any BuildKit writes, streamed without end.
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (!closed && res.write(chunk)) sent += chunk.length
        if (!closed) res.once('drain', pump)
      }
      res.on('close', () => (closed = true))
      pump()
    })
    const client = createCacheServiceClient({ protocol: 'v2', url, token: TOKEN, sleep: noSleep })
    const error = await client.download(`${url}blob?sig=secret`, MiB).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'too_large', attempts: 1 })
    expect((error as Error).message).toBe(
      `download GET ${url}blob?…: the answer holds more than ${MiB} bytes, over the ${MiB} allowed`,
    )
    // The client let go of the stream: the server stopped far short of what it would send.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(true)
    expect(sent).toBeLessThan(64 * MiB)
  })

  it('does not read an answer that declares more than the cap', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(400 * MiB) })
      res.write(Buffer.alloc(1024))
    })
    const client = createCacheServiceClient({ protocol: 'v2', url, token: TOKEN, sleep: noSleep })
    await expect(client.download(`${url}blob`, MiB)).rejects.toMatchObject({
      code: 'too_large',
      message: `download GET ${url}blob: the answer declares ${400 * MiB} bytes, over the ${MiB} allowed`,
    })
  })

  it('reads an answer within the cap whole', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(MiB, 0x61)))
    const client = createCacheServiceClient({ protocol: 'v2', url, token: TOKEN, sleep: noSleep })
    expect((await client.download(`${url}blob`, MiB)).length).toBe(MiB)
  })
})
