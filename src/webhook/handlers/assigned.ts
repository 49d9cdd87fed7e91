import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import { agentUserIdWithProfile } from '../../hitl/agent-user'
import { agentActorId, emitAssigned, mayNotBeActiveYet } from '../../hitl/assignment'
import { findConversationByThread } from '../../hitl/find-session'
import type { AppEvent } from '../events'
import { redeliverUntilActive } from '../failure'

type Props = bp.HandlerProps

/**
 * assignedTo changed: tells the bot which agent took the session, as the same Botpress user the agent's replies
 * come from. A redelivery for the same agent emits nothing new; a reassignment emits again.
 *
 * An assignment made while the HITL plugin may not have activated the session yet would be dropped by the plugin,
 * so it is kept pending on the conversation instead and the webhook is answered for redelivery: the bot hears of
 * it on HubSpot's redelivery, or earlier with the customer's next message (see sessionSeenActive).
 */
export async function handleAssignment(event: AppEvent, props: Props, hubspot: HubSpotClient): Promise<void> {
  const { client } = props
  const conversation = await findConversationByThread(client, event.objectId)
  if (!conversation || conversation.tags.open === 'false') return
  const actorId = agentActorId(event.propertyValue)
  if (!actorId) {
    props.logger.forBot().info(`HubSpot thread ${event.objectId} was unassigned; the session waits for another agent`)
    return
  }
  const { tags } = conversation
  const pending = tags.assignedActorId === actorId ? tags.pendingAgentUserId : undefined
  if (tags.assignedActorId === actorId && !pending) return

  const agentId = pending ?? (await agentUserIdWithProfile({ client, hubspot, actorId }))
  if (!pending && mayNotBeActiveYet(tags)) {
    await client.updateConversation({
      id: conversation.id,
      tags: { assignedActorId: actorId, pendingAgentUserId: agentId },
    })
  }
  redeliverUntilActive(conversation)
  await emitAssigned(client, conversation.id, agentId)
  await client.updateConversation({ id: conversation.id, tags: { assignedActorId: actorId, pendingAgentUserId: '' } })
}
