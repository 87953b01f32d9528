/**
 * Turns benchmark results into docs/benchmarks.md, its JSON record and its charts. Pure: results
 * in, text out; bench/cli.ts writes the files.
 */
import type { ArmResult, PostStepCost } from './cache-effectiveness.js'
import { goalRatio, type StartupRatio, type StartupResult } from './startup.js'
import { barChartSvg } from './svg-chart.js'
import { formatBytes, formatPercent, markdownTable, median, quantile } from './stats.js'

export interface EffectivenessReport {
  days: number
  seed: number
  builds: number
  /** At the 10 GB default: eviction alone, with pruning, unlimited. */
  defaultLimit: ArmResult[]
  /** At a raised limit that nothing reaches: eviction alone (nothing evicted) and with pruning. */
  raisedLimit: ArmResult[]
}

export interface ExtraSection {
  title: string
  markdown: string
}

export interface BenchmarkReport {
  generatedAt: string
  machine: string
  command: string
  effectiveness?: EffectivenessReport
  startup?: StartupResult
  /** The pruning benchmark's raw results (bench/prune.ts). */
  pruningCost?: unknown
  extra: ExtraSection[]
  /** Sections run again later (`--only=… --merge`), each with its own command and date. */
  updates?: Array<{ sections: string[]; command: string; generatedAt: string; machine: string }>
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`

/** The arm a fork floods (bench/cli.ts): its name begins so. */
export const FORK_ARM_PREFIX = 'with pruning, a fork writing'

/**
 * The default branch's post steps in each pruning arm: what a fork writing entries in a loop
 * costs them, beside the same month without it.
 */
export function postStepTable(arms: readonly ArmResult[]): string {
  const rows = arms.flatMap((arm) => {
    const costs = arm.defaultPostSteps
    if (!costs || costs.length === 0) return []
    const of = (pick: (c: PostStepCost) => number, digits = 0) => {
      const values = costs.map(pick)
      return `${median(values).toFixed(digits)} / ${quantile(values, 0.9).toFixed(digits)} / ${Math.max(...values).toFixed(digits)}`
    }
    return [
      [
        arm.arm,
        costs.length,
        of((c) => c.wallMs),
        of((c) => c.requests),
        costs.reduce((n, c) => n + c.requests, 0),
        of((c) => c.planningMs, 1),
        blobNotFoundIn(arm),
      ],
    ]
  })
  return markdownTable(
    [
      'arm',
      'post steps',
      'wall time, ms (median / p90 / max)',
      'REST requests (median / p90 / max)',
      'REST requests in all',
      'planning, ms (median / p90 / max)',
      '"blob not found"',
    ],
    rows,
  )
}

/** "blob not found" events over every scope of an arm. */
const blobNotFoundIn = (arm: ArmResult) => arm.scopes.reduce((n, s) => n + s.blobNotFound, 0)

function effectivenessTable(arms: readonly ArmResult[]): string {
  const scopes = arms[0]?.scopes.map((s) => s.scope) ?? []
  const rows: (string | number)[][] = []
  for (const scope of scopes) {
    for (const arm of arms) {
      const s = arm.scopes.find((x) => x.scope === scope)!
      rows.push([
        scope,
        arm.arm,
        s.builds,
        formatPercent(s.cacheShare),
        formatBytes(s.bytesRebuilt),
        s.blobNotFound,
      ])
    }
  }
  return markdownTable(
    ['scope', 'arm', 'builds', 'layers from cache', 'bytes rebuilt', '"blob not found"'],
    rows,
  )
}

function storageTable(arms: readonly ArmResult[]): string {
  return markdownTable(
    [
      'arm',
      'limit',
      'peak usage',
      'stored GB-days',
      'live-set GB-days',
      'stored ÷ live',
      'resolved live GB-days',
      'stored ÷ resolved',
      'evicted',
      'expired',
      'pruned',
      'requests',
    ],
    arms.map((a) => [
      a.arm,
      Number.isFinite(a.limitBytes) && a.limitBytes < 1e15 ? gb(a.limitBytes) : 'none',
      gb(a.peakBytes),
      a.storedGbDays.toFixed(0),
      a.liveGbDays.toFixed(0),
      `${(a.storedGbDays / a.liveGbDays).toFixed(2)}×`,
      a.resolvedLiveGbDays.toFixed(0),
      `${(a.storedGbDays / a.resolvedLiveGbDays).toFixed(2)}×`,
      a.evicted,
      a.expired,
      a.pruned,
      a.requests,
    ]),
  )
}

/** The cache-effectiveness goals (the evidence issue's), each with what this run measured. */
export interface GoalCheck {
  goal: string
  measured: string
  met: boolean
}

/** Each goal against the run: pruning at the default limit, and pruning at a raised limit. */
export function checkGoals(e: EffectivenessReport): GoalCheck[] {
  const unlimited = e.defaultLimit.find((a) => a.arm === 'unlimited')
  const pruning = e.defaultLimit.find((a) => a.arm === 'with pruning')
  const raised = e.raisedLimit.find((a) => a.arm === 'raised limit, with pruning')
  const checks: GoalCheck[] = []
  if (pruning && unlimited) {
    const worst = gapToUnlimited(pruning, unlimited).reduce((a, b) => (b.points > a.points ? b : a))
    checks.push({
      goal: 'at the 10 GB limit, with pruning, every scope within 2 percentage points of the unlimited cache',
      measured: `worst scope ${worst.scope}, ${worst.points.toFixed(1)} points below`,
      // judged at the precision printed, so a float's last bit does not decide
      met: Number(worst.points.toFixed(1)) <= 2,
    })
  }
  // Every pruning arm, every scope: no live index lost a layer (rule 0 of docs/pruning-rules.md).
  const pruningArms = [...e.defaultLimit, ...e.raisedLimit].filter((a) => a.arm.includes('pruning'))
  if (pruningArms.length > 0) {
    const found = pruningArms.flatMap((a) =>
      a.scopes
        .filter((s) => s.blobNotFound > 0)
        .map((s) => `${a.arm}, ${s.scope}: ${s.blobNotFound}`),
    )
    checks.push({
      goal: 'with pruning, no "blob not found" in any arm or scope (idle pull requests and exports during prunes included)',
      measured:
        found.length === 0
          ? `0 in ${pruningArms.length} arms × ${pruningArms[0].scopes.length} scopes`
          : found.join('; '),
      met: found.length === 0,
    })
  }
  if (raised) {
    const ratio = raised.storedGbDays / raised.liveGbDays
    checks.push({
      goal: 'at a raised limit, with pruning (default inputs), stored GB-days at most 1.2× the live set',
      measured: `${ratio.toFixed(2)}× (${(raised.storedGbDays / raised.resolvedLiveGbDays).toFixed(2)}× what the live indexes resolve to)`,
      met: Number(ratio.toFixed(2)) <= 1.2,
    })
  }
  return checks
}

/**
 * Where a raised-limit pruning arm's stored bytes beyond the live set come from, in GB-days:
 * pull requests' own copies of layers the default branch also holds (resolved − live), and what
 * pruning keeps on purpose beyond what the live indexes resolve to (stored − resolved).
 */
export function excessOverLive(arm: ArmResult): { copies: number; kept: number } {
  return {
    copies: arm.resolvedLiveGbDays - arm.liveGbDays,
    kept: arm.storedGbDays - arm.resolvedLiveGbDays,
  }
}

/**
 * What the idle pull requests got and what keeping their layers cost: their builds after the idle
 * time (layers from cache, "blob not found") in an arm and in eviction alone, and the GB-days the
 * arm kept only for live indexes of other refs, of which what a two-day bound would have deleted.
 */
export function idlePullRequests(arm: ArmResult, eviction?: ArmResult): string {
  const sum = (a: ArmResult) =>
    a.scopes.reduce(
      (t, s) => ({
        builds: t.builds + s.afterIdle.builds,
        steps: t.steps + s.afterIdle.steps,
        cached: t.cached + s.afterIdle.cached,
        blobNotFound: t.blobNotFound + s.afterIdle.blobNotFound,
      }),
      { builds: 0, steps: 0, cached: 0, blobNotFound: 0 },
    )
  const share = (t: { steps: number; cached: number }) =>
    formatPercent(t.steps ? t.cached / t.steps : 0)
  const mine = sum(arm)
  const theirs = eviction ? sum(eviction) : undefined
  return (
    `Idle pull requests (${mine.builds} builds after one to six idle days, on the base they had): ${share(mine)} of their layers from cache and ${mine.blobNotFound} "blob not found" with pruning` +
    (theirs
      ? `, against ${share(theirs)} and ${theirs.blobNotFound} with GitHub's eviction alone`
      : '') +
    `. Keeping what live indexes of other refs may use for as long as they live cost ${(arm.keptForOtherRefsGbDays ?? 0).toFixed(1)} GB-days ` +
    `(layers the pruned refs kept only for them), of which ${(arm.keptPastTwoDaysGbDays ?? 0).toFixed(1)} GB-days were last used more than two days before: what a two-day bound would have deleted under those indexes. ` +
    `${arm.concurrentPrunes} post steps ran while the next build exported.`
  )
}

