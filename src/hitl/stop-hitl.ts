import * as bp from '.botpress'
import { createHubSpotClient } from '../hubspot'
import { isNotFound } from '../hubspot/errors'
import { finishSessionInCrm } from '../crm/session-end'
import { getHandoffConversation } from './find-session'
import { claimSessionEnd } from './session-state'

/**
 * Closes the HubSpot thread. The session is marked closed by the bot first, so the CLOSED webhook HubSpot
 * sends back does not emit hitlStopped at the bot that asked for it. Closing a thread that is already
 * closed, archived or deleted succeeds. The CRM follow-up (ticket closed, transcript notes) runs once.
 */
export const stopHitl: bp.IntegrationProps['actions']['stopHitl'] = async (props) => {
  const { client, input } = props
  const { conversation, threadId } = await getHandoffConversation(client, input.conversationId)
  const claim = await claimSessionEnd(client, conversation.id, 'bot', new Date().toISOString())
  const hubspot = createHubSpotClient(props)
  try {
    await hubspot.conversations.setThreadStatus(threadId, 'CLOSED')
  } catch (thrown) {
    if (!isNotFound(thrown)) throw thrown
    props.logger.forBot().info(`HubSpot thread ${threadId} was already deleted or archived`)
  }
  if (claim) {
    await finishSessionInCrm({ props, hubspot, conversation, claim })
    await claim.finish()
  }
  return {}
}
