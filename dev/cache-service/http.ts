import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EndpointFamily } from './endpoints.js'

/** A failure a handler reports; the router renders it in the protocol's own error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly o: { code?: string; retryAfterSeconds?: number; documentationUrl?: string } = {},
  ) {
    super(message)
  }
}

/** JSON request bodies are small; anything bigger is a client bug, not an upload. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024

export async function readJson(
  req: IncomingMessage,
  malformed: (detail: string) => HttpError,
): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_JSON_BODY_BYTES) {
      throw new HttpError(413, `request body exceeds ${MAX_JSON_BODY_BYTES} bytes`, {
        code: 'invalid_argument',
      })
    }
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw malformed(`request body is not JSON: ${(e as Error).message}`)
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-length': 0, ...headers })
  res.end()
}

/** Twirp's error codes for the statuses this service produces (twitchtv/twirp docs/spec_v7.md). */
const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  408: 'deadline_exceeded',
  409: 'already_exists',
  412: 'failed_precondition',
  413: 'invalid_argument',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  503: 'unavailable',
}

/** The v1 service's error `typeKey`s (Azure DevOps style; go-actions-cache cache.go `GithubAPIError`). */
const VSS_TYPE_KEYS: Record<number, string> = {
  400: 'ArgumentException',
  401: 'VssUnauthorizedException',
  403: 'AccessDeniedException',
  404: 'ArtifactCacheNotFoundException',
  409: 'ArtifactCacheItemAlreadyExistsException',
  413: 'RequestContentTooLargeException',
  429: 'RequestBlockedException',
}

const AZURE_CODES: Record<number, string> = {
  400: 'InvalidInput',
  403: 'AuthenticationFailed',
  404: 'BlobNotFound',
  409: 'Conflict',
  429: 'ServerBusy',
  500: 'InternalError',
  503: 'ServerBusy',
}

/**
 * Writes an error the way each protocol's server does: Twirp JSON `{code, msg}`, the v1
 * service's `{message, typeKey, ...}`, Azure's XML, GitHub REST's `{message, documentation_url}`.
 * A 502/504 is what a gateway in front of GitHub answers: HTML, whatever the protocol.
 */
export function sendError(res: ServerResponse, family: EndpointFamily, err: HttpError): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const headers: Record<string, string> = {}
  if (err.o.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(err.o.retryAfterSeconds)
  if (err.status === 502 || err.status === 504) {
    const html = `<html><head><title>${err.status}</title></head><body><h1>${err.status} ${err.status === 502 ? 'Bad Gateway' : 'Gateway Timeout'}</h1></body></html>`
    res.writeHead(err.status, {
      'content-type': 'text/html',
      'content-length': Buffer.byteLength(html),
      ...headers,
    })
    res.end(html)
    return
  }
  switch (family) {
    case 'v2':
      sendJson(
        res,
        err.status,
        { code: err.o.code ?? TWIRP_CODES[err.status] ?? 'unknown', msg: err.message },
        headers,
      )
      return
    case 'v1': {
      const typeKey = err.o.code ?? VSS_TYPE_KEYS[err.status] ?? 'InternalServerErrorException'
      sendJson(
        res,
        err.status,
        {
          $id: '1',
          innerException: null,
          message: err.message,
          typeName: `GitHub.Services.ArtifactCache.WebApi.${typeKey}, GitHub.Services.ArtifactCache.WebApi`,
          typeKey,
          errorCode: 0,
          eventId: 3000,
        },
        headers,
      )
      return
    }
    case 'blob': {
      const code = err.o.code ?? AZURE_CODES[err.status] ?? 'InternalError'
      const requestId = randomUUID()
      const xml =
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code>` +
        `<Message>${escapeXml(err.message)}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`
      res.writeHead(err.status, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(xml),
        'x-ms-request-id': requestId,
        'x-ms-error-code': code,
        'x-ms-version': '2025-11-05',
        ...headers,
      })
      res.end(xml)
      return
    }
    default:
      sendJson(
        res,
        err.status,
        {
          message: err.message,
          documentation_url: err.o.documentationUrl ?? 'https://docs.github.com/rest',
          status: String(err.status),
        },
        headers,
      )
  }
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}