/** Per scope, the largest gap (in percentage points) between an arm and the unlimited cache. */
export function gapToUnlimited(
  arm: ArmResult,
  unlimited: ArmResult,
): { scope: string; points: number }[] {
  return arm.scopes.map((s) => ({
    scope: s.scope,
    points: (unlimited.scopes.find((u) => u.scope === s.scope)!.cacheShare - s.cacheShare) * 100,
  }))
}

export function effectivenessChart(arms: readonly ArmResult[]): string {
  const scopes = arms[0]?.scopes.map((s) => s.scope) ?? []
  return barChartSvg({
    title: 'Layers served from cache at the 10 GB limit, per scope',
    unit: '%',
    max: 100,
    groups: scopes.map((scope) => ({
      label: scope,
      bars: arms.map((a) => {
        const share = a.scopes.find((s) => s.scope === scope)!.cacheShare * 100
        return { series: a.arm, value: share, text: `${share.toFixed(1)} %` }
      }),
    })),
  })
}

export function storageChart(arms: readonly ArmResult[]): string {
  return barChartSvg({
    title: 'Stored GB-days over the month (what a raised limit is billed on)',
    unit: 'GB-days',
    groups: arms.map((a) => ({
      label: a.arm,
      bars: [
        { series: 'stored', value: a.storedGbDays, text: `${a.storedGbDays.toFixed(0)} GB-days` },
        { series: 'live set', value: a.liveGbDays, text: `${a.liveGbDays.toFixed(0)} GB-days` },
      ],
    })),
  })
}

