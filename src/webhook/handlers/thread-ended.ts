import * as bp from '.botpress'
import { finishSessionInCrm } from '../../crm/session-end'
import type { HubSpotClient } from '../../hubspot'
import { findConversationByThread } from '../../hitl/find-session'
import { claimSessionEnd } from '../../hitl/session-state'
import type { AppEvent } from '../events'
import { redeliverUntilActive, RedeliveryWanted } from '../failure'

type Props = Parameters<bp.IntegrationProps['handler']>[0]

/**
 * The agent closed, archived or deleted the thread: hitlStopped and the CRM follow-up, once per session.
 * A session the bot ended itself (stopHitl) holds the claim already, so HubSpot's CLOSED echo emits
 * nothing back at the bot. A close while the HITL plugin may not have activated the session yet waits for
 * HubSpot's redelivery: the plugin would drop hitlStopped and keep the customer in a session nobody answers.
 */
export async function handleThreadEnded(event: AppEvent, props: Props, hubspot: HubSpotClient): Promise<void> {
  const { client } = props
  const conversation = await findConversationByThread(client, event.objectId)
  if (!conversation) return
  if (conversation.tags.open !== 'false') redeliverUntilActive(conversation)
  const closedAt = new Date(event.occurredAt ?? Date.now()).toISOString()
  const claim = await claimSessionEnd(client, conversation.id, 'agent', closedAt)
  // Another call is ending the session right now (the bot's stopHitl, whose close this is the echo of): HubSpot's
  // redelivery comes back when that call finished, or takes over its claim if it failed.
  if (claim === 'in-progress') throw new RedeliveryWanted(`session ${conversation.id} is being ended by another call`)
  if (claim === 'finished') return
  if (claim.closedBy === 'agent') {
    // Not recorded on its own: a takeover may emit it again, which the plugin ignores for a session it ended.
    await claim.step('hitlStopped', async () => {
      const payload = { conversationId: conversation.id }
      await client.createEvent({ type: 'hitlStopped', conversationId: conversation.id, payload })
    })
  }
  await finishSessionInCrm({ props, hubspot, conversation, claim })
  await claim.finish()
}
