/**
 * The attribute inputs: the typed ones that map onto one attribute each and the free-form
 * `attributes` matrix, each checked against what BuildKit accepts for the cache type.
 */
import { Input, type InputName } from '../constants.js'
import {
  ATTRIBUTES,
  TYPED_ATTRIBUTE_INPUTS,
  VALUE_ACCEPTED,
  isAcceptedValue,
  typesWithAttribute,
  type AttributeInfo,
} from '../cache-options/attributes.js'
import { type Attribute, type CacheType } from '../cache-options/model.js'

import { BOOLEAN, InputError, InputReader, lines } from './reader.js'
import { notForType } from './cache.js'

/** The typed inputs that map onto one attribute each, checked against the type's table. */
export function typedAttributes(read: InputReader, type: CacheType): Attribute[] {
  const attrs: Attribute[] = []
  for (const [name, key] of TYPED_ATTRIBUTE_INPUTS) {
    const text = read(name)
    if (!text) continue
    const info = ATTRIBUTES[type][key]
    if (!info) throw notForType(name, type, typesWithAttribute(key))
    oneLine(name, text)
    attrs.push([
      key,
      checkedValue(info, text, (problem, accepted) => new InputError(name, problem, accepted)),
    ])
  }
  return attrs
}

const ONE_LINE_ACCEPTED =
  'a value on one line (every value that becomes a BuildKit attribute must be: bake-set and build-push-action read one attribute set per line)'

/** Refuses a value with a line break (CR or LF), naming the input and, not quoting it, the value. */
export function oneLine(name: InputName, text: string, value = 'it'): void {
  if (/[\r\n]/.test(text)) {
    throw new InputError(name, `${value} holds a line break`, ONE_LINE_ACCEPTED)
  }
}

/** The levels each compression takes (util/compression): gzip and estargz 0–9, zstd 0–22. */
const COMPRESSION_LEVELS: Readonly<Record<string, readonly [number, number]>> = {
  gzip: [0, 9],
  estargz: [0, 9],
  zstd: [0, 22],
}

/** `compression-level` within the range of the chosen `compression` (BuildKit's default gzip). */
/** An image manifest is an OCI manifest: BuildKit refuses it with Docker media types. */
export function checkImageManifest(attrs: readonly Attribute[]): void {
  const value = (key: string) => attrs.find(([k]) => k === key)?.[1]
  if (value('image-manifest') === 'true' && value('oci-mediatypes') === 'false') {
    throw new InputError(
      Input.ImageManifest,
      'true needs OCI media types, and oci-mediatypes is false',
      'image-manifest: true with oci-mediatypes true (the default), or image-manifest: false',
    )
  }
}

export function checkCompressionLevel(attrs: readonly Attribute[]): void {
  const level = attrs.find(([key]) => key === 'compression-level')?.[1]
  if (level === undefined) return
  const compression = attrs.find(([key]) => key === 'compression')?.[1] ?? 'gzip'
  const range = COMPRESSION_LEVELS[compression]
  if (!range) {
    throw new InputError(
      Input.CompressionLevel,
      `compression ${compression} takes no level`,
      'a level with compression gzip or estargz (0-9) or zstd (0-22)',
    )
  }
  const n = Number(level)
  if (n < range[0] || n > range[1]) {
    throw new InputError(
      Input.CompressionLevel,
      `${level} is outside ${range[0]}-${range[1]}, the levels of ${compression}${attrs.some(([key]) => key === 'compression') ? '' : " (BuildKit's default compression)"}`,
      'gzip and estargz 0-9, zstd 0-22',
    )
  }
}

/** Booleans are written as Go's `true`/`false`, whatever case the user wrote. */
function checkedValue(
  info: AttributeInfo,
  text: string,
  fail: (problem: string, accepted: string) => InputError,
): string {
  const isBool = info.value === 'bool' || info.value === 'bool-or-empty'
  const value = isBool && BOOLEAN.test(text) ? text.toLowerCase() : text
  if (!isAcceptedValue(info.value, value)) {
    throw fail(`"${text}" is not accepted by BuildKit`, VALUE_ACCEPTED[info.value])
  }
  return value
}

/** How deep a `matrix` may nest: GitHub's matrices are a few levels; the scope walks them. */
export const MATRIX_MAX_DEPTH = 64

/**
 * `matrix` as given, refused when it nests deeper than MATRIX_MAX_DEPTH (brackets outside JSON
 * strings, counted without parsing: a deep value would overflow the stack of whoever walks it).
 */
export function matrixText(text: string): string {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth)
    else if (c === ']' || c === '}') depth--
  }
  if (deepest > MATRIX_MAX_DEPTH) {
    throw new InputError(
      Input.Matrix,
      `it nests ${deepest} levels deep`,
      `the default \${{ toJSON(matrix) }}, or JSON nested at most ${MATRIX_MAX_DEPTH} levels`,
    )
  }
  return text
}

/** The name among `names` within two edits of `text` (a typo), if any; the closest first. */
function nearest(text: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const name of names) {
    const distance = editDistance(text, name)
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    row = next
  }
  return row[b.length]
}

/** `extra-attrs`: one `key=value` per line; every key must be one BuildKit reads for `type`. */
export function extraAttributes(text: string, type: CacheType): Attribute[] {
  const table = ATTRIBUTES[type]
  const entries = Object.entries(table)
  const viaInputs = [...new Set(entries.flatMap(([, info]) => (info.input ? [info.input] : [])))]
  const known = `${
    entries
      .filter(([, info]) => !info.input)
      .map(([key]) => key)
      .join(', ') || '(none)'
  }; set with their own inputs: ${viaInputs.join(', ')}`
  const attrs: Attribute[] = []
  for (const [number, line] of lines(text).entries()) {
    const at = line.indexOf('=')
    // The line itself is not quoted back: it may be a credential pasted without its key.
    if (at <= 0)
      throw new InputError(
        Input.ExtraAttrs,
        `entry ${number + 1} is not key=value`,
        'one key=value per line',
      )
    const key = line.slice(0, at).trim().toLowerCase()
    const value = line.slice(at + 1).trim()
    const info = table[key]
    if (key === 'type') {
      throw new InputError(Input.ExtraAttrs, '"type" is set by the \'type\' input', known)
    }
    // What comes before "=" is never quoted back: a pasted secret that holds "=" (base64
    // padding) would be printed, lower-cased, past the runner's mask. A typo is named by the
    // attribute it is close to.
    if (!info) {
      const near = nearest(key, Object.keys(table))
      throw new InputError(
        Input.ExtraAttrs,
        `entry ${number + 1} names no attribute BuildKit reads for type ${type}${near ? ` (did you mean "${near}"?)` : ''}; it is not quoted here, as it may be a secret`,
        known,
      )
    }
    if (info.input) {
      throw new InputError(
        Input.ExtraAttrs,
        `"${key}" has its own input`,
        `set it with '${info.input}'`,
      )
    }
    if (attrs.some(([seen]) => seen === key)) {
      throw new InputError(Input.ExtraAttrs, `"${key}" is given twice`, 'each attribute once')
    }
    // A lone CR survives the split into lines; the value itself is not quoted (a credential).
    oneLine(Input.ExtraAttrs, value, `the value of "${key}"`)
    attrs.push([
      key,
      checkedValue(
        info,
        value,
        (problem, accepted) => new InputError(Input.ExtraAttrs, `${key}: ${problem}`, accepted),
      ),
    ])
  }
  return attrs
}