const times = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(2)}×`)

/** One ratio in words: wall time and CPU time. */
export function startupRatioText(r: StartupRatio): string {
  return `${times(r.wall)} wall, ${times(r.cpu)} CPU (median), ${times(r.cpuMean)} CPU (mean)`
}

/** The start-up goal against the run: the main step's median CPU (wall time where CPU is unknown). */
export function checkStartupGoal(result: StartupResult): GoalCheck | undefined {
  const r = goalRatio(result)
  if (r?.goal === undefined) return undefined
  const [measure, value] = r.cpu === undefined ? ['wall time', r.wall] : ['median CPU', r.cpu]
  return {
    goal: `main step's ${measure} at most ${r.goal.toFixed(1)}× the ${r.baseline}`,
    measured: `${times(value)} (${startupRatioText(r)})`,
    // judged at the precision printed, so a float's last bit does not decide
    met: Number(value.toFixed(2)) <= r.goal,
  }
}

export function startupChart(startup: StartupResult): string {
  return barChartSvg({
    title: 'Start-up, median wall time per run',
    unit: 'ms',
    groups: startup.variants.map((v) => ({
      label: v.name.replace('exports runtime variables, ', ''),
      bars: [{ series: 'median', value: v.medianMs, text: `${v.medianMs.toFixed(0)} ms` }],
    })),
  })
}

