/** The job summary (src/prune/summary.ts) and the inventory it shows (src/prune/inventory.ts). */
import { noRequests } from '../../src/prune/run-context.js'
import { describe, expect, it } from '@jest/globals'
import { inventory, scopeCollisions } from '../../src/prune/inventory.js'
import { plan } from '../../src/prune/planner.js'
import { escapeCell } from '../../src/markdown.js'
import { renderSummary, requestsLine } from '../../src/prune/summary.js'
import { formatBytes } from '../../src/units.js'
import { DAY, FEATURE, HOUR, MAIN, MINUTE, NOW, World, policy } from './world.js'

function example() {
  const w = new World()
  w.index('m#1', MAIN, 'app', 1, ['a', 'b'], { age: 5 * DAY, size: 10 })
  w.index('m#2', MAIN, 'app', 2, ['a', 'c'], { age: 4 * DAY, size: 10 })
  w.index('t#1', MAIN, 'tools', 1, ['a'], { age: 4 * DAY, size: 10 })
  w.blob('a', MAIN, 'a', { age: 5 * DAY, size: 1000 })
  w.blob('b', MAIN, 'b', { age: 5 * DAY, size: 2000 })
  w.blob('c', MAIN, 'c', { age: 4 * DAY, size: 3000 })
  w.index('f#1', FEATURE, 'app', 1, undefined, { age: 3 * DAY, size: 10 })
  w.blob('f', FEATURE, 'f', { age: 3 * DAY, size: 500 })
  w.other('npm', MAIN, 'npm-cache', 'f'.repeat(64), { size: 7000 })
  return w
}

describe('inventory', () => {
  it('counts generations and live blobs per (ref, scope), unreferenced blobs per ref, and reasons', () => {
    const w = example()
    const p = plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy({ limitBytes: 100_000, targetBytes: 90_000 }),
      now: NOW,
      complete: true,
    })
    const inv = inventory(p)
    expect(inv.scopes).toEqual([
      {
        ref: FEATURE,
        scope: 'app',
        generations: 1,
        liveGenerations: 1,
        read: 'not-readable',
        deleted: { count: 0, bytes: 0 },
      },
      {
        ref: MAIN,
        scope: 'app',
        generations: 2,
        liveGenerations: 1,
        read: 'read',
        liveBlobs: { count: 2, bytes: 4000 },
        deleted: { count: 1, bytes: 10 },
      },
      {
        ref: MAIN,
        scope: 'tools',
        generations: 1,
        liveGenerations: 1,
        read: 'read',
        liveBlobs: { count: 1, bytes: 1000 },
        deleted: { count: 0, bytes: 0 },
      },
    ])
    expect(inv.refs).toEqual([
      { ref: FEATURE, entries: { count: 2, bytes: 510 }, deleted: { count: 0, bytes: 0 } },
      {
        ref: MAIN,
        entries: { count: 6, bytes: 6030 },
        unreferencedBlobs: { count: 1, bytes: 2000 },
        deleted: { count: 2, bytes: 2010 },
      },
    ])
    expect(inv.reasons).toEqual([
      { verdict: 'delete', reason: 'unreferenced', tally: { count: 1, bytes: 2000 } },
      { verdict: 'delete', reason: 'superseded', tally: { count: 1, bytes: 10 } },
      { verdict: 'keep', reason: 'foreign', tally: { count: 1, bytes: 7000 } },
      { verdict: 'keep', reason: 'referenced', tally: { count: 2, bytes: 4000 } },
      { verdict: 'keep', reason: 'not-pruned-here', tally: { count: 1, bytes: 500 } },
      { verdict: 'keep', reason: 'newest-generation', tally: { count: 3, bytes: 30 } },
    ])
  })

  it('marks a scope whose live index could not be read', () => {
    const w = new World()
    w.index('m#1', MAIN, 'app', 1, 'failed-read', { age: DAY })
    const inv = inventory(
      plan({ entries: w.entries, indexes: w.reads, policy: policy(), now: NOW, complete: false }),
    )
    expect(inv.scopes[0].read).toBe('failed')
    expect(inv.scopes[0].liveBlobs).toBeUndefined()
  })

  it('finds scopes exported more than once since the job started', () => {
    const w = new World()
    w.index('web#1', MAIN, 'web', 1, [], { age: 2 * HOUR })
    w.index('web#2', MAIN, 'web', 2, [], { age: 20 * MINUTE })
    w.index('web#3', MAIN, 'web', 3, [], { age: 5 * MINUTE })
    w.index('api#1', MAIN, 'api', 1, [], { age: 5 * MINUTE })
    w.index('other-ref', FEATURE, 'web', 1, [], { age: 5 * MINUTE })
    const p = plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy(),
      now: NOW,
      complete: false,
    })
    expect(scopeCollisions(p, MAIN, NOW - HOUR)).toEqual([{ scope: 'web', generations: 2 }])
    expect(scopeCollisions(p, MAIN, NOW - 10 * MINUTE)).toEqual([])
  })
})

