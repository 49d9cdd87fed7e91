/**
 * One install of the integration: a bot with the alias it installed the integration under. `ctx.integrationId` is
 * shared by every bot that installs the same integration version, so it never keys anything in memory.
 */
export const installKeyOf = (ctx: { botId: string; integrationAlias: string }) => `${ctx.botId}/${ctx.integrationAlias}`

const inFlight = new Map<string, Promise<unknown>>()

/**
 * Calls of one warm process with the same key share one run of `work`: parallel copies of one request (the
 * platform's or HubSpot's) wait for the first and get its result instead of repeating its side effects. Only
 * within one process: a copy that reaches another serverless instance runs again, so every caller also relies
 * on a durable check (tags, states, HubSpot idempotency ids) for what must happen once.
 */
export function singleFlight<T>(
  ctx: { botId: string; integrationAlias: string },
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const fullKey = `${installKeyOf(ctx)}|${key}`
  const running = inFlight.get(fullKey)
  if (running) return running as Promise<T>
  const run = work().finally(() => inFlight.delete(fullKey))
  inFlight.set(fullKey, run)
  return run
}
