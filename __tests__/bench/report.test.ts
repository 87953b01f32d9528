/** bench/stats.ts, bench/svg-chart.ts and bench/report.ts: tables, charts and the markdown report. */
import { describe, expect, it } from '@jest/globals'
import type { ArmResult } from '../../bench/cache-effectiveness.js'
import type { StartupResult } from '../../bench/startup.js'
import {
  checkGoals,
  checkStartupGoal,
  effectivenessChart,
  excessOverLive,
  gapToUnlimited,
  postStepTable,
  renderMarkdown,
} from '../../bench/report.js'
import { formatBytes, formatPercent, markdownTable, median, quantile } from '../../bench/stats.js'
import { barChartSvg } from '../../bench/svg-chart.js'

describe('stats', () => {
  it.each([
    [[3], 3],
    [[1, 2, 3, 4], 2.5],
    [[5, 1, 3], 3],
  ])('median(%j) = %f', (values, expected) => {
    expect(median(values)).toBe(expected)
  })

  it.each([
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 0.5, 3],
    [[1, 2, 3, 4, 5], 0.9, 4.6],
    [[10], 0.9, 10],
  ])('quantile(%j, %f) = %f', (values, q, expected) => {
    expect(quantile(values, q)).toBeCloseTo(expected)
  })

  it.each([
    [() => median([]), 'median of no values'],
    [() => quantile([], 0.5), 'quantile of no values'],
    [() => quantile([1], 1.5), 'quantile 1.5 is outside 0..1'],
  ])('rejects bad input %#', (call, message) => {
    expect(call).toThrow(message)
  })

  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1500, '1.5 kB'],
    [10_737_418_240, '10.7 GB'],
    [250e9, '250 GB'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('formats percentages and escapes table cells', () => {
    expect(formatPercent(0.5987)).toBe('59.9 %')
    expect(markdownTable(['a', 'b'], [['x|y', 1]])).toBe('| a | b |\n| --- | --- |\n| x\\|y | 1 |')
  })
})

describe('barChartSvg', () => {
  const svg = barChartSvg({
    title: 'T <&>',
    unit: 'ms',
    groups: [
      {
        label: 'g1',
        bars: [
          { series: 'a', value: 50 },
          { series: 'b', value: 100 },
        ],
      },
      { label: 'g2', bars: [{ series: 'a', value: 25 }] },
    ],
  })
  it('draws bars proportional to the largest value, with a legend entry per series', () => {
    const widths = [...svg.matchAll(/<rect x="160" y="(?!30")\d+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    )
    expect(widths).toEqual([210, 420, 105])
    expect(svg.match(/<text x="\d+" y="40">/g)).toHaveLength(2)
    expect(svg).toContain('T &lt;&amp;&gt;')
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
  })
})

const arm = (name: string, shares: number[], extra: Partial<ArmResult> = {}): ArmResult => ({
  arm: name,
  limitBytes: 10 * 1024 ** 3,
  scopes: ['api', 'worker', 'tools'].map((scope, i) => ({
    scope,
    builds: 10,
    steps: 100,
    cached: shares[i] * 100,
    cacheShare: shares[i],
    bytesRebuilt: 1e9,
    blobNotFound: i,
    afterIdle: { builds: 2, steps: 20, cached: 10 + i, blobNotFound: i },
  })),
  peakBytes: 12e9,
  storedGbDays: 300,
  liveGbDays: 100,
  resolvedLiveGbDays: 120,
  evicted: 5,
  expired: 1,
  pruned: 0,
  concurrentPrunes: 0,
  requests: 1000,
  wallMs: 1,
  ...extra,
})

