import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { createHubSpotClient } from '../hubspot'
import { getHandoffConversation } from '../hitl/find-session'

/** Assist mode: an AI agent suggests a reply to the human agent, as an internal comment the customer never sees. */
export const postInternalNote: bp.IntegrationProps['actions']['postInternalNote'] = async (props) => {
  const { client, input } = props
  const text = input.text?.trim()
  if (!text) throw new RuntimeError('The note is empty; give it some text.')
  const { threadId } = await getHandoffConversation(client, input.conversationId)
  await createHubSpotClient(props).conversations.postComment(threadId, { text })
  return {}
}