describe('renderSummary', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1_536_000, '1.5 MB'],
    [9e9, '9.0 GB'],
    [10e9, '10.0 GB'],
    [123e9, '123 GB'],
    [5e15, '5000 TB'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it.each([
    ['refs/heads/main', 'refs/heads/main'],
    ['a|b', 'a&#124;b'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['x`y', 'x&#96;y'],
    ['a & b', 'a &amp; b'],
    ['one\ntwo', 'one two'],
    // A lone CR ends a Markdown line too (CommonMark "line ending"): it would end the table row.
    ['one\rtwo', 'one two'],
    ['one\r\ntwo', 'one two'],
    ['a\r\n\r# heading', 'a  # heading'],
    ['[docs](https://evil.example)', '&#91;docs&#93;(https&#58;//evil.example)'],
    ['![x](https://evil.example/p.png)', '!&#91;x&#93;(https&#58;//evil.example/p.png)'],
    // Keys and scopes from the listing render as literal text: no emphasis, strike-through,
    // autolinks or mentions (a fork writes any key), no control or bidi characters.
    ['index-**bold**-1', 'index-&#42;&#42;bold&#42;&#42;-1'],
    ['__x__ ~~gone~~', '&#95;&#95;x&#95;&#95; &#126;&#126;gone&#126;&#126;'],
    ['see https://evil.example', 'see https&#58;//evil.example'],
    ['www.evil.example', 'www&#46;evil.example'],
    ['mail me@evil.example', 'mail me&#64;evil.example'],
    ['a\\*b', 'a&#92;&#42;b'],
    ['esc\u001b[31mred', 'esc&#92;u{001B}&#91;31mred'],
    ['abc\u202Eexe.txt', 'abc&#92;u{202E}exe.txt'],
    ['nul\u0000end', 'nul&#92;u{0000}end'],
  ])('escapeCell(%j) = %j', (text, escaped) => {
    expect(escapeCell(text)).toBe(escaped)
  })

  it('shows usage against the limit, the scopes, the refs, the reasons, the deletions and the warnings', () => {
    const w = example()
    w.other('evil', 'refs/heads/x|<b>', `index-a|b-1-${'0'.repeat(8)}#1`, 'f'.repeat(64), {})
    const p = plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy({ limitBytes: 20_000, targetBytes: 18_000 }),
      now: NOW,
      complete: true,
    })
    const markdown = renderSummary({
      title: 'BuildKit cache: post step',
      dryRun: false,
      usage: {
        beforeBytes: p.usageBeforeBytes,
        afterBytes: p.usageAfterBytes,
        limitBytes: 20_000,
        targetBytes: 18_000,
        budget: p.budget,
      },
      inventory: inventory(p),
      deleted: p.deletions,
      execution: { failed: 1, skipped: 2, missing: 0, stopped: 'permission-denied' },
      warnings: ['the github-token may not delete caches'],
    })
    expect(markdown).toContain('## BuildKit cache: post step\n')
    expect(markdown).toContain('> :warning: the github-token may not delete caches')
    expect(markdown).toContain('| before | 13.6 kB | 68% |')
    expect(markdown).toContain('| after | 11.6 kB | 58% |')
    expect(markdown).toContain('| limit | 20.0 kB | 100% |')
    expect(markdown).toContain('Budget: under the target.')
    expect(markdown).toContain('**Deleted 2 entries, 2.0 kB.**')
    expect(markdown).toContain('1 failed; 2 were not attempted; stopped: permission-denied.')
    expect(markdown).toContain(
      '| <code>refs/heads/main</code> | <code>app</code> | 2 (1) | 2 (4.0 kB) | 1 (10 B) |',
    )
    expect(markdown).toContain(
      '| <code>refs/heads/feature</code> | <code>app</code> | 1 (1) | not readable from this job | 0 |',
    )
    expect(markdown).toContain(
      '| <code>refs/heads/main</code> | 6 (6.0 kB) | 1 (2.0 kB) | 2 (2.0 kB) |',
    )
    expect(markdown).toContain('| delete | no live index references it | 5 | 1 (2.0 kB) |')
    expect(markdown).toContain("| keep | not BuildKit's or this action's | 1 | 2 (7.1 kB) |")
    expect(markdown).toMatch(
      /<details><summary>Deleted entries<\/summary>\n\n\| Key \| Ref \| Size \| Reason \|/,
    )
    // Nothing that came from the cache can open a tag or a table cell.
    expect(markdown).not.toContain('<b>')
    expect(markdown).not.toMatch(/x\|</)
  })

  it('says what a dry run would do, and cuts long tables', () => {
    const w = new World()
    for (let i = 0; i < 30; i++) w.blob(`b${i}`, MAIN, `b${i}`, { age: 9 * DAY })
    const p = plan({
      entries: w.entries,
      indexes: w.reads,
      policy: policy(),
      now: NOW,
      complete: false,
    })
    const markdown = renderSummary({
      title: 'prune',
      dryRun: true,
      inventory: inventory(p),
      deleted: p.deletions,
      warnings: [],
      maxRows: 5,
    })
    expect(markdown).toContain('## prune (dry run)')
    expect(markdown).toContain('**Would delete 30 entries, 3.0 kB.**')
    expect(markdown).toContain('| would delete | no live index references it | 5 | 30 (3.0 kB) |')
    expect(markdown).toContain('| … and 10 more |')
    expect(markdown.match(/<code>buildkit-blob-1-/g)).toHaveLength(20)
  })
})

describe('requestsLine', () => {
  const none = noRequests()
  it('says what the run cost, kinds it made only, in the order a run makes them', () => {
    expect(requestsLine({ ...none, deletes: 2, usage: 1, listPages: 9 })).toBe(
      'Requests: 12 (1 usage query, 9 listing pages, 2 deletes).',
    )
    expect(requestsLine(none)).toBe('Requests: 0.')
  })
})
