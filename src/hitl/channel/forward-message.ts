import * as bp from '.botpress'
import { createHubSpotClient } from '../../hubspot'
import { formatSystemNotice } from '../../render/transcript'
import { renderMessage } from '../../render/message-content'
import { sessionSeenActive } from '../assignment'
import { publishCustomerContent } from '../publish'
import { postNoticeOnce } from './post-notice'
import { SessionRecord } from '../session-record'
import { singleFlight } from '../../platform/single-flight'
import { assistsBot, tellBotOfCustomerMessage } from '../assist'

/**
 * A message the HITL plugin relays to the agent. With `payload.userId` it is the customer's and is
 * published INCOMING from the customer. Without it, it is the plugin's own notice ("( The user has ended
 * the session. )"): it must not look like the customer's words, so it becomes an internal comment marked
 * as coming from the bot. A customer message for a session that has ended is an internal note too. Every id comes
 * from the conversation's tags: no Botpress API read.
 *
 * Once per message however often Botpress delivers it: parallel copies in one warm instance share one run; a
 * retry finds what an earlier attempt recorded on the message (the ack's HubSpot id, the uploaded file ids), and a
 * customer message is published with the message id as HubSpot's idempotency id. A notice copy reaching another
 * instance at the same moment is kept apart only by postNoticeOnce's read of the thread.
 *
 * In assist mode the bot is also told of each customer message published (src/hitl/assist.ts), once per message
 * as far as the ack records it.
 */
export const forwardMessage = (props: bp.AnyMessageProps): Promise<void> =>
  singleFlight(props.ctx, `message:${props.message.id}`, () => forwardOnce(props))

async function forwardOnce(props: bp.AnyMessageProps): Promise<void> {
  const record = SessionRecord.of(props.client, props.conversation)
  const session = record.channelSession()
  const hubspot = createHubSpotClient(props)
  const content = renderMessage({ type: props.type, payload: props.payload })
  // A plugin notice must not look like the customer's words; and HubSpot reopens a closed thread on an incoming
  // message, with no session behind it, so a message the plugin relayed while the session was ending reaches the
  // agent as a note too.
  const note = !props.payload.userId
    ? formatSystemNotice(content.text)
    : !record.isOpen
      ? `${session.customerName || 'The customer'} wrote after the session ended: ${content.text.trim()}`
      : undefined
  if (note !== undefined) {
    // Posted and acked by an earlier attempt.
    if (props.message.tags.hubspotMessageId) return
    const commentId = await postNoticeOnce(hubspot, session.threadId, note, props.message.createdAt)
    await props.ack({ tags: { hubspotMessageId: commentId } })
    return
  }
  const { messageId } = await publishCustomerContent({
    hubspot,
    session,
    messageId: props.message.id,
    createdAt: props.message.createdAt,
    content,
    logger: props.logger.forBot(),
    uploads: {
      recorded: props.message.tags.hubspotFileIds,
      record: async (fileIds) => {
        await props.client.updateMessage({ id: props.message.id, tags: { hubspotFileIds: fileIds } })
      },
    },
  })
  // Told before the ack: a message acked by an earlier attempt was told of already.
  if (assistsBot(record, props.ctx.configuration) && !props.message.tags.hubspotMessageId) {
    await tellBotOfCustomerMessage({
      client: props.client,
      hubspot,
      session,
      message: { id: props.message.id, type: props.type, hubspotMessageId: messageId },
      content,
      logger: props.logger.forBot(),
    })
  }
  await props.ack({ tags: { hubspotMessageId: messageId } })
  // The plugin relays customer messages only for an active session.
  await sessionSeenActive(props, record)
}
