/**
 * The Dockerfile frontend's word processing, as far as a RUN flag needs it: backslash escapes,
 * single and double quotes, and `$VAR` / `${VAR}` / `${VAR:-default}` / `${VAR:+alternative}`
 * from the build's ARGs and ENVs (an unknown one is empty, as BuildKit makes it). Pure.
 *
 * A `--mount` flag goes through it once as a whole and each of its values once more, which is
 * why a literal `$` in an id takes `\\$` (the fixtures' edge cases).
 */
export function processWord(
  text: string,
  env: ReadonlyMap<string, string> = new Map(),
  /** The Dockerfile's escape character (`# escape=` directive): `\\` or a backtick. */
  escape = '\\',
): string {
  let out = ''
  let i = 0
  const expand = (): string => {
    // At a `$`: the variable's value, or the `$` itself when no name follows.
    if (text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2)
      if (end < 0) throw new Error(`missing '}' in ${JSON.stringify(text)}`)
      const inner = text.slice(i + 2, end)
      i = end + 1
      const op = /^([A-Za-z_][A-Za-z0-9_]*)(?::([-+])(.*))?$/s.exec(inner)
      if (!op) throw new Error(`unsupported substitution \${${inner}} in ${JSON.stringify(text)}`)
      const [, name, kind, word] = op
      const value = env.get(name!)
      if (kind === '-') return value ? value : processWord(word ?? '', env, escape)
      if (kind === '+') return value ? processWord(word ?? '', env, escape) : ''
      return value ?? ''
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0]
    if (!name) {
      i++
      return '$'
    }
    i += 1 + name.length
    return env.get(name) ?? ''
  }
  while (i < text.length) {
    const c = text[i]
    if (c === escape) {
      if (i + 1 < text.length) out += text[i + 1]
      i += 2
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unterminated ' in ${JSON.stringify(text)}`)
      out += text.slice(i + 1, end)
      i = end + 1
    } else if (c === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated " in ${JSON.stringify(text)}`)
        const d = text[i]
        if (d === '"') {
          i++
          break
        }
        if (d === escape && ['"', escape, '$'].includes(text[i + 1] ?? '')) {
          out += text[i + 1]
          i += 2
        } else if (d === '$') out += expand()
        else {
          out += d
          i++
        }
      }
    } else if (c === '$') out += expand()
    else {
      out += c
      i++
    }
  }
  return out
}
