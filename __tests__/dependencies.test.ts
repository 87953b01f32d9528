import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import ts from 'typescript'

/**
 * Each dependency is declared where it is used: what the action's code (src/) imports is a
 * runtime dependency and every runtime dependency is imported there; what only the development
 * tools (dev/, bench/, scripts/, tests) import is a development dependency.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

/** A package name from an import specifier; undefined for relative paths and Node's own modules. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('node:')) return undefined
  const parts = spec.split('/')
  if (builtinModules.includes(parts[0]!)) return undefined
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
}

/**
 * The packages files import, as TypeScript parses them: `values` from imports that stay in the
 * emitted code (static, dynamic, re-exports), `types` from `import type` alone.
 */
function imported(files: string[]): { values: Set<string>; types: Set<string> } {
  const values = new Set<string>()
  const types = new Set<string>()
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
    const visit = (node: ts.Node): void => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const name = packageOf(node.moduleSpecifier.text)
        const typeOnly = ts.isImportDeclaration(node)
          ? node.importClause?.isTypeOnly === true
          : node.isTypeOnly
        if (name) (typeOnly ? types : values).add(name)
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        const name = packageOf(node.arguments[0].text)
        if (name) values.add(name)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { values, types }
}

const declared = (name: string) => name in pkg.dependencies || name in pkg.devDependencies

describe('package.json', () => {
  const src = imported(sources('src'))

  it('declares as runtime dependencies exactly the packages src/ imports at run time', () => {
    expect([...src.values].sort()).toEqual(Object.keys(pkg.dependencies).sort())
  })

  it('declares every package imported for its types alone, or by the development tools', () => {
    const tools = imported(['dev', 'bench', 'scripts', '__tests__'].flatMap(sources))
    const all = [...src.types, ...tools.values, ...tools.types]
    expect([...new Set(all.filter((name) => !declared(name)))]).toEqual([])
  })
})
