/**
 * The steps' log: @actions/core's, with every line neutralised (src/log-line.ts), so that no
 * logged value can start a workflow command. Warnings and failures are escaped for CR, LF and
 * `%` by @actions/core itself; `##[` is neutralised here.
 */
import * as core from '@actions/core'
import { neutralLine, neutralText } from './log-line.js'
import { rememberSecrets } from './secrets.js'

export const log = {
  info: (text: string): void => core.info(neutralText(text)),
  debug: (text: string): void => core.debug(neutralLine(text)),
  warning: (text: string): void => core.warning(neutralLine(text)),
  failed: (text: string): void => core.setFailed(neutralLine(text)),
  group: (title: string): void => core.startGroup(neutralLine(title)),
  endGroup: (): void => core.endGroup(),
}

/**
 * Masks secrets in every form they may be printed in (src/secrets.ts), and remembers them so
 * that text cut short is redacted before the cut.
 */
export function maskSecret(...values: string[]): void {
  for (const form of rememberSecrets(values)) core.setSecret(form)
}
