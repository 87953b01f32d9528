/**
 * Grouped horizontal bar charts as standalone SVG, for docs/benchmarks.md. Pure: data in, markup out.
 */
export interface BarGroup {
  label: string
  bars: { series: string; value: number; text?: string }[]
}

export interface BarChart {
  title: string
  unit: string
  groups: BarGroup[]
  /** Fixed axis maximum (e.g. 1 for shares); default: the largest value. */
  max?: number
}

const COLORS = ['#d1495b', '#2e86ab', '#66a182', '#edae49', '#8d6a9f']

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

export function barChartSvg(chart: BarChart): string {
  const series = [...new Set(chart.groups.flatMap((g) => g.bars.map((b) => b.series)))]
  const max = chart.max ?? Math.max(...chart.groups.flatMap((g) => g.bars.map((b) => b.value)), 0)
  const labelWidth = 160
  const plotWidth = 420
  const textWidth = 110
  const barHeight = 16
  const gap = 12
  const top = 56
  const groupHeight = series.length * barHeight + gap
  const height = top + chart.groups.length * groupHeight + 16
  const width = labelWidth + plotWidth + textWidth
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escape(chart.title)}</text>`,
  ]
  series.forEach((name, i) => {
    const x = labelWidth + i * 140
    out.push(
      `<rect x="${x}" y="30" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 16}" y="40">${escape(name)}</text>`,
    )
  })
  chart.groups.forEach((group, g) => {
    const y0 = top + g * groupHeight
    out.push(
      `<text x="${labelWidth - 8}" y="${y0 + (series.length * barHeight) / 2 + 4}" text-anchor="end">${escape(group.label)}</text>`,
    )
    series.forEach((name, i) => {
      const bar = group.bars.find((b) => b.series === name)
      if (!bar) return
      const w = max > 0 ? Math.max(0, (bar.value / max) * plotWidth) : 0
      const y = y0 + i * barHeight
      out.push(
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${COLORS[i % COLORS.length]}"/>`,
        `<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight - 5}">${escape(bar.text ?? `${bar.value} ${chart.unit}`)}</text>`,
      )
    })
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
