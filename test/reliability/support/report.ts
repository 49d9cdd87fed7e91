/**
 * Prints a compact table straight to stdout. The harness captures `console` during tests (to assert on logs), so
 * a summary printed from `afterAll` goes through `process.stdout` to reach the terminal.
 */
export function printTable(title: string, rows: ReadonlyArray<readonly [string, string | number]>): void {
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)
  process.stdout.write(`\n${title}\n${lines.join('\n')}\n`)
}

/** `{ a: 1, b: 0 }` → `a 1, b 0`, for per-kind counts on one line. */
export const inline = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ')
