import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { REASONS, RULE_TITLES } from '../../src/prune/rules.js'
import { RECHECK_INTERVAL_MS } from '../../src/prune/executor.js'
import { MAX_INDEX_BYTES } from '../../src/prune/index-reader.js'
import { POST_TIME_LIMIT_MS, PRUNE_TIME_LIMIT_MS } from '../../src/prune/request.js'

/**
 * The rule table (src/prune/rules.ts) and the rulebook (docs/pruning-rules.md) say the same: a rule
 * renumbered or renamed in one place, or a reason moved to another rule, fails here.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const book = readFileSync(join(ROOT, 'docs', 'pruning-rules.md'), 'utf8')

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  )
}

describe('the rule table', () => {
  it("names the rulebook's numbered headings, in order", () => {
    const headings = [...book.matchAll(/^## (\d+)\. (.+)$/gm)].map((m) => [Number(m[1]), m[2]])
    expect(headings).toEqual(RULE_TITLES.map((title, n) => [n, title]))
  })

  it("gives every reason the rule and verdict of the rulebook's reasons table", () => {
    const section = book.slice(book.indexOf('## Reasons'))
    const rows = [...section.matchAll(/^\| `([a-z-]+)` +\| (\d+) +\| (keep|delete) +\|$/gm)].map(
      (m) => [m[1], { rule: Number(m[2]), verdict: m[3] }],
    )
    const table = Object.entries(REASONS).map(([reason, row]) => [
      reason,
      { rule: row.rule, verdict: row.verdict },
    ])
    expect(rows).toEqual(table)
  })

  it('is cited by number only for rules that exist', () => {
    const cited = new Map<string, string[]>()
    for (const file of sources('src')) {
      const text = readFileSync(join(ROOT, file), 'utf8')
      for (const m of text.matchAll(/\brules? (\d+)((?:(?:, | and | to )\d+)*)/g)) {
        for (const n of [m[1]!, ...(m[2]!.match(/\d+/g) ?? [])]) {
          if (Number(n) >= RULE_TITLES.length) cited.set(file, [...(cited.get(file) ?? []), n])
        }
      }
    }
    expect(Object.fromEntries(cited)).toEqual({})
  })
})

describe("the rulebook's figures", () => {
  /** The text of rule `n`, up to the next heading. */
  const rule = (n: number) => {
    const start = book.indexOf(`## ${n}. `)
    return book.slice(start, book.indexOf('\n## ', start + 1)).replace(/\s+/g, ' ')
  }

  // Each figure is stated once, in its rule; the other documents link there.
  it.each([
    [4, `at most ${MAX_INDEX_BYTES / 1024 / 1024} MiB`],
    [10, `started ${RECHECK_INTERVAL_MS / 1000} seconds ago`],
    [
      12,
      `(${POST_TIME_LIMIT_MS / 60_000} minutes in the post step, ${PRUNE_TIME_LIMIT_MS / 60_000} in \`prune\`)`,
    ],
  ])('rule %i says what the code does: %s', (n, words) => {
    expect(rule(n)).toContain(words)
  })
})
