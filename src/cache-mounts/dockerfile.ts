/**
 * The cache mounts a Dockerfile's RUN instructions use, read as BuildKit's Dockerfile frontend
 * reads them (docs/cache-mounts.md): parser directives (`# escape=`), comments, line
 * continuations, heredoc bodies (skipped), stages, `ARG` and `ENV` for the values of mount flags,
 * and the `--mount` flags themselves. Pure: the text and the build arguments in, the mounts and
 * warnings out.
 *
 * The frontend reads a flag twice: once as a word of the instruction (quotes removed, the escape
 * character escapes the next one, nothing expanded: builderFlags), then each value of the flag's
 * CSV fields with the stage's variables (dockerfile-word.ts processWord). A variable this code
 * cannot know (an ARG without a default that the build arguments do not set, or one the base
 * image's ENV may set) leaves the mount out with a warning naming it: the action never guesses an
 * identity.
 */
import { processWord } from './dockerfile-word.js'
import {
  type CacheMount,
  MountFlagError,
  type MountIdentity,
  identityString,
  mountIdentity,
  parseCacheMount,
} from './identity.js'

/** One logical instruction: continuations joined, heredoc bodies skipped. */
export interface Instruction {
  /** Upper case: `FROM`, `RUN`, … */
  keyword: string
  /** What follows the keyword, flags included. */
  args: string
  /** The 1-based line it starts on. */
  line: number
}

export interface FoundMount {
  mount: CacheMount
  identity: MountIdentity
  /** The stage's name, or its number from 0 when it has none. */
  stage: string
  line: number
}

export interface DockerfileMounts {
  /** One per identity (BuildKit's cache), in the order first used. */
  mounts: FoundMount[]
  /** Mounts left out, and why, each naming its line. */
  warnings: string[]
}

/** Instructions whose arguments may open heredocs (`<<EOF`), whose bodies follow the line. */
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD'])

