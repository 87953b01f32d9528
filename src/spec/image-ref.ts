/**
 * Image references as BuildKit's registry cache parses them (`reference.ParseNormalizedNamed` in
 * moby/buildkit cache/remotecache/registry/registry.go, grammar from distribution/reference
 * regexp.go). Checked here so a bad `ref` fails the step with a message, not the build later.
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
}

export const IMAGE_REF_ACCEPTED =
  'an image reference such as ghcr.io/owner/app or ghcr.io/owner/app:cache (lower-case repository path, optional registry host and tag)'

/** Parses `registry/path[:tag][@digest]`; throws a `RangeError` naming what is wrong. */
export function parseImageRef(text: string): ImageRef {
  const match = REFERENCE.exec(text)
  if (!match) throw new RangeError(`"${text}" is not ${IMAGE_REF_ACCEPTED}`)
  const [, name, tag, digest] = match
  // Docker reads the first component as a host only if it has a dot or port or is localhost;
  // otherwise it is a path component and must be lower-case (distribution/reference normalize.go).
  const [first, ...rest] = name.split('/')
  const isHost = rest.length > 0 && (/[.:]/.test(first) || first === 'localhost')
  if (rest.length > 0 && !isHost && !new RegExp(`^${PATH_COMPONENT}$`).test(first)) {
    throw new RangeError(`"${text}" is not ${IMAGE_REF_ACCEPTED}`)
  }
  if (name.length > NAME_MAX) {
    throw new RangeError(`"${text}" has a repository name longer than ${NAME_MAX} characters`)
  }
  return { name, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) }
}
