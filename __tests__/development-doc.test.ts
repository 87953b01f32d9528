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
})
