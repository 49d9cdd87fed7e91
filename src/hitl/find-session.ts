import { isApiError, RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { SessionRecord } from './session-record'

/**
 * The session of the HITL conversation this install opened for a HubSpot thread, or undefined. Never creates one:
 * events for threads this install did not open (other channels, other bots) must leave no trace.
 */
export const findSessionByThread = (client: bp.Client, threadId: string) =>
  findSession(client, SessionRecord.threadFilter(threadId))

/** The same, for the HubSpot ticket this install opened for a session: another's ticket finds nothing. */
export const findSessionByTicket = (client: bp.Client, ticketId: string) =>
  findSession(client, SessionRecord.ticketFilter(ticketId))

async function findSession(
  client: bp.Client,
  tags: ReturnType<typeof SessionRecord.threadFilter>,
): Promise<SessionRecord | undefined> {
  const { conversations } = await client.listConversations({ channel: 'hitl', tags })
  return conversations[0] && SessionRecord.of(client, conversations[0])
}

/**
 * The session of the HITL conversation an action names by id, with its HubSpot thread id. A RuntimeError the bot builder can
 * act on when the id is empty, unknown, or names a conversation this integration did not open (an empty id
 * would otherwise reach the Botpress API as a list request).
 */
export async function getHandoffConversation(client: bp.Client, conversationId: string) {
  if (!conversationId.trim()) {
    throw new RuntimeError('conversationId is empty: pass the id of the HITL conversation that startHitl returned.')
  }
  let conversation
  try {
    conversation = (await client.getConversation({ id: conversationId })).conversation
  } catch (thrown) {
    if (isApiError(thrown) && thrown.code === 404)
      throw new RuntimeError(`HITL conversation ${conversationId} does not exist.`)
    throw thrown
  }
  const session = SessionRecord.of(client, conversation)
  const threadId = session.threadId
  if (conversation.channel !== 'hitl' || !threadId) {
    throw new RuntimeError(`Conversation ${conversationId} is not a HubSpot handoff started by this integration.`)
  }
  return { session, threadId }
}
