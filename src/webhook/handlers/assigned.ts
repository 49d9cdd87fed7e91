import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import { agentUserIdWithProfile } from '../../hitl/agent-user'
import { agentActorId, emitAssigned } from '../../hitl/assignment'
import { stampOf } from '../../hitl/event-order'
import { findSessionByThread } from '../../hitl/find-session'
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
  const session = await findSessionByThread(client, event.objectId)
  if (!session || !session.isOpen) return
  const stamp = stampOf(event)
  const order = session.compareWithApplied('assignedTo', stamp)
  if (order === 'older' || (order === 'same' && !session.pendingAgent)) return
  const actorId = agentActorId(event.propertyValue)
  if (!actorId) {
    props.logger.forBot().info(`HubSpot thread ${event.objectId} was unassigned; the session waits for another agent`)
    await session.recordUnassigned(stamp)
    return
  }
  const pending = session.assignedActorId === actorId ? session.pendingAgent : undefined
  if (session.assignedActorId === actorId && !pending) {
    await session.recordApplied('assignedTo', stamp)
    return
  }
  const agentId = pending ?? (await agentUserIdWithProfile({ client, hubspot, actorId }))
  if (session.knownAgent === agentId) {
    await session.recordAssignment(actorId, stamp)
    return
  }
  if (session.mayNotBeActiveYet()) {
    if (!pending || order === 'newer') await session.holdAssignment(actorId, agentId, stamp)
    await activeOrRedeliver(session)
  }
  await emitAssigned(client, session.id, agentId)
  await session.recordAssignment(actorId, stamp, agentId)
}
