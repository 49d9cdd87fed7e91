/**
 * How the Botpress runtime calls an integration, shared by the test harness (the handler in-process) and the
 * local sandbox (the SDK's HTTP server): the install's ids and configuration in headers, and the body of
 * `message_created` when a bot (here, the HITL plugin) sends a message in one of the integration's channels.
 */
import type { BotpressEmulator } from './botpress-emulator'
import type { MessageRecord } from './store'

export type InstallIds = { botId: string; botUserId: string; integrationId: string; alias: string; webhookId: string }

/** The SDK's `x-bot-*` / `x-bp-*` headers; the configuration travels base64-encoded JSON. */
export function runtimeHeaders(ids: InstallIds, operation: string, configuration: unknown): Record<string, string> {
  return {
    'x-bot-id': ids.botId,
    'x-bot-user-id': ids.botUserId,
    'x-integration-id': ids.integrationId,
    'x-integration-alias': ids.alias,
    'x-webhook-id': ids.webhookId,
    'x-bp-operation': operation,
    'x-bp-configuration': Buffer.from(JSON.stringify(configuration)).toString('base64'),
  }
}

/** `message_created` for a message the bot wrote, as the runtime sends it (again, on a redelivery). */
export function messageCreatedBody(botpress: BotpressEmulator, botUserId: string, message: MessageRecord) {
  const conversation = botpress.getConversation(message.conversationId)
  if (!conversation) throw new Error(`no conversation ${message.conversationId}`)
  const user = { id: botUserId, tags: {}, createdAt: message.createdAt, updatedAt: message.createdAt }
  return { conversation, user, type: message.type, payload: message.payload, message }
}

/** The message a RuntimeError carries in the integration's error body, else the raw body. */
export function errorMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown }
    const message = parsed.message ?? parsed.error
    return typeof message === 'string' ? message : body
  } catch {
    return body
  }
}
