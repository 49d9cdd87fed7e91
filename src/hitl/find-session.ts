import * as bp from '.botpress'

/**
 * The HITL conversation this install opened for a HubSpot thread, or undefined. Never creates one: events
 * for threads this install did not open (other channels, other bots) must leave no trace.
 */
export async function findConversationByThread(client: bp.Client, threadId: string) {
  const { conversations } = await client.listConversations({ channel: 'hitl', tags: { threadId } })
  return conversations[0]
}
