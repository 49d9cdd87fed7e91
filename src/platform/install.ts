/** What names one install in the platform's context: the bot, the alias it installed the integration under, its webhook. */
export type InstallContext = { botId: string; integrationAlias: string; webhookId: string }

/**
 * One install of the integration: a bot with the alias it installed it under, and the install's webhook. Every
 * process-memory record of an install (tokens, pacers, caches, in-flight runs, thread locks, replay memory) is keyed
 * by this. `ctx.integrationId` is the deployed integration version, the same for every bot that installs it, so it
 * never keys anything an install owns.
 */
export const installKey = (ctx: InstallContext): string =>
  JSON.stringify([ctx.botId, ctx.integrationAlias, ctx.webhookId])
