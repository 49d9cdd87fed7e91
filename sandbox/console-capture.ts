/**
 * The integration logs through `console` (the SDK's logger), in the same process as the sandbox. `npm start`
 * shows those lines, marked so they are not mistaken for the sandbox's own output; the demo and the browser
 * test keep them aside and print them only when something fails.
 */
import { format } from 'node:util'

const METHODS = ['log', 'info', 'debug', 'warn', 'error'] as const

/** Dimmed on a terminal, so the sandbox's own lines stand out; plain when piped to a file. */
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text)

export type ConsoleCapture = {
  lines: string[]
  /** From now on prints each line as it comes, after the lines kept so far that `keep` accepts. */
  startPrinting(keep?: (line: string) => boolean): void
  restore(): void
}

export function captureConsole(
  mode: 'print' | 'keep',
  write = (line: string) => process.stdout.write(line),
): ConsoleCapture {
  const lines: string[] = []
  let printing = mode === 'print'
  const print = (text: string) => {
    for (const line of text.split('\n')) write(dim(`  log │ ${line}`) + '\n')
  }
  const originals = METHODS.map((method) => [method, console[method]] as const)
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      const text = format(...args)
      lines.push(text)
      if (lines.length > 2000) lines.shift()
      if (printing) print(text)
    }
  }
  return {
    lines,
    startPrinting: (keep = () => true) => {
      if (!printing) lines.filter(keep).forEach(print)
      printing = true
    },
    restore: () => {
      for (const [method, original] of originals) console[method] = original
    },
  }
}
