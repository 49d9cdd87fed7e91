import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import type { FileAttachment } from '../../hubspot/schemas'
import { getAgentUser } from '../../hitl/agent-user'
import { findConversationByThread } from '../../hitl/find-session'
import { htmlToMarkdown } from '../../render/html-to-markdown'
import { describeFailure } from '../../describe'
import { isTransientFailure } from '../failure'
import type { OutgoingMessageEvent } from '../events'

type Props = Parameters<bp.IntegrationProps['handler']>[0]
type HitlMessage =
  | { type: 'text'; payload: { text: string } }
  | { type: 'image'; payload: { imageUrl: string; title?: string } }
  | { type: 'audio'; payload: { audioUrl: string; title?: string } }
  | { type: 'video'; payload: { videoUrl: string; title?: string } }
  | { type: 'file'; payload: { fileUrl: string; title?: string } }

const VIDEO_EXTENSIONS = /\.(mp4|mov|webm|m4v|avi|mkv)$/i
const AUDIO_EXTENSIONS = /\.(mp3|m4a|ogg|oga|wav|aac|flac|opus)$/i
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|svg)$/i

/** By HubSpot's usage type first, then by the file's extension (HubSpot reports videos as OTHER). */
function messageForAttachment(attachment: FileAttachment, url: string): HitlMessage {
  const title = attachment.name ?? undefined
  const name = attachment.name ?? url
  const usage = attachment.fileUsageType
  if (usage === 'IMAGE' || usage === 'STICKER' || IMAGE_EXTENSIONS.test(name))
    return { type: 'image', payload: { imageUrl: url, title } }
  if (usage === 'AUDIO' || usage === 'VOICE_RECORDING' || AUDIO_EXTENSIONS.test(name))
    return { type: 'audio', payload: { audioUrl: url, title } }
  if (VIDEO_EXTENSIONS.test(name)) return { type: 'video', payload: { videoUrl: url, title } }
  return { type: 'file', payload: { fileUrl: url, title } }
}

/** Text (rich text converted to markdown) then one message per attachment, each with a key for deduplication. */
async function messagesOf(
  event: OutgoingMessageEvent,
  hubspot: HubSpotClient,
): Promise<{ key: string; message: HitlMessage }[]> {
  const { message } = event
  const out: { key: string; message: HitlMessage }[] = []
  const text = message.richText ? htmlToMarkdown(message.richText) : (message.text ?? '').trim()
  if (text) out.push({ key: message.id, message: { type: 'text', payload: { text } } })
  for (const attachment of message.attachments.filter((a) => a.type === 'FILE' && a.fileId)) {
    // HubSpot keeps agent attachments private: the customer gets a signed link that works without a login.
    const { url } = await hubspot.files.signedUrl(attachment.fileId!)
    out.push({ key: `${message.id}:file:${attachment.fileId}`, message: messageForAttachment(attachment, url) })
  }
  return out
}

/** Our own publishes, internal comments and anything not sent by an agent are never echoed to the customer. */
function isAgentMessage(event: OutgoingMessageEvent): boolean {
  const { message } = event
  return message.type === 'MESSAGE' && message.direction === 'OUTGOING' && message.client?.clientType !== 'INTEGRATION'
}

/**
 * OUTGOING_CHANNEL_MESSAGE_CREATED: delivers an agent's reply to the customer, exactly once however often
 * HubSpot redelivers (getOrCreateMessage keyed by the HubSpot message id), then reports SENT or FAILED.
 * Transient failures are rethrown for a 5xx; permanent ones are reported to HubSpot and logged.
 */
export async function handleAgentReply(
  event: OutgoingMessageEvent,
  props: Props,
  hubspot: HubSpotClient,
): Promise<void> {
  const { client } = props
  const logger = props.logger.forBot()
  const { message } = event
  if (!isAgentMessage(event)) return
  const conversation = await findConversationByThread(client, message.conversationsThreadId)
  const accountId = message.channelAccountId ?? event.channelAccountId
  if (!conversation || (accountId && conversation.tags.channelAccountId !== accountId)) return

  const channelId = event.channelId ?? message.channelId ?? conversation.tags.channelId!
  if (conversation.tags.open === 'false') {
    await hubspot.channels.updateMessageStatus(channelId, message.id, {
      statusType: 'FAILED',
      errorMessage: 'The customer has left this conversation; the message was not delivered.',
    })
    return
  }
  try {
    const sender = message.senders.find((s) => s.actorId)
    if (!sender?.actorId) throw new Error('the message has no sending agent')
    const agent = await getAgentUser(client, hubspot, sender.actorId, sender.name ?? undefined)
    for (const { key, message: item } of await messagesOf(event, hubspot)) {
      await client.getOrCreateMessage({
        conversationId: conversation.id,
        userId: agent.id,
        type: item.type,
        payload: item.payload,
        tags: { hubspotMessageId: key },
        discriminateByTags: ['hubspotMessageId'],
      } as Parameters<bp.Client['getOrCreateMessage']>[0])
    }
  } catch (thrown) {
    if (isTransientFailure(thrown)) throw thrown
    logger.error(
      `An agent reply in HubSpot thread ${message.conversationsThreadId} could not be delivered: ${describeFailure(thrown)}`,
    )
    await hubspot.channels.updateMessageStatus(channelId, message.id, {
      statusType: 'FAILED',
      errorMessage: describeFailure(thrown).slice(0, 500),
    })
    return
  }
  await hubspot.channels.updateMessageStatus(channelId, message.id, { statusType: 'SENT' })
}
