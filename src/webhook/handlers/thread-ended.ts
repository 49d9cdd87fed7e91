import * as bp from '.botpress'
import { finishSessionInCrm } from '../../crm/session-end'
import type { HubSpotClient } from '../../hubspot'
import { findConversationByThread } from '../../hitl/find-session'
import { claimSessionEnd } from '../../hitl/session-state'
import type { AppEvent } from '../events'
import { redeliverUntilActive } from '../failure'

type Props = bp.HandlerProps

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
  if (!claim) return
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
