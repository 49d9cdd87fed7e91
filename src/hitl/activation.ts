import { setTimeout as sleep } from 'node:timers/promises'
import * as bp from '.botpress'
import { mayNotBeActiveYet } from './assignment'

type Conversation = { id: string; tags: Record<string, string | undefined> }

/**
 * How long an event the HITL plugin would drop before it activated the session is held, and how. HubSpot gives a
 * webhook 5 s to answer, so the hold ends well before; `settleMs` covers the plugin's writes between its link tag
 * and its activation (the start message id, then its `hitl` state).
 */
export const activationHold = { budgetMs: 2_500, pollMs: 250, settleMs: 1_000 }

/**
 * The HITL plugin's link to the customer's chat on the HITL conversation: its `upstream` tag, stored under the
 * plugin's alias (`hitl#upstream` by default). The plugin writes it after startHitl returned, as its last step
 * but one before activating the session (plugins/hitl `actions/start-hitl.ts`, `_linkConversations` then
 * `_saveStartMessageId` and `_activateHitl`), and never removes it.
 */
export const hasPluginLink = (tags: Conversation['tags']) =>
  Object.entries(tags).some(([name, value]) => name.endsWith('#upstream') && Boolean(value))

/**
 * Waits, briefly, for the plugin to activate the session: returns the conversation as last read once it may take
 * events and agent messages, or undefined when it still may not at the end of the hold (left to a redelivery).
 * Costs nothing when the session is known to be active; the first hold that sees the plugin's link records it
 * (`activeSeenAt`), so later events go through at once.
 */
export async function untilActive<C extends Conversation>(client: bp.Client, conversation: C): Promise<C | undefined> {
  if (!mayNotBeActiveYet(conversation.tags)) return conversation
  const deadline = Date.now() + activationHold.budgetMs
  let current = conversation
  while (!hasPluginLink(current.tags)) {
    if (Date.now() + activationHold.pollMs > deadline) return undefined
    await sleep(activationHold.pollMs)
    current = (await client.getConversation({ id: conversation.id })).conversation as unknown as C
    if (!mayNotBeActiveYet(current.tags)) return current
  }
  await sleep(activationHold.settleMs)
  const activeSeenAt = new Date().toISOString()
  await client.updateConversation({ id: conversation.id, tags: { activeSeenAt } })
  return { ...current, tags: { ...current.tags, activeSeenAt } }
}

/** Not a failure: the event cannot be acted on yet, and HubSpot's redelivery will find it actionable. */
export class RedeliveryWanted extends Error {
  public constructor(reason: string) {
    super(`waiting for redelivery: ${reason}`)
    this.name = 'RedeliveryWanted'
  }
}

/**
 * An event the HITL plugin would drop while it may not have activated the session yet (see mayNotBeActiveYet) is
 * held briefly for the activation (untilActive), else left to HubSpot's redelivery. Returns the conversation as
 * last read.
 */
export async function activeOrRedeliver<C extends Conversation>(client: bp.Client, conversation: C): Promise<C> {
  const active = await untilActive(client, conversation)
  if (!active) throw new RedeliveryWanted(`the HITL plugin may not have activated session ${conversation.id} yet`)
  return active
}
