import type { HubSpotClient } from '../hubspot'
import type { MessageEgg } from '../hubspot/custom-channels'
import { MAX_MESSAGE_TEXT_LENGTH } from '../hubspot/limits'
import { describeFailure } from '../describe'
import { fetchMedia } from '../media/fetch-media'
import { markdownToHtml, markdownToPlainText } from '../render/markdown-to-html'
import { withoutAttachedLinks, type MediaItem, type MediaKind, type RenderedContent } from '../render/message-content'
import { splitText } from '../render/split-text'
import { deliveryIdentifierOf } from './customer-identity'
import { PublishTarget, recipientOf } from './session'

type Logger = { warn(message: string): void }
type Attachment = MessageEgg['attachments'][number]

const USAGE_BY_KIND: Record<MediaKind, Attachment['fileUsageType']> = {
  image: 'IMAGE',
  audio: 'AUDIO',
  video: 'OTHER',
  file: 'OTHER',
}

/**
 * Re-hosts each media item in HubSpot Files (private) so the agent sees a real attachment. A media that
 * cannot be fetched or is too large is skipped with a warning: its link stays in the text.
 */
async function uploadAttachments(
  hubspot: HubSpotClient,
  media: RenderedContent['media'],
  logger: Logger,
): Promise<{ attachments: Attachment[]; attached: { item: MediaItem; name: string }[] }> {
  const attachments: Attachment[] = []
  const attached: { item: MediaItem; name: string }[] = []
  for (const item of media) {
    try {
      const fetched = await fetchMedia(item.url)
      const fileName = item.title && /\.\w{2,5}$/.test(item.title) ? item.title : fetched.fileName
      const file = await hubspot.files.upload({ bytes: fetched.bytes, name: fileName, mimeType: fetched.mimeType })
      attachments.push({ type: 'FILE', fileId: file.id, fileUsageType: USAGE_BY_KIND[item.kind] })
      attached.push({ item, name: fileName })
    } catch (thrown) {
      const reason = describeFailure(thrown)
      logger.warn(`The ${item.kind} could not be attached in HubSpot (${reason}); the agent gets its link instead`)
    }
  }
  return { attachments, attached }
}

const preResolved = (contactId: string, session: PublishTarget) => ({
  contacts: [
    {
      contactVid: Number(contactId),
      contactPropertiesLeadingToMatch: [session.customer.kind === 'phone' ? 'phone' : 'email'],
    },
  ],
})

/** One part when it fits; otherwise the markdown split at HubSpot's limit, each part with its own plain text. */
function partsOf(content: RenderedContent): { text: string; markdown: string }[] {
  if (content.markdown.length <= MAX_MESSAGE_TEXT_LENGTH && content.text.length <= MAX_MESSAGE_TEXT_LENGTH)
    return [content]
  return splitText(content.markdown, MAX_MESSAGE_TEXT_LENGTH).map((markdown) => ({
    markdown,
    text: markdownToPlainText(markdown),
  }))
}

/**
 * Publishes what a customer wrote into the session's thread, INCOMING from the customer. Texts above
 * HubSpot's limit become several messages; each part has an idempotency id derived from the Botpress
 * message id, so a retried send never duplicates, and carries the Botpress message's time (plus its index)
 * so the thread keeps the order in which messages were written. Returns the first published message.
 */
export async function publishCustomerContent(args: {
  hubspot: HubSpotClient
  session: PublishTarget
  messageId: string
  createdAt: string
  /** `text` is the plain form HubSpot requires (what the customer typed), `markdown` becomes the rich text. */
  content: RenderedContent
  /** The customer's CRM contact, so HubSpot links the thread to it instead of guessing. */
  contactId?: string
  logger: Logger
}): Promise<{ messageId: string; threadId: string }> {
  const { hubspot, session, messageId, content, logger } = args
  const { attachments, attached } = await uploadAttachments(hubspot, content.media, logger)
  const shown = withoutAttachedLinks(content, attached)
  const base = Date.parse(args.createdAt) || Date.now()
  const published: { messageId: string; threadId: string }[] = []
  for (const [index, part] of partsOf(shown).entries()) {
    const message = await hubspot.channels.publishMessage(session.channelId, {
      channelAccountId: session.channelAccountId,
      messageDirection: 'INCOMING',
      integrationThreadId: session.integrationThreadId,
      integrationIdempotencyId: index === 0 ? messageId : `${messageId}:${index + 1}`,
      senders: [{ name: session.customerName, deliveryIdentifier: deliveryIdentifierOf(session.customer) }],
      recipients: [recipientOf(session)],
      text: part.text,
      richText: part.markdown ? markdownToHtml(part.markdown) : undefined,
      timestamp: new Date(base + index).toISOString(),
      attachments: index === 0 ? attachments : [],
      ...(args.contactId && index === 0 ? { preResolvedContacts: preResolved(args.contactId, session) } : {}),
    })
    published.push({ messageId: message.id, threadId: message.conversationsThreadId })
  }
  return published[0]!
}
