import { isApiError, RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { createHubSpotClient } from '../../hubspot'

/** Assist mode: an AI agent suggests a reply to the human agent, as an internal comment the customer never sees. */
export const postInternalNote: bp.IntegrationProps['actions']['postInternalNote'] = async (props) => {
  const { client, input } = props
  const text = input.text?.trim()
  if (!text) throw new RuntimeError('The note is empty; give it some text.')
  let threadId: string | undefined
  try {
    threadId = (await client.getConversation({ id: input.conversationId })).conversation.tags.threadId
  } catch (thrown) {
    if (isApiError(thrown) && thrown.code === 404)
      throw new RuntimeError(`HITL conversation ${input.conversationId} does not exist.`)
    throw thrown
  }
  if (!threadId)
    throw new RuntimeError(`Conversation ${input.conversationId} is not a HubSpot handoff started by this integration.`)
  await createHubSpotClient(props).conversations.postComment(threadId, { text })
  return {}
}
