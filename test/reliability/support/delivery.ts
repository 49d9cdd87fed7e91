import type { Harness, HandlerResponse } from '../../support/harness'
import type { WebhookDelivery } from '../../../emulators/hubspot/hubspot-emulator'

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
 * (no `userId`). The first attempt is what Botpress does when the plugin creates the message, made `copies` times at
 * once (parallel deliveries of one message); a logical send succeeds when one of its calls does. A failed attempt is
 * made again with the SAME message (same id), as a retrying platform does, up to `maxAttempts` in all.
 */
export async function relayMessage(
  h: Harness,
  conversationId: string,
  payload: { text: string; userId?: string },
  maxAttempts: number,
  copies = 1,
): Promise<SendOutcome & { messageId: string }> {
  const first = await h.sendToAgent(conversationId, 'text', payload)
  const parallel = await Promise.all(Array.from({ length: copies - 1 }, () => h.redeliverToAgent(first.message.id)))
  const statuses = [first.response, ...parallel].map((response) => response.status)
  let ok = [first.response, ...parallel].some(succeeded)
  let attempts = 1
  while (!ok && attempts < maxAttempts) {
    const response = await h.redeliverToAgent(first.message.id)
    attempts++
    statuses.push(response.status)
    ok = succeeded(response)
  }
  return { ok, attempts, statuses, messageId: first.message.id }
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
  copies = 1,
): Promise<SendOutcome & { hubspotMessageId: string }> {
  const delivery = h.hubspot.agentReply({ threadId: session.threadId, actorId, text })
  const hubspotMessageId = (JSON.parse(delivery.body) as { message: { id: string } }).message.id
  const statuses: number[] = []
  let ok = false
  let attempts = 0
  while (!ok && attempts < maxAttempts) {
    // The first attempt `copies` times at once: HubSpot delivering one event in parallel.
    const responses = await Promise.all(Array.from({ length: attempts === 0 ? copies : 1 }, () => h.deliver(delivery)))
    attempts++
    statuses.push(...responses.map((response) => response.status))
    ok = responses.some(succeeded)
    // HubSpot retries server errors only; a 4xx would be a verdict, and is reported as such by the suite.
    if (!ok && responses.some((response) => response.status < 500)) break
  }
  return { ok, attempts, statuses, hubspotMessageId }
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
