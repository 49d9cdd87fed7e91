import * as bp from '.botpress'
import { findConversationByThread } from '../../hitl/find-session'
import { claimSessionEnd } from '../../hitl/session-state'
import type { AppEvent } from '../events'

type Props = Parameters<bp.IntegrationProps['handler']>[0]

/**
 * The agent closed, archived or deleted the thread: hitlStopped, once per session. A session the bot ended
 * itself (stopHitl) holds the claim already, so HubSpot's CLOSED echo emits nothing back at the bot.
 */
export async function handleThreadEnded(event: AppEvent, props: Props): Promise<void> {
  const { client } = props
  const conversation = await findConversationByThread(client, event.objectId)
  if (!conversation) return
  const closedAt = new Date(event.occurredAt ?? Date.now()).toISOString()
  const claim = await claimSessionEnd(client, conversation.id, 'agent', closedAt)
  if (!claim) return
  if (claim.closedBy === 'agent') {
    await client.createEvent({
      type: 'hitlStopped',
      conversationId: conversation.id,
      payload: { conversationId: conversation.id },
    })
  }
  await claim.finish()
}
