import { type IncomingMessage, type ServerResponse, request } from 'node:http'
import type { Endpoint } from './endpoints.js'

/** Names the Azure Blob operation a request to a signed URL performs. */
export function blobOperation(method: string, url: URL): Endpoint {
  const comp = url.searchParams.get('comp')
  if (method === 'PUT' && comp === null) return 'blob.PutBlob'
  if (method === 'PUT' && comp === 'block') return 'blob.PutBlock'
  if (method === 'PUT' && comp === 'blocklist') return 'blob.PutBlockList'
  if (method === 'GET' && comp === null) return 'blob.GetBlob'
  if (method === 'HEAD' && comp === null) return 'blob.GetBlobProperties'
  return 'blob.other'
}

/**
 * Streams a signed-URL request to Azurite and its answer back, untouched: status, every
 * header (`x-ms-request-id`, which go-actions-cache dereferences, `Content-Range` for ranged
 * reads) and the body, with backpressure both ways so nothing is held whole in memory.
 */
export function proxyToBlobStorage(
  origin: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const target = new URL(path, origin)
  return new Promise((resolve) => {
    const headers = withoutHopByHop(req.rawHeaders).concat('host', target.host)
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.rawHeaders))
      answer.pipe(res)
      answer.on('error', () => res.destroy())
      answer.on('end', resolve)
      answer.on('close', resolve)
    })
    upstream.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(500, {
          'content-type': 'application/xml',
          'x-ms-request-id': 'proxy',
          'content-length': 0,
        })
        res.end()
      } else {
        res.destroy()
      }
      resolve()
    })
    req.on('aborted', () => upstream.destroy())
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
      resolve()
    })
    req.pipe(upstream)
  })
}

/** Connection-level headers belong to one hop (RFC 9110 §7.6.1); the rest pass through as sent. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'proxy-connection',
  'upgrade',
])

function withoutHopByHop(raw: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!)
  }
  return out
}
