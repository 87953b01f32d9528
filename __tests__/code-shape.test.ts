import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import ts from 'typescript'

/**
 * The shape docs/development.md promises a newcomer: files small enough to read whole, functions
 * that fit on a screen (or say why not), and a pruning core that does not reach into the steps.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const MAX_FILE_LINES = 400
const MAX_FUNCTION_LINES = 80

function sources(): { path: string; text: string }[] {
  return readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => {
      const path = join(e.parentPath, e.name)
      return { path: relative(ROOT, path), text: readFileSync(path, 'utf8') }
    })
}

interface LongFunction {
  where: string
  lines: number
  /** The comment before it says why it is long. */
  explained: boolean
}

/** Functions of `text` over `limit` lines, with whether the comment before each explains it. */
function longFunctions(path: string, text: string, limit: number): LongFunction[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)
  const found: LongFunction[] = []
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart()) + 1
      if (lines > limit) {
        // The comment that introduces it: its own, or its variable statement's for an arrow.
        const holder =
          ts.isVariableDeclaration(node.parent) && node.parent.parent.parent
            ? node.parent.parent.parent
            : node
        const leading = text.slice(holder.getFullStart(), holder.getStart())
        const name = ts.isVariableDeclaration(node.parent)
          ? node.parent.name.getText()
          : ((node as ts.FunctionDeclaration).name?.getText() ?? '(anonymous)')
        found.push({
          where: `${path}:${lineOf(node.getStart()) + 1} ${name}`,
          lines,
          explained: /\bLong\b/.test(leading),
        })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

describe('the shape of src/', () => {
  const files = sources()

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => ({ path: f.path, lines: f.text.split('\n').length }))
      .filter((f) => f.lines > MAX_FILE_LINES)
    expect(long).toEqual([])
  })

  it(`has no function over ${MAX_FUNCTION_LINES} lines whose comment does not say why it is long`, () => {
    const unexplained = files
      .flatMap((f) => longFunctions(f.path, f.text, MAX_FUNCTION_LINES))
      .filter((f) => !f.explained)
    expect(unexplained).toEqual([])
  })

  it('finds a long function, and takes a comment saying "Long" as its reason (the check can fail)', () => {
    const body = Array.from({ length: 85 }, (_, i) => `  const v${i} = ${i}`).join('\n')
    const plain = `export function big(): void {\n${body}\n}\n`
    expect(longFunctions('x.ts', plain, MAX_FUNCTION_LINES)).toEqual([
      { where: 'x.ts:1 big', lines: 87, explained: false },
    ])
    const arrow = `/** Long: a table. */\nconst big = () => {\n${body}\n}\n`
    expect(longFunctions('x.ts', arrow, MAX_FUNCTION_LINES)).toEqual([
      { where: 'x.ts:2 big', lines: 87, explained: true },
    ])
  })

  it('keeps the pruning core out of the step layer: src/prune imports neither the inputs nor the state', () => {
    const reaching = files
      .filter((f) => f.path.startsWith(join('src', 'prune')))
      .flatMap((f) =>
        [...f.text.matchAll(/from '([^']+)'/g)]
          .map((m) => m[1]!)
          .filter((spec) => /(^|\/)(inputs(\.js|\/)|state\.js$|steps\/)/.test(spec))
          .map((spec) => `${f.path} imports ${spec}`),
      )
    expect(reaching).toEqual([])
  })
})
