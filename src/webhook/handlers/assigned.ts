import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import { agentUserIdWithProfile } from '../../hitl/agent-user'
import { agentActorId, emitAssigned, mayNotBeActiveYet } from '../../hitl/assignment'
import { appliedTag, compareWithApplied, stampOf } from '../../hitl/event-order'
import { findConversationByThread } from '../../hitl/find-session'
import type { AppEvent } from '../events'
import { activeOrRedeliver } from '../../hitl/activation'

type Props = bp.HandlerProps

/**
 * assignedTo changed: tells the bot which agent took the session, as the same Botpress user the agent's replies
 * come from, unless the HITL plugin already knows that agent for the session (announced before, or adopted with
 * their first reply): the plugin tells the customer "joined" on every hitlAssigned, so the customer reads it once
 * per agent. Only the newest assignment counts: an event older than the last one applied or held (a late
 * redelivery, a replay) changes nothing, and the same event again does nothing it has not done yet.
 *
 * While the plugin may not have activated the session yet it would drop hitlAssigned, so the assignment is kept
 * pending on the conversation and the webhook held briefly for the activation (activeOrRedeliver); if the plugin
 * is slower, it is answered for redelivery, and the bot hears of it on HubSpot's redelivery or with the customer's
 * next message (see sessionSeenActive), whichever comes first.
 */
export async function handleAssignment(event: AppEvent, props: Props, hubspot: HubSpotClient): Promise<void> {
  const { client } = props
  const conversation = await findConversationByThread(client, event.objectId)
  if (!conversation || conversation.tags.open === 'false') return
  const { tags } = conversation
  const stamp = stampOf(event)
  const order = compareWithApplied(tags, 'assignedTo', stamp)
  if (order === 'older' || (order === 'same' && !tags.pendingAgentUserId)) return
  const applied = appliedTag('assignedTo', stamp)
  const actorId = agentActorId(event.propertyValue)
  if (!actorId) {
    props.logger.forBot().info(`HubSpot thread ${event.objectId} was unassigned; the session waits for another agent`)
    // An agent unassigned before the bot heard of them is no longer announced.
    const forget = tags.pendingAgentUserId ? { pendingAgentUserId: '', assignedActorId: '' } : {}
    await client.updateConversation({ id: conversation.id, tags: { ...applied, ...forget } })
    return
  }
  const pending = tags.assignedActorId === actorId ? tags.pendingAgentUserId : undefined
  if (tags.assignedActorId === actorId && !pending) {
    await client.updateConversation({ id: conversation.id, tags: applied })
    return
  }
  const agentId = pending ?? (await agentUserIdWithProfile({ client, hubspot, actorId }))
  const told = { ...applied, assignedActorId: actorId, pendingAgentUserId: '' }
  if (tags.knownAgentUserId === agentId) {
    await client.updateConversation({ id: conversation.id, tags: told })
    return
  }
  if (mayNotBeActiveYet(tags)) {
    if (!pending || order === 'newer') {
      await client.updateConversation({
        id: conversation.id,
        tags: { ...applied, assignedActorId: actorId, pendingAgentUserId: agentId },
      })
    }
    await activeOrRedeliver(client, conversation)
  }
  await emitAssigned(client, conversation.id, agentId)
  await client.updateConversation({ id: conversation.id, tags: { ...told, knownAgentUserId: agentId } })
}
