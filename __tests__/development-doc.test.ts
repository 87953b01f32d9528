import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'

/** docs/development.md's layout table names what is in the tree, and the tree holds what it names. */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const doc = readFileSync(join(ROOT, 'docs', 'development.md'), 'utf8')
const layout = doc.slice(
  doc.indexOf('## Layout'),
  doc.indexOf('\n## ', doc.indexOf('## Layout') + 1),
)

/** `src/entrypoints/{main,post}.ts` → both paths. */
function expand(path: string): string[] {
  const brace = /\{([^}]*)\}/.exec(path)
  if (!brace) return [path]
  return brace[1]!.split(',').flatMap((part) => expand(path.replace(brace[0], part)))
}

const listed = layout
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
  .flatMap(expand)

describe('docs/development.md layout', () => {
  it('lists only paths that exist', () => {
    expect(listed.length).toBeGreaterThan(10)
    expect(listed.filter((path) => !existsSync(join(ROOT, path)))).toEqual([])
  })

  it.each([['src'], ['dev']])('lists every file and folder directly under %s/', (top) => {
    const present = readdirSync(join(ROOT, top), { withFileTypes: true }).map(
      (e) => `${top}/${e.name}${e.isDirectory() ? '/' : ''}`,
    )
    // A folder is listed itself or through the files in it that are.
    const covered = (path: string) =>
      listed.includes(path) || (path.endsWith('/') && listed.some((l) => l.startsWith(path)))
    expect(present.filter((path) => !covered(path))).toEqual([])
  })

  it('has test folders that mirror the code: __tests__/<folder> for src/<folder>, __tests__/dev/<folder> for dev/<folder>', () => {
    const folders = (dir: string) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    // Folders that test across the tree, or hold what the suites share.
    const across = ['bench', 'dev', 'e2e', 'fixtures', 'helpers', 'integration']
    const src = new Set(folders('src'))
    expect(folders('__tests__').filter((f) => !across.includes(f) && !src.has(f))).toEqual([])
    const dev = new Set(folders('dev'))
    expect(folders('__tests__/dev').filter((f) => !dev.has(f))).toEqual([])
  })
})

describe('the project stands alone', () => {
  /** Every file path a comment or doc names, with where it was named. */
  function citedPaths(): { where: string; path: string }[] {
    const files = [
      ...readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => join(e.parentPath, e.name)),
      ...readdirSync(join(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(ROOT, 'docs', name)),
      join(ROOT, 'README.md'),
    ]
    const cited: { where: string; path: string }[] = []
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((line, i) => {
        // Imports name modules, not citations; URLs name pages.
        if (/^\s*(import|export)\b.*\bfrom\s+'|^\s*\} from '|import\('/.test(line)) return
        const text = line.replace(/https?:\/\/\S+/g, '')
        for (const m of text.matchAll(
          /(?<![\w@/.$-])((?:[\w.-]+\/)*[\w.-]+\.(?:go|ts|js|mjs|md|yml|json))\b/g,
        )) {
          cited.push({ where: `${file.slice(ROOT.length + 1)}:${i + 1}`, path: m[1]! })
        }
      })
    }
    return cited
  }

  it('cites no file outside the repository in src/, docs/ or the README', () => {
    const known = (path: string, where: string) => {
      const from = dirname(join(ROOT, where.split(':')[0]!))
      return [join(ROOT, path), join(from, path), join(ROOT, 'docs', path)].some(
        (p) => existsSync(p) || existsSync(p.replace(/\.js$/, '.ts')),
      )
    }
    const cited = citedPaths()
    expect(cited.length).toBeGreaterThan(20)
    // A bare file name (index.json, action.yml) is a name, not a citation; a path must exist here,
    // but for the workflow files the docs show how to write.
    const outside = cited.filter(
      ({ path, where }) =>
        (path.includes('/') || path.endsWith('.go')) &&
        !path.startsWith('.github/workflows/') &&
        !known(path, where),
    )
    expect(outside).toEqual([])
  })
})
