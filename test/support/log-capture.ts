/**
 * Captures everything the integration and the SDK print (the SDK's loggers write to console), so tests can
 * assert on log lines and prove no secret ever appears in them. Output is kept off the test report.
 */
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

export class LogCapture {
  public readonly lines: string[] = []
  private _restore: (() => void)[] = []

  public start(): void {
    for (const method of METHODS) {
      const original = console[method]
      console[method] = (...args: unknown[]) => {
        this.lines.push(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '))
      }
      this._restore.push(() => (console[method] = original))
    }
  }

  public stop(): void {
    this._restore.forEach((restore) => restore())
    this._restore = []
  }

  public get text(): string {
    return this.lines.join('\n')
  }
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}
