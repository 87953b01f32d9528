/**
 * Image references as BuildKit's registry cache parses them (Docker's normalised reference
 * grammar). Checked here so a bad `ref` fails the step with a message, not the build later.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*'
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
)
const NAME_MAX = 255

/** A parsed image reference: repository name, optional tag and digest. */
export interface ImageRef {
  readonly name: string
  readonly tag?: string
  readonly digest?: string
  /**
   * The reference as given, when its repository path had upper-case letters: OCI repository
   * names are lower case, so `name` is that path lower-cased (`${{ github.repository }}` keeps
   * the owner's case). The host and the tag keep theirs.
   */
  readonly given?: string
}

export const IMAGE_REF_ACCEPTED =
  'an image reference such as ghcr.io/owner/app or ghcr.io/owner/app:cache (optional registry host, a repository path, an optional tag)'

const HOST = new RegExp(`^${DOMAIN}$`)
const PATH = new RegExp(`^${PATH_COMPONENT}$`)
const TAG_ONLY = new RegExp(`^${TAG}$`)
const DIGEST_ONLY = new RegExp(`^${DIGEST}$`)

const refused = (text: string, why: string) =>
  new RangeError(`"${text}" is not an image reference: ${why}`)

/**
 * Parses `registry/path[:tag][@digest]`; throws a `RangeError` that says what is wrong. A
 * repository path with upper-case letters is lower-cased (see ImageRef.given).
 */
export function parseImageRef(text: string): ImageRef {
  if (text === '') throw refused(text, 'it is empty')
  if (/\s/.test(text)) throw refused(text, 'it contains white space')
  if (text.includes('://')) throw refused(text, 'it has a URL scheme; give host/path')
  if (text.includes(',')) throw refused(text, 'it contains a comma')
  const at = text.indexOf('@')
  const digest = at >= 0 ? text.slice(at + 1) : undefined
  const named = at >= 0 ? text.slice(0, at) : text
  const colon = named.lastIndexOf(':')
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined
  const name = tag === undefined ? named : named.slice(0, colon)
  const [first, ...rest] = name.split('/')
  // Docker reads the first component as a host only if it has a dot or port or is localhost;
  // otherwise it is a path component.
  const host = rest.length > 0 && (/[.:]/.test(first) || first === 'localhost') ? first : undefined
  const path = host === undefined ? [first, ...rest] : rest
  if (host !== undefined && !HOST.test(host))
    throw refused(text, `"${host}" is not a registry host`)
  if (path.some((c) => c === '')) throw refused(text, 'it has an empty path component')
  const lowered = path.map((c) => c.toLowerCase())
  for (const component of lowered) {
    if (!PATH.test(component)) {
      throw refused(
        text,
        `the path component "${component}" may hold only letters and digits, joined by ".", "_", "__" or "-"`,
      )
    }
  }
  if (tag !== undefined && !TAG_ONLY.test(tag)) {
    throw refused(
      text,
      `the tag "${tag}" is not 1 to 128 letters, digits, "_", "." or "-" (not starting with "." or "-")`,
    )
  }
  if (digest !== undefined && !DIGEST_ONLY.test(digest)) {
    throw refused(text, `the digest "${digest}" is not algorithm:hex (at least 32 hex digits)`)
  }
  const repository = [...(host === undefined ? [] : [host]), ...lowered].join('/')
  const canonical = `${repository}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`
  // The whole grammar once more, as BuildKit's parser reads it.
  if (!REFERENCE.test(canonical)) throw refused(text, 'it is not registry/path[:tag][@digest]')
  if (repository.length > NAME_MAX) {
    throw refused(text, `its repository name is longer than ${NAME_MAX} characters`)
  }
  return {
    name: repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    ...(lowered.some((c, i) => c !== path[i]) ? { given: text } : {}),
  }
}
