import type { HubSpotClient } from '../hubspot'
import type { MessageEgg } from '../hubspot/custom-channels'
import { MAX_MESSAGE_TEXT_LENGTH } from '../hubspot/limits'
import { describeFailure } from '../platform/describe'
import { fetchMedia, fileNameOf } from '../media/fetch-media'
import { markdownToHtml, markdownToPlainText } from '../render/markdown-to-html'
import { withoutAttachedLinks, type MediaItem, type MediaKind, type RenderedContent } from '../render/message-content'
import { splitText } from '../render/split-text'
import { deliveryIdentifierOf } from '../customer/identity'
import { PublishTarget, recipientOf } from './session'
import { withoutBidiControls } from '../render/bidi'

type Logger = { warn(message: string): void }
type Attachment = MessageEgg['attachments'][number]

const USAGE_BY_KIND: Record<MediaKind, Attachment['fileUsageType']> = {
  image: 'IMAGE',
  audio: 'AUDIO',
  video: 'OTHER',
  file: 'OTHER',
}

/** Downloads of one message run at most this many at once; their uploads are paced with every HubSpot call. */
const PARALLEL_DOWNLOADS = 4
/** All media of one message get this long in all; later ones keep only their link. */
const MESSAGE_MEDIA_DEADLINE_MS = 15_000

/** How a retried send finds the files an earlier attempt uploaded: ids recorded on the Botpress message. */
type UploadRecord = {
  /** What an earlier attempt recorded: file ids in media order, empty where a media kept only its link. */
  recorded?: string
  record(fileIds: string): Promise<void>
}

/** A media's name before it is downloaded: its title on the card, else the last part of its address. */
export const mediaNameOf = (item: MediaItem): string =>
  withoutBidiControls(item.title || fileNameOf(item.url, 'attachment'))

async function inPool<T>(items: ReadonlyArray<T>, size: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      await work(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
}

/**
 * Re-hosts each media item in HubSpot Files (private) so the agent sees a real attachment. A media that
 * cannot be fetched in time or is too large is skipped with a warning: its link is in the text already.
 * Downloads run in parallel under one deadline for the whole message. The uploaded ids are recorded before the
 * message is published, so a retry (after the publish failed) attaches them instead of uploading the files again.
 */
async function uploadAttachments(
  hubspot: HubSpotClient,
  media: RenderedContent['media'],
  logger: Logger,
  uploads: UploadRecord | undefined,
): Promise<{ attachments: Attachment[]; attached: { item: MediaItem; name: string }[] }> {
  if (media.length === 0) return { attachments: [], attached: [] }
  const recorded = uploads?.recorded?.split(',')
  const fileIds: string[] = recorded?.length === media.length ? recorded : []
  // A retry reuses the uploads, so it names each file as the card or its address does.
  const names: string[] = media.map(mediaNameOf)
  if (fileIds.length === 0) {
    const deadline = AbortSignal.timeout(MESSAGE_MEDIA_DEADLINE_MS)
    await inPool(media, PARALLEL_DOWNLOADS, async (item, index) => {
      fileIds[index] = ''
      try {
        if (deadline.aborted) throw new Error('the message took too long to download its media')
        const fetched = await fetchMedia(item.url, deadline)
        const title = item.title && withoutBidiControls(item.title)
        const fileName = withoutBidiControls(title && /\.\w{2,5}$/.test(title) ? title : fetched.fileName)
        const file = await hubspot.files.upload({ bytes: fetched.bytes, name: fileName, mimeType: fetched.mimeType })
        fileIds[index] = file.id
        names[index] = fileName
      } catch (thrown) {
        const reason = describeFailure(thrown)
        logger.warn(`The ${item.kind} could not be attached in HubSpot (${reason}); the agent gets its link instead`)
      }
    })
    if (fileIds.some(Boolean)) await uploads?.record(fileIds.join(','))
  }
  const attachedIndexes = media.flatMap((_, index) => (fileIds[index] ? [index] : []))
  return {
    attachments: attachedIndexes.map((index) => ({
      type: 'FILE' as const,
      fileId: fileIds[index]!,
      fileUsageType: USAGE_BY_KIND[media[index]!.kind],
    })),
    attached: attachedIndexes.map((index) => ({ item: media[index]!, name: names[index]! })),
  }
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
  uploads?: UploadRecord
}): Promise<{ messageId: string; threadId: string }> {
  const { hubspot, session, messageId, content, logger } = args
  const { attachments, attached } = await uploadAttachments(hubspot, content.media, logger, args.uploads)
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
