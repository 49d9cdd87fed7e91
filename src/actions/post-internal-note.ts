import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { createHubSpotClient } from '../hubspot'
import { getHandoffConversation } from '../hitl/find-session'
import { suggestedReply } from '../render/suggested-reply'

/**
 * Assist mode: an AI agent suggests a reply to the human agent, as an internal comment the customer never sees
 * (HubSpot delivers no comment to the channel, and the webhook side relays only agent MESSAGEs). A suggestion is
 * marked as one and rendered from markdown; any other note is posted as its plain text.
 */
export const postInternalNote: bp.IntegrationProps['actions']['postInternalNote'] = async (props) => {
  const { client, input } = props
  const text = input.text?.trim()
  if (!text) throw new RuntimeError('The note is empty; give it some text.')
  const { threadId } = await getHandoffConversation(client, input.conversationId)
  const comment = input.suggestion === true ? suggestedReply(text) : { text }
  await createHubSpotClient(props).conversations.postComment(threadId, comment)
  return {}
}
