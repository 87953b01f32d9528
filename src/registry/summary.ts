/**
 * The job summary of a registry pruning run: per cache repository, the tags deleted (with the
 * ref that ended and how), the tags of this action that stay and why, and how many other tags
 * were left alone. Pure. Tags and refs are anybody's to name, so every one is escaped.
 */
import { code, escapeCell, table } from '../markdown.js'
import { TAG_KEEP_TEXT, tagsIn } from './tag-planner.js'
import type { RegistryOutcome } from './tag-pruner.js'
import { plural } from '../units.js'

export interface RegistrySummary {
  readonly title: string
  readonly dryRun: boolean
  readonly outcomes: readonly RegistryOutcome[]
  readonly warnings: readonly string[]
  readonly maxRows?: number
}

const short = (target: string) =>
  target.startsWith('sha256:') ? target.slice(0, 19) : `version ${target}`

export function renderRegistrySummary(s: RegistrySummary): string {
  const maxRows = s.maxRows ?? 50
  const out: string[] = [`## ${escapeCell(s.title)}${s.dryRun ? ' (dry run)' : ''}`, '']
  for (const warning of s.warnings) out.push(`> :warning: ${escapeCell(warning)}`, '')
  for (const o of s.outcomes) {
    const gone = s.dryRun ? o.plan.deletions : o.deleted
    const tags = tagsIn(gone)
    out.push(`### ${code(o.repository)}`, '')
    out.push(
      `**${s.dryRun ? 'Would delete' : 'Deleted'} ${plural(tags, 'cache tag')} (${plural(gone.length, 'manifest')}).** ${plural(o.plan.otherTags, 'other tag')} left alone: another scope's or ref's, or not this action's.`,
      '',
    )
    const notes = [
      o.missing.length > 0 ? `${o.missing.length} manifests were already gone` : '',
      o.changed.length > 0
        ? `${o.changed.length} kept: the second listing no longer allowed deleting them`
        : '',
      o.failed.length > 0 ? `${o.failed.length} deletes failed` : '',
      o.refused ? `stopped: ${escapeCell(o.refused)}` : '',
    ].filter(Boolean)
    if (notes.length > 0) out.push(`${notes.join('; ')}.`, '')
    if (gone.length > 0) {
      const rows = gone.flatMap((d) =>
        d.tags.map((t) => [code(t.tag), code(short(d.target)), escapeCell(t.ended?.why ?? '')]),
      )
      out.push(...table(['Tag', 'Manifest', 'Why'], rows, maxRows), '')
    }
    if (o.plan.kept.length > 0) {
      const rows = o.plan.kept.map((k) => [
        code(k.tag.tag),
        code(k.tag.ref),
        escapeCell(`${TAG_KEEP_TEXT[k.reason]}${k.detail ? ` (${k.detail})` : ''}`),
      ])
      out.push('Kept:', '', ...table(['Tag', 'Ref', 'Why'], rows, maxRows), '')
    }
  }
  return out.join('\n')
}
