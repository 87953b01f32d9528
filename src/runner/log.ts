/**
 * The steps' log (src/runner/workflow-commands.ts), with every line neutralised (src/runner/log-line.ts), so
 * that no logged value can start a workflow command. Warnings and failures are escaped for CR,
 * LF and `%` as workflow commands are; `##[` is neutralised here.
 */
import * as runner from './workflow-commands.js'
import { neutralLine, neutralText, errorText } from './log-line.js'
import { rememberSecrets } from './secrets.js'

export const log = {
  info: (text: string): void => runner.info(neutralText(text)),
  debug: (text: string): void => runner.debug(neutralLine(text)),
  warning: (text: string): void => runner.warning(neutralLine(text)),
  failed: (text: string): void => runner.setFailed(neutralLine(text)),
  group: (title: string): void => runner.startGroup(neutralLine(title)),
  endGroup: (): void => runner.endGroup(),
}

/**
 * Appends what `render` returns to the job summary, nothing when it is empty. A failure, in
 * rendering or in writing, is one warning: a summary never fails a step.
 */
export async function writeSummary(render: () => string): Promise<void> {
  try {
    const markdown = render()
    if (markdown) await runner.appendSummary(markdown)
  } catch (error) {
    log.warning(`the job summary could not be written: ${errorText(error)}`)
  }
}

/**
 * Masks secrets in every form they may be printed in (src/runner/secrets.ts), and remembers them so
 * that text cut short is redacted before the cut.
 */
export function maskSecret(...values: string[]): void {
  for (const form of rememberSecrets(values)) runner.setSecret(form)
}