/** A section's own markdown without a leading top-level heading (the report gives it one). */
function sectionBody(markdown: string): string {
  return markdown.trim().replace(/^# [^\n]*\n+/, '')
}

export function renderMarkdown(report: BenchmarkReport): string {
  const out: string[] = [
    '# Benchmarks',
    '',
    `Generated by \`${report.command}\` on ${report.generatedAt.slice(0, 10)} (${report.machine}). Every number below comes from that run${report.updates?.length ? ' or a later one named below' : ''};`,
    'the raw results are in [benchmarks.json](benchmarks.json). Reproduce with `npm ci && npm run package && npm run bench`',
    '(`npm run bench -- --quick` runs a 7-day month and fewer start-up runs, for a look in about a minute).',
    '',
    ...(report.updates ?? []).flatMap((u) => [
      `Run again later, replacing those sections: ${u.sections.join(', ')}, by \`${u.command}\` on ${u.generatedAt.slice(0, 10)} (${u.machine}).`,
      '',
    ]),
  ]
  const e = report.effectiveness
  if (e) {
    const unlimited = e.defaultLimit.find((a) => a.arm === 'unlimited')
    out.push(
      '## 1. Cache effectiveness',
      '',
      `A seeded simulation (seed ${e.seed}) of a busy repository over ${e.days} days, replayed on the local cache service with a`,
      'driven clock: three images (scopes) built at different rates (`api` on every commit, `worker` weekly, `tools` a few times a',
      'month), the default branch built about 20 times a day, about ten pull requests open at a time, `mode=max`, layers that churn',
      'at realistic rates (base images monthly, dependency layers weekly, application layers on every commit). Every arm replays',
      `exactly the same ${e.builds} builds through the BuildKit-format exporter (dev/buildkit), which writes the entries BuildKit writes`,
      'and looks up every blob a build reuses. The service evicts as GitHub does: least recently used above the limit, hourly, and',
      'anything unused for 7 days. The pruning arm runs the action’s real planner and executor (src/prune) after every build, as',
      'the post step does, on every closed pull request and once a day, as the `prune` entry point does, with the action’s',
      'default inputs (`prune-target: 90%`, `prune-grace: 1h`, `orphan-age: 7d`) unless an arm says otherwise. Its REST calls',
      'and cache-service reads go to the local service, and each delete moves the driven clock by the second GitHub paces it',
      'at, so a pruning run takes the time it would there. A quarter of the pull requests sit idle for one to six days after',
      'their first build and then build twice on the base they had (a re-run, then a commit pushed without rebasing) while the',
      'default branch has moved on; a build that starts within ten minutes of the one before runs while that one’s post step',
      'prunes. Uploads carry a few bytes and declare the layer’s size, which the service records, so a month of gigabyte',
      'layers runs in minutes.',
      '',
      ...(e.defaultLimit.some((a) => a.arm.includes('pruning'))
        ? []
        : [
            '**The pruning arms are missing from this report**: it was generated where bench/pruning-arm.ts (and the pruning code it runs) was not present.',
            '',
          ]),
      '![Layers served from cache](cache-effectiveness.svg)',
      '',
      '### At the 10 GB default limit',
      '',
      effectivenessTable(e.defaultLimit),
      '',
      storageTable(e.defaultLimit),
      '',
    )
    if (unlimited) {
      for (const arm of e.defaultLimit.filter((a) => a !== unlimited)) {
        const gaps = gapToUnlimited(arm, unlimited)
        const worst = gaps.reduce((a, b) => (b.points > a.points ? b : a))
        const blobNotFound = blobNotFoundIn(arm)
        out.push(
          `- **${arm.arm}**: worst scope ${worst.scope}, ${worst.points.toFixed(1)} percentage points below the unlimited cache; ${blobNotFound} "blob not found" events.`,
        )
      }
      out.push('')
    }
    const fork = e.defaultLimit.find((a) => a.arm.startsWith(FORK_ARM_PREFIX))
    if (fork) {
      const flood = fork.world ?? {}
      out.push(
        "#### The default branch's post steps, with a fork writing in a loop",
        '',
        `In the arm "${fork.arm}", a fork's pull request stays open all month and writes 200 BuildKit index entries a minute (GitHub's`,
        "upload limit for a repository) in its own ref, each in a scope of its own, from the month's first minute: about two million alive",
        `at once under the 7-day retention (${Math.round(flood.floodAlive ?? 0)} at the end). The local service computes them from its`,
        'clock (dev/cache-service/flood.ts) and shows them in listings, totals and usage as GitHub would; its eviction above the limit',
        "leaves them alone (100 bytes each). Wall time is the pruning process's own (the local service answers in about a millisecond;",
        `github.com in tens), requests are every REST and cache-service request of the run, and the fork's entries drew ${Math.round(flood.refusedDeletes ?? 0)} deletes.`,
        '',
        postStepTable(e.defaultLimit),
        '',
      )
    }
    out.push(
      '### At a raised limit',
      '',
      '![Stored GB-days](storage.svg)',
      '',
      effectivenessTable(e.raisedLimit),
      '',
      storageTable(e.raisedLimit),
      '',
    )
    for (const arm of e.raisedLimit)
      out.push(
        `- **${arm.arm}**: stores ${(arm.storedGbDays / arm.liveGbDays).toFixed(2)}× its live set (GB-days), ${(arm.storedGbDays / arm.resolvedLiveGbDays).toFixed(2)}× what its live indexes resolve to; peak ${gb(arm.peakBytes)}.`,
      )
    const goals = checkGoals(e)
    if (goals.length > 0) {
      out.push(
        '',
        '### Against the goals',
        '',
        markdownTable(
          ['goal', 'measured', 'met'],
          goals.map((g) => [g.goal, g.measured, g.met ? 'yes' : '**no**']),
        ),
      )
      const raised = e.raisedLimit.find((a) => a.arm === 'raised limit, with pruning')
      if (raised) {
        const { copies, kept } = excessOverLive(raised)
        const over = raised.storedGbDays - raised.liveGbDays
        const share = (part: number) => `${((100 * part) / over).toFixed(0)} %`
        out.push(
          '',
          `Under the raised limit, pruning with the default inputs stores ${over.toFixed(0)} GB-days beyond the live set. ` +
            `${copies.toFixed(0)} of them (${share(copies)}) are pull requests' own copies of layers another ref also holds: ` +
            "GitHub keeps each ref's entries apart, a pull request that built a layer before the default branch did keeps its copy, " +
            'and its imports read that copy first. Pruning deletes such a copy once every live index of the pull request was written ' +
            "after the default branch had the layer (its imports then find the default branch's, which the lookups around the delete " +
            'keep protected for them); what remains are copies held by pull requests that have not built since the default ' +
            'branch caught up, and copies of layers that several pull requests built while the default branch had none. ' +
            `The other ${kept.toFixed(0)} (${share(kept)}) are kept on purpose: generations and their layers within \`prune-grace\`, and ` +
            "layers that a live index the pruning job cannot read (another ref's) may use, by its marker or, without one, by times, for as long as that index lives.",
        )
      }
      const pruning = e.defaultLimit.find((a) => a.arm === 'with pruning')
      const eviction = e.defaultLimit.find((a) => a.arm === 'GitHub eviction alone')
      for (const arm of [pruning, raised]) {
        if (arm?.keptForOtherRefsGbDays !== undefined) {
          out.push(
            '',
            `**${arm.arm}.** ${idlePullRequests(arm, arm === pruning ? eviction : e.raisedLimit.find((a) => a.arm.includes('eviction')))}`,
          )
        }
      }
    }
    out.push(
      '',
      'Reading the tables: "layers from cache" is the share of layer-producing steps that did not run; "bytes rebuilt" the',
      'compressed size of the layers that had to be built again; "blob not found" counts lookups of a blob that an imported',
      'index references but that no longer resolves (an index whose layers were evicted). The live set is the newest index of every',
      'open ref and scope plus the blobs it references, each blob counted once whoever holds it; "resolved live" counts instead the',
      "stored entries those indexes resolve to, the index's own ref first, then the default branch: a pull request that built a layer",
      'before the default branch did holds its own copy, and its imports use that one. GB-days integrate stored bytes over the month.',
      '',
    )
  }
  const early = report.extra.filter((x) => /^[12]\./.test(x.title))
  for (const extra of early) out.push(`## ${extra.title}`, '', sectionBody(extra.markdown), '')
  if (report.startup) {
    const s = report.startup
    const goal = checkStartupGoal(s)
    const ms = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(0)} ms`)
    out.push(
      '## 3. Start-up',
      '',
      `The built main step (\`dist/main/index.js\`, runner-like environment, \`type: gha\`) against baselines measured in the same`,
      `run, interleaved, ${s.runs} runs each: \`node -e ""\`, and a minimal bundled action that only exports the runtime variables`,
      '(bench/export-runtime-action.ts), built three ways: as lean as an action can be (the runner protocol of',
      'src/runner/workflow-commands.ts, no library); on @actions/core 3 bundled as crazy-max/ghaction-github-runtime, the action users add',
      'today only to expose the runtime, ships its own (esbuild, one minified CommonJS file); and on @actions/core 3 bundled with',
      "ncc, as our entry points are. CPU is the child's user + sys time as /proc reports it (10 ms ticks; the mean is finer than",
      'the median).',
      '',
      '![Start-up](startup.svg)',
      '',
      markdownTable(
        ['variant', 'script', 'median wall', 'p90 wall', 'median CPU', 'mean CPU'],
        s.variants.map((v) => [
          v.name,
          v.bytes === undefined ? '' : formatBytes(v.bytes),
          ms(v.medianMs),
          ms(v.p90Ms),
          ms(v.cpuMedianMs),
          ms(v.cpuMeanMs),
        ]),
      ),
      '',
      markdownTable(
        ['main step ÷', 'wall', 'CPU (median)', 'CPU (mean)', 'goal'],
        s.ratios.map((r) => [
          r.baseline,
          times(r.wall),
          times(r.cpu),
          times(r.cpuMean),
          r.goal === undefined ? '' : `≤ ${r.goal.toFixed(1)}×`,
        ]),
      ),
      '',
      ...(goal
        ? [
            markdownTable(
              ['goal', 'measured', 'met'],
              [[goal.goal, goal.measured, goal.met ? 'yes' : '**no**']],
            ),
            '',
          ]
        : []),
      markdownTable(
        ['bundle', 'size'],
        s.bundles.map((b) => [b.name, formatBytes(b.bytes)]),
      ),
      '',
    )
  }
  for (const extra of report.extra.filter((x) => !early.includes(x))) {
    out.push(`## ${extra.title}`, '', sectionBody(extra.markdown), '')
  }
  return `${out.join('\n').trimEnd()}\n`
}
