import type { Harness, HandlerResponse } from '../../support/harness'
import type { WebhookDelivery } from '../../../emulators/hubspot/hubspot-emulator'
import { messageCreatedBody } from '../../../emulators/botpress/runtime-call'

/** What the caller of one logical send saw, after every redelivery it was allowed. */
export type SendOutcome = {
  /** Answered 2xx on some attempt. */
  ok: boolean
  attempts: number
  /** Status of each attempt, in order. */
  statuses: number[]
}

const succeeded = (response: HandlerResponse) => response.status >= 200 && response.status < 300

/**
 * A message the HITL plugin relays to the agent: the customer's (`payload.userId` set) or the plugin's own notice
 * (no `userId`). The first attempt is what Botpress does when the plugin creates the message; a non-2xx answer is
 * an error the platform sees, and it calls `message_created` again with the SAME message (same id), as a retrying
 * platform does, up to `maxAttempts` in all.
 */
export async function relayMessage(
  h: Harness,
  conversationId: string,
  payload: { text: string; userId?: string },
  maxAttempts: number,
): Promise<SendOutcome & { messageId: string }> {
  const first = await h.sendToAgent(conversationId, 'text', payload)
  const statuses = [first.response.status]
  let ok = succeeded(first.response)
  while (!ok && statuses.length < maxAttempts) {
    // The current record, as the platform would send it (an earlier attempt may have acked it).
    const message = h.botpress.store.messages.get(first.message.id) ?? first.message
    const response = await h.call('message_created', messageCreatedBody(h.botpress, h.ids.botUserId, message))
    statuses.push(response.status)
    ok = succeeded(response)
  }
  return { ok, attempts: statuses.length, statuses, messageId: first.message.id }
}

/**
 * An agent reply typed in HubSpot's inbox (a direct change of the emulator's store: no API call, so no injected
 * fault), then its webhook delivered the way HubSpot does: again after every 5xx, up to `maxAttempts` in all,
 * each time freshly signed.
 */
export async function deliverAgentReply(
  h: Harness,
  session: { threadId: string },
  actorId: string,
  text: string,
  maxAttempts: number,
): Promise<SendOutcome & { hubspotMessageId: string }> {
  const delivery = h.hubspot.agentReply({ threadId: session.threadId, actorId, text })
  const hubspotMessageId = (JSON.parse(delivery.body) as { message: { id: string } }).message.id
  const statuses: number[] = []
  let ok = false
  while (!ok && statuses.length < maxAttempts) {
    const response = await h.deliver(delivery)
    statuses.push(response.status)
    ok = succeeded(response)
    // HubSpot retries server errors only; a 4xx would be a verdict, and is reported as such by the suite.
    if (!ok && response.status < 500) break
  }
  return { ok, attempts: statuses.length, statuses, hubspotMessageId }
}

/**
 * HubSpot's attempt at a webhook `ms` later than now: the same body, signed at that time, and met by the
 * integration's clock at that time.
 */
export async function deliverLater(h: Harness, delivery: Pick<WebhookDelivery, 'body'>, ms: number) {
  const realNow = Date.now
  const then = realNow() + ms
  const headers = h.hubspot.signWebhook({ url: h.webhookUrl, body: delivery.body, timestamp: then })
  Date.now = () => then
  try {
    return await h.deliver(delivery, { sign: false, headers: { ...headers } })
  } finally {
    Date.now = realNow
  }
}
