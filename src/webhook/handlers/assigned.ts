import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import { readState, writeState } from '../../botpress/state'
import { getAgentUser } from '../../hitl/agent-user'
import { findConversationByThread } from '../../hitl/find-session'
import type { AppEvent } from '../events'

type Props = Parameters<bp.IntegrationProps['handler']>[0]

/**
 * assignedTo changed: tells the bot which agent took the session, as the same Botpress user the agent's
 * replies come from. A redelivery for the same agent emits nothing new; a reassignment emits again.
 */
export async function handleAssignment(event: AppEvent, props: Props, hubspot: HubSpotClient): Promise<void> {
  const { client } = props
  const conversation = await findConversationByThread(client, event.objectId)
  if (!conversation || conversation.tags.open === 'false') return
  const actorId = event.propertyValue
  if (!actorId) {
    props.logger.forBot().info(`HubSpot thread ${event.objectId} was unassigned; the session waits for another agent`)
    return
  }
  const previous = await readState(client, 'conversation', conversation.id, 'assignment')
  if (previous?.actorId === actorId) return
  const agent = await getAgentUser(client, hubspot, actorId)
  await client.createEvent({
    type: 'hitlAssigned',
    conversationId: conversation.id,
    payload: { conversationId: conversation.id, userId: agent.id },
  })
  await writeState(client, 'conversation', conversation.id, 'assignment', { actorId })
}