describe('report', () => {
  const lru = arm('GitHub eviction alone', [0.55, 0.3, 0.1])
  const pruning = arm('with pruning', [0.595, 0.6, 0.64], { pruned: 40 })
  const unlimited = arm('unlimited', [0.6, 0.61, 0.66], { limitBytes: Number.MAX_SAFE_INTEGER })

  it('computes each scope’s gap to the unlimited cache in percentage points', () => {
    expect(gapToUnlimited(lru, unlimited).map((g) => [g.scope, Math.round(g.points)])).toEqual([
      ['api', 5],
      ['worker', 31],
      ['tools', 56],
    ])
  })

  it('renders the tables and the headline per arm', () => {
    const md = renderMarkdown({
      generatedAt: '2026-01-19T00:00:00Z',
      machine: 'test',
      command: 'npm run bench',
      effectiveness: {
        days: 30,
        seed: 1,
        builds: 30,
        defaultLimit: [lru, pruning, unlimited],
        raisedLimit: [arm('raised limit, with pruning', [0.6, 0.6, 0.6], { storedGbDays: 110 })],
      },
      extra: [{ title: '2. Pruning cost', markdown: '# Pruning cost\n\n| n | calls |' }],
    })
    expect(md).toContain(
      '- **GitHub eviction alone**: worst scope tools, 56.0 percentage points below the unlimited cache; 3 "blob not found" events.',
    )
    expect(md).toContain(
      '- **with pruning**: worst scope tools, 2.0 percentage points below the unlimited cache; 3 "blob not found" events.',
    )
    expect(md).toContain('| api | with pruning | 10 | 59.5 % | 1.0 GB | 0 |')
    expect(md).toContain(
      '- **raised limit, with pruning**: stores 1.10× its live set (GB-days), 0.92× what its live indexes resolve to; peak 12.0 GB.',
    )
    expect(md).toContain('## 2. Pruning cost\n\n| n | calls |')
    expect(md).toContain('| unlimited | none |')
  })

  const noMisses = (name: string, shares: number[], extra: Partial<ArmResult> = {}) => {
    const a = arm(name, shares, extra)
    return {
      ...a,
      scopes: a.scopes.map((sc) => ({
        ...sc,
        blobNotFound: 0,
        afterIdle: { ...sc.afterIdle, blobNotFound: 0 },
      })),
    }
  }
  const effectiveness = (
    pruned: ArmResult,
    raised: ArmResult[],
  ): Parameters<typeof checkGoals>[0] => ({
    days: 30,
    seed: 1,
    builds: 30,
    defaultLimit: [lru, pruned, unlimited],
    raisedLimit: raised,
  })

  it.each([
    // every goal met
    [noMisses('with pruning', [0.59, 0.6, 0.65]), 119, [true, true, true]],
    // a scope 2.1 points below, one miss, 1.21×
    [arm('with pruning', [0.59, 0.589, 0.65]), 121, [false, false, false]],
    // exactly on each bound
    [noMisses('with pruning', [0.58, 0.59, 0.64]), 120, [true, true, true]],
  ])('checks each goal against the run %#', (pruned, stored, met) => {
    const raised = noMisses('raised limit, with pruning', [0.6, 0.6, 0.6], { storedGbDays: stored })
    const goals = checkGoals(effectiveness(pruned, [raised]))
    expect(goals.map((g) => g.met)).toEqual(met)
    expect(goals[2].measured).toBe(
      `${(stored / 100).toFixed(2)}× (${(stored / 120).toFixed(2)}× what the live indexes resolve to)`,
    )
  })

  it('counts "blob not found" in every pruning arm and scope, and names where', () => {
    const goals = checkGoals(
      effectiveness(noMisses('with pruning', [0.59, 0.6, 0.65]), [
        arm('raised limit, with pruning', [0.6, 0.6, 0.6]),
      ]),
    )
    expect(goals[1]).toEqual({
      goal: 'with pruning, no "blob not found" in any arm or scope (idle pull requests and exports during prunes included)',
      measured: 'raised limit, with pruning, worker: 1; raised limit, with pruning, tools: 2',
      met: false,
    })
    const met = checkGoals(effectiveness(noMisses('with pruning', [0.59, 0.6, 0.65]), []))
    expect(met[1].measured).toBe('0 in 1 arms × 3 scopes')
  })

  it('has no goal to check for an arm the run did not have', () => {
    expect(checkGoals({ ...effectiveness(pruning, []), defaultLimit: [lru] })).toEqual([])
  })

  it('splits the excess over the live set into copies and what pruning keeps', () => {
    expect(excessOverLive(arm('x', [0, 0, 0]))).toEqual({ copies: 20, kept: 180 })
  })

  it('reports an unmet goal as unmet, with where the bytes went', () => {
    const md = renderMarkdown({
      generatedAt: '2026-01-19T00:00:00Z',
      machine: 'test',
      command: 'npm run bench',
      effectiveness: effectiveness(noMisses('with pruning', [0.59, 0.6, 0.65]), [
        arm('raised limit, with pruning', [0.6, 0.6, 0.6], {
          storedGbDays: 150,
          keptForOtherRefsGbDays: 12.34,
          keptPastTwoDaysGbDays: 5.6,
          concurrentPrunes: 7,
        }),
        arm('raised limit, eviction alone', [0.6, 0.6, 0.6]),
      ]),
      extra: [],
    })
    expect(md).toContain(
      '| at a raised limit, with pruning (default inputs), stored GB-days at most 1.2× the live set | 1.50× (1.25× what the live indexes resolve to) | **no** |',
    )
    expect(md).toContain(
      'stores 50 GB-days beyond the live set. 20 of them (40 %) are pull requests',
    )
    expect(md).toContain('The other 30 (60 %) are kept on purpose')
    expect(md).toContain(
      '**raised limit, with pruning.** Idle pull requests (6 builds after one to six idle days, on the base they had): 55.0 % of their layers from cache and 3 "blob not found" with pruning, against 55.0 % and 3 with GitHub\'s eviction alone. Keeping what live indexes of other refs may use for as long as they live cost 12.3 GB-days (layers the pruned refs kept only for them), of which 5.6 GB-days were last used more than two days before: what a two-day bound would have deleted under those indexes. 7 post steps ran while the next build exported.',
    )
  })

  it('charts every arm for every scope', () => {
    const svg = effectivenessChart([lru, pruning, unlimited])
    expect(svg.match(/<rect x="160" y="(?!30")/g)).toHaveLength(9)
    expect(svg).toContain('64.0 %')
  })
})

