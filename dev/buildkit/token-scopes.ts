/**
 * The cache scopes in a runtime token, read the way go-actions-cache reads them (cache.go `New`):
 * the JWT is parsed without verifying its signature, the `ac` claim is a JSON string holding
 * `[{"Scope":"refs/heads/main","Permission":3}]` (1 = read, 2 = write). BuildKit imports from
 * every scope in the token and writes its index under the last writable one (gha.go `indexKey`).
 */
export interface TokenScope {
  scope: string
  permission: number
}

const WRITE = 2

export function tokenScopes(token: string): TokenScope[] {
  const parts = token.split('.')
  if (parts.length !== 3)
    throw new Error('runtime token is not a JWT (expected three dot-separated parts)')
  let claims: { ac?: unknown }
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    throw new Error('runtime token payload is not base64url JSON')
  }
  if (typeof claims.ac !== 'string')
    throw new Error('invalid token with access controls type: the "ac" claim must be a JSON string')
  const scopes: unknown = JSON.parse(claims.ac)
  if (!Array.isArray(scopes)) throw new Error('runtime token "ac" claim does not hold a list')
  return scopes.map((s: { Scope?: unknown; Permission?: unknown }) => ({
    scope: String(s.Scope ?? ''),
    permission: Number(s.Permission ?? 0),
  }))
}

/** The ref an export writes to: the last scope with write permission, "" when there is none (as in BuildKit). */
export function writableScope(scopes: readonly TokenScope[]): string {
  let scope = ''
  for (const s of scopes) if (s.permission & WRITE) scope = s.scope
  return scope
}