/** A heredoc opener as a word of its own: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`. */
const HEREDOC = /(?<!\S)<<(-?)(["']?)([A-Za-z0-9_.-]+)\2(?!\S)/g

const DIRECTIVE = /^#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/

/**
 * The Dockerfile's instructions and its escape character. Directives count only before anything
 * else (a comment that is not one, an empty line or an instruction ends them).
 */
export function instructions(text: string): { escape: string; list: Instruction[] } {
  const lines = text.split(/\r?\n/)
  let escape = '\\'
  let i = 0
  const seen = new Set<string>()
  for (; i < lines.length; i++) {
    const directive = DIRECTIVE.exec(lines[i]!)
    if (!directive) break
    const name = directive[1]!.toLowerCase()
    if (seen.has(name)) break
    seen.add(name)
    if (name === 'escape') {
      const value = directive[2]!
      if (value !== '\\' && value !== '`')
        throw new Error(`line ${i + 1}: escape=${value}: the escape character must be \\ or \``)
      escape = value
    }
  }
  const continued = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`)
  const comment = /^\s*#/
  const list: Instruction[] = []
  while (i < lines.length) {
    const start = i
    let line = lines[i++]!
    if (line.trim() === '' || comment.test(line)) continue
    let joined = ''
    // Continuations: comment and empty lines inside one are dropped, as the frontend does.
    while (continued.test(line) && i < lines.length) {
      joined += line.replace(continued, '')
      do line = lines[i++]!
      while (i < lines.length && (line.trim() === '' || comment.test(line)))
    }
    joined += continued.test(line) ? line.replace(continued, '') : line
    const match = /^\s*(\S+)\s*(.*)$/s.exec(joined)!
    const keyword = match[1]!.toUpperCase()
    const args = match[2]!
    list.push({ keyword, args, line: start + 1 })
    if (!HEREDOC_INSTRUCTIONS.has(keyword)) continue
    for (const [, strip, , name] of args.matchAll(HEREDOC)) {
      while (i < lines.length) {
        const body = lines[i++]!
        if ((strip ? body.replace(/^\t+/, '') : body) === name) break
      }
    }
  }
  return { escape, list }
}

/**
 * The `--flag` words at the start of an instruction's arguments, as the frontend reads them:
 * quotes removed, the escape character taking the next character literally, nothing expanded;
 * a word `--` ends them. Returns the flags without their `--` and the rest.
 */
export function builderFlags(args: string, escape = '\\'): { flags: string[]; rest: string } {
  const flags: string[] = []
  let i = 0
  for (;;) {
    while (i < args.length && /\s/.test(args[i]!)) i++
    if (!args.startsWith('--', i)) return { flags, rest: args.slice(i) }
    let word = ''
    let quote: string | undefined
    let quoted = false
    for (; i < args.length; i++) {
      let c = args[i]!
      if (quote === undefined && /\s/.test(c)) break
      if (quote === undefined && (c === '"' || c === "'")) {
        quote = c
        quoted = true
        continue
      }
      if (c === quote) {
        quote = undefined
        continue
      }
      if (c === escape) {
        if (i + 1 === args.length) continue
        c = args[++i]!
      }
      word += c
    }
    if (word === '--') return { flags, rest: args.slice(i).trimStart() }
    if (word.length > 0 || quoted) flags.push(word.slice(2))
  }
}

/**
 * Words of an `ARG` or `ENV` instruction (`a=1 "b=two words"`), quotes kept for processWord:
 * split at blanks outside quotes.
 */
function assignmentWords(args: string, escape: string): string[] {
  const words: string[] = []
  let word = ''
  let quote: string | undefined
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!
    if (quote === undefined && /\s/.test(c)) {
      if (word) words.push(word)
      word = ''
      continue
    }
    if (c === escape && i + 1 < args.length) {
      word += c + args[++i]!
      continue
    }
    if (quote === undefined && (c === '"' || c === "'")) quote = c
    else if (c === quote) quote = undefined
    word += c
  }
  if (word) words.push(word)
  return words
}

interface Stage {
  name?: string
  /** Variables with a value: ARGs given one, ENVs. */
  env: Map<string, string>
  /**
   * Whether variables this code does not see may have values: a base image's ENV (not `scratch`,
   * not a stage of this Dockerfile).
   */
  imageEnv: boolean
}

/** A map that records the names asked for and not found. */
class Tracking extends Map<string, string> {
  readonly missing = new Set<string>()
  override get(name: string): string | undefined {
    const value = super.get(name)
    if (value === undefined) this.missing.add(name)
    return value
  }
}

/**
 * Every cache mount of every stage of `text`, with BuildKit's identity. `buildArgs` are the
 * build's `--build-arg` values (`BUILDKIT_CACHE_MOUNT_NS` among them names the namespace);
 * `file` names the Dockerfile in warnings.
 */
export function findCacheMounts(
  text: string,
  buildArgs: ReadonlyMap<string, string> = new Map(),
  file = 'Dockerfile',
): DockerfileMounts {
  const { escape, list } = instructions(text)
  const namespace = buildArgs.get('BUILDKIT_CACHE_MOUNT_NS') ?? ''
  const warnings: string[] = []
  const found = new Map<string, FoundMount>()
  const globalArgs = new Map<string, string>()
  const stages: Stage[] = []
  let stage: Stage | undefined
  const at = (line: number) => `${file}:${line}`

  for (const instruction of list) {
    const { keyword, args, line } = instruction
    if (keyword === 'FROM') {
      const { rest } = builderFlags(args, escape)
      const [image = '', as, name] = rest.trim().split(/\s+/)
      const expanded = processWord(image, globalArgs, escape)
      const base = stages.find((s) => s.name !== undefined && s.name === expanded.toLowerCase())
      stage = {
        ...(as?.toLowerCase() === 'as' && name ? { name: name.toLowerCase() } : {}),
        env: new Map(base?.env ?? []),
        imageEnv: base ? base.imageEnv : expanded.toLowerCase() !== 'scratch',
      }
      stages.push(stage)
      continue
    }
    if (keyword === 'ARG') {
      declareArgs(assignmentWords(args, escape), stage?.env ?? globalArgs, {
        ...(stage ? { globalArgs } : {}),
        buildArgs,
        escape,
      })
      continue
    }
    if (!stage) continue
    if (keyword === 'ENV') {
      setEnv(stage.env, assignmentWords(args, escape), escape)
      continue
    }
    if (keyword !== 'RUN') continue
    const stageName = stage.name ?? String(stages.length - 1)
    for (const flag of builderFlags(args, escape).flags) {
      if (!flag.toLowerCase().startsWith('mount=')) continue
      const value = flag.slice('mount='.length)
      const read = readMount(value, stage, stages, escape)
      if ('warning' in read) {
        warnings.push(`${at(line)}: ${read.warning}`)
        continue
      }
      const { mount } = read
      if (!mount) continue
      const identity = mountIdentity(mount, namespace)
      const key = identityString(identity)
      if (!found.has(key)) found.set(key, { mount, identity, stage: stageName, line })
    }
  }
  return { mounts: [...found.values()], warnings }
}

/**
 * An `ARG` instruction's words: each name takes the build's `--build-arg`, else its default, else
 * (in a stage) the global ARG of that name; a name with none of these is unset.
 */
function declareArgs(
  words: readonly string[],
  env: Map<string, string>,
  o: {
    globalArgs?: ReadonlyMap<string, string>
    buildArgs: ReadonlyMap<string, string>
    escape: string
  },
): void {
  for (const word of words) {
    const eq = word.indexOf('=')
    const name = eq < 0 ? word : word.slice(0, eq)
    const value =
      o.buildArgs.get(name) ??
      (eq >= 0 ? processWord(word.slice(eq + 1), env, o.escape) : o.globalArgs?.get(name))
    if (value !== undefined) env.set(name, value)
    else env.delete(name)
  }
}

/** An `ENV` instruction's words, in either form. */
function setEnv(env: Map<string, string>, words: readonly string[], escape: string): void {
  if (words.length > 0 && !words[0]!.includes('=')) {
    // The old form: `ENV name value with spaces`.
    env.set(words[0]!, processWord(words.slice(1).join(' '), env, escape))
    return
  }
  for (const word of words) {
    const eq = word.indexOf('=')
    if (eq > 0) env.set(word.slice(0, eq), processWord(word.slice(eq + 1), env, escape))
  }
}

/**
 * One `--mount` value of a RUN in `stage`: the cache mount it declares (none for other mount
 * types), or why it is left out.
 */
function readMount(
  value: string,
  stage: Stage,
  stages: readonly Stage[],
  escape: string,
): { mount?: CacheMount } | { warning: string } {
  const env = new Tracking(stage.env)
  let mount: CacheMount | undefined
  let refused: string | undefined
  try {
    mount = parseCacheMount(value, (v) => processWord(v, env, escape))
  } catch (error) {
    refused = error instanceof MountFlagError ? error.message : String(error)
  }
  // A value this code cannot know explains a refusal too (an empty target, say).
  if (env.missing.size === 0 && refused !== undefined) {
    return { warning: `${refused}; BuildKit would refuse it too: left out` }
  }
  if (env.missing.size > 0 && (mount !== undefined || refused !== undefined)) {
    const names = [...env.missing].map((n) => `$${n}`).join(', ')
    const why = stage.imageEnv
      ? 'no value this action can know (an ARG without a default that build-args does not set, or the base image’s ENV)'
      : 'no value here (an ARG without a default that build-args does not set; a global ARG must be declared again in the stage)'
    return {
      warning: `the cache mount "${value}" uses ${names}, which has ${why}: left out, not guessed`,
    }
  }
  if (mount?.from !== undefined && stages.some((s) => s.name === mount.from!.toLowerCase())) {
    return {
      warning: `the cache mount "${value}" takes its base from the stage "${mount.from}", which the action's own builds cannot reproduce: left out`,
    }
  }
  return mount ? { mount } : {}
}