describe('post steps beside a fork', () => {
  const costs = (requests: number[]) =>
    requests.map((r, i) => ({ wallMs: 100 * (i + 1), requests: r, planningMs: r / 10 }))

  it('gives each pruning arm its median, p90 and max per post step, its total and its "blob not found"', () => {
    const table = postStepTable([
      arm('GitHub eviction alone', [0.5, 0.5, 0.5]),
      arm('with pruning', [0.5, 0.5, 0.5], { defaultPostSteps: costs([10, 20, 30, 40, 50]) }),
      arm('with pruning, a fork writing 200 entries a minute', [0.5, 0.5, 0.5], {
        defaultPostSteps: costs([12, 12, 12, 12, 112]),
      }),
    ]).split('\n')
    // The arm without post steps has no row.
    expect(table).toHaveLength(4)
    expect(table[2]).toBe(
      '| with pruning | 5 | 300 / 460 / 500 | 30 / 46 / 50 | 150 | 3.0 / 4.6 / 5.0 | 3 |',
    )
    expect(table[3]).toBe(
      '| with pruning, a fork writing 200 entries a minute | 5 | 300 / 460 / 500 | 12 / 72 / 112 | 160 | 1.2 / 7.2 / 11.2 | 3 |',
    )
  })
})

describe('start-up report', () => {
  const result = (mainCpu: number | undefined): StartupResult => ({
    runs: 20,
    variants: [
      { name: 'node -e ""', args: ['-e', ''], medianMs: 80, p90Ms: 90, cpuMedianMs: 80 },
      {
        name: 'esbuilt baseline',
        args: ['b.cjs'],
        bytes: 417_000,
        medianMs: 160,
        p90Ms: 200,
        cpuMedianMs: 160,
        cpuMeanMs: 170,
      },
      { name: 'main step', args: ['main.js'], bytes: 115_000, medianMs: 120, p90Ms: 130 },
    ],
    ratios: [
      { baseline: 'node -e ""', wall: 1.5, cpu: 1.5 },
      {
        baseline: 'esbuilt baseline',
        wall: 0.75,
        ...(mainCpu === undefined ? {} : { cpu: mainCpu / 160, cpuMean: mainCpu / 170 }),
        goal: 1,
      },
    ],
    bundles: [{ name: 'dist/main/index.js', bytes: 115_000 }],
  })

  it.each([
    [120, true, '0.75×'],
    [160, true, '1.00×'],
    [161, false, '1.01×'],
  ])('judges the goal on median CPU (main %d ms over 160 ms)', (cpu, met, shown) => {
    const check = checkStartupGoal(result(cpu))
    expect(check).toMatchObject({
      goal: "main step's median CPU at most 1.0× the esbuilt baseline",
      met,
    })
    expect(check?.measured.startsWith(`${shown} (`)).toBe(true)
  })

  it('judges on wall time where the platform gives no CPU time', () => {
    expect(checkStartupGoal(result(undefined))).toMatchObject({
      goal: "main step's wall time at most 1.0× the esbuilt baseline",
      measured: '0.75× (0.75× wall, n/a CPU (median), n/a CPU (mean))',
      met: true,
    })
  })

  it('has no goal to judge when no baseline carries one', () => {
    const r = result(120)
    expect(checkStartupGoal({ ...r, ratios: r.ratios.map(({ goal: _, ...x }) => x) })).toBe(
      undefined,
    )
  })

  it('renders the variants, every ratio and the goal', () => {
    const md = renderMarkdown({
      generatedAt: '2026-12-02T00:00:00Z',
      machine: 'test',
      command: 'npm run bench',
      startup: result(200),
      extra: [],
    })
    expect(md).toContain('| esbuilt baseline | 417 kB | 160 ms | 200 ms | 160 ms | 170 ms |')
    expect(md).toContain('| main step | 115 kB | 120 ms | 130 ms | n/a | n/a |')
    expect(md).toContain('| esbuilt baseline | 0.75× | 1.25× | 1.18× | ≤ 1.0× |')
    expect(md).toContain(
      "| main step's median CPU at most 1.0× the esbuilt baseline | 1.25× (0.75× wall, 1.25× CPU (median), 1.18× CPU (mean)) | **no** |",
    )
  })
})
