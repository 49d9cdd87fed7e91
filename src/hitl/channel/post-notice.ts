import type { HubSpotClient } from '../../hubspot'

/**
 * Posts a plugin notice as an internal comment, once. HubSpot has no idempotency key for comments, so when
 * an earlier attempt was applied but its answer lost, Botpress' redelivery must not post it again: the
 * thread is checked first for the same notice written since the Botpress message was. Notices are rare
 * (a session ending, an unsupported message type), so the extra read costs little.
 */
export async function postNoticeOnce(
  hubspot: HubSpotClient,
  threadId: string,
  text: string,
  writtenAt: string,
): Promise<string> {
  const since = Date.parse(writtenAt)
  const history = await hubspot.conversations.listThreadMessages(threadId)
  const earlier = history.find(
    (item) =>
      item.type === 'COMMENT' &&
      item.text === text &&
      (Number.isNaN(since) || Date.parse(item.createdAt ?? '') >= since - 1000),
  )
  return (earlier ?? (await hubspot.conversations.postComment(threadId, { text }))).id
}
