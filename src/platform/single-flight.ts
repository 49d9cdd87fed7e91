import { installKey, type InstallContext } from './install'

const inFlight = new Map<string, Promise<unknown>>()

/**
 * Calls of one warm process with the same key share one run of `work`: parallel copies of one request (the
 * platform's or HubSpot's) wait for the first and get its result instead of repeating its side effects. Only
 * within one process: a copy that reaches another serverless instance runs again, so every caller also relies
 * on a durable check (tags, states, HubSpot idempotency ids) for what must happen once.
 */
export function singleFlight<T>(ctx: InstallContext, key: string, work: () => Promise<T>): Promise<T> {
  const fullKey = `${installKey(ctx)}|${key}`
  const running = inFlight.get(fullKey)
  if (running) return running as Promise<T>
  const run = work().finally(() => inFlight.delete(fullKey))
  inFlight.set(fullKey, run)
  return run
}
