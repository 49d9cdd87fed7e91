import * as bp from '.botpress'
import { readState } from '../../platform/state'
import type { HubSpotClient } from '../../hubspot'
import type { FileAttachment } from '../../hubspot/schemas'
import { agentUserId } from '../../hitl/agent-user'
import { agentActorId } from '../../hitl/assignment'
import { RedeliveryWanted, untilActive } from '../../hitl/activation'
import { findSessionByThread } from '../../hitl/find-session'
import type { SessionRecord } from '../../hitl/session-record'
import { agentReplyMarkdown } from '../../render/html-to-markdown'
import { describeFailure } from '../../platform/describe'
import { isTransientFailure } from '../failure'
import type { OutgoingMessageEvent } from '../events'

type Props = bp.HandlerProps
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

type Message = OutgoingMessageEvent['message']

/**
 * HubSpot documents no retry policy for custom-channel webhooks (its app webhooks retry a 5xx up to 10 times,
 * the first after about 2 minutes, doubling). Our assumption: an agent reply is still worth retrying until it is
 * an hour old; the first attempt after that, the fifth retry on that schedule, is the last one asked for.
 */
export const LAST_ATTEMPT_AFTER_MS = 60 * 60_000

/** When the reply was written: its createdAt, else the event's timestamp (epoch ms or ISO); undefined if neither reads. */
function writtenAt(event: OutgoingMessageEvent): number | undefined {
  for (const value of [event.message.createdAt, event.eventTimestamp]) {
    const at = typeof value === 'number' || /^\d+$/.test(value ?? '') ? Number(value) : Date.parse(value ?? '')
    if (Number.isFinite(at)) return at
  }
  return undefined
}

/** A reply whose age cannot be read gets no second chance: the agent is told at once. */
const isLastAttempt = (event: OutgoingMessageEvent) => {
  const at = writtenAt(event)
  return at === undefined || Date.now() - at >= LAST_ATTEMPT_AFTER_MS
}

/** Text (sanitized markdown) then one message per attachment, each with a key for deduplication. */
async function messagesOf(
  message: Message & { id: string },
  hubspot: HubSpotClient,
): Promise<{ key: string; message: HitlMessage }[]> {
  const out: { key: string; message: HitlMessage }[] = []
  const text = agentReplyMarkdown(message)
  if (text) out.push({ key: message.id, message: { type: 'text', payload: { text } } })
  for (const attachment of message.attachments) {
    if (!attachment.fileId || (attachment.type ?? 'FILE') !== 'FILE') continue
    // HubSpot keeps agent attachments private: the customer gets a signed link that works without a login.
    const { url } = await hubspot.files.signedUrl(attachment.fileId)
    out.push({ key: `${message.id}:file:${attachment.fileId}`, message: messageForAttachment(attachment, url) })
  }
  return out
}

/** Our own publishes, internal comments and anything not sent by an agent are never echoed to the customer. */
const isForCustomer = (message: Message) =>
  (message.type ?? 'MESSAGE') === 'MESSAGE' &&
  (message.direction ?? 'OUTGOING') === 'OUTGOING' &&
  message.client?.clientType !== 'INTEGRATION'

/**
 * The session the reply belongs to; 'foreign' when the event provably is not for this install (a thread
 * it never opened, another channel account or another channel than the session's, or, without a thread id,
 * another channel); undefined when it cannot tell.
 */
async function sessionOf(event: OutgoingMessageEvent, props: Props): Promise<SessionRecord | 'foreign' | undefined> {
  const { message } = event
  const accountId = message.channelAccountId ?? event.channelAccountId
  const channelId = event.channelId ?? message.channelId
  if (message.conversationsThreadId) {
    const session = await findSessionByThread(props.client, message.conversationsThreadId)
    if (!session) return 'foreign'
    // The channel account names the channel too; without one, a channel id must be the session's.
    const otherChannel = channelId !== undefined && channelId !== session.channelId
    if (accountId ? session.channelAccountId !== accountId : otherChannel) return 'foreign'
    return session
  }
  const ours = (await readState(props.client, 'integration', props.ctx.integrationId, 'channel'))?.channelId
  return channelId && ours && channelId !== ours ? 'foreign' : undefined
}

/** Delivers the reply as the agent; returns why it cannot be delivered, or undefined once it is. */
async function deliver(
  message: Message,
  session: SessionRecord | undefined,
  props: Props,
  hubspot: HubSpotClient,
): Promise<string | undefined> {
  if (!session) return 'it names no HubSpot thread (conversationsThreadId)'
  const { id } = message
  if (!id) return 'it has no message id'
  const sender = message.senders.find((s) => s.actorId)
  const actorId = agentActorId(sender?.actorId ?? message.createdBy)
  if (!actorId) return 'it names no sending agent (senders[].actorId)'
  // The plugin drops an agent message before it activated the session: not delivered, so not reported SENT. Asked
  // first, so a reply held for a redelivery reads no attachment and no agent profile until it can be delivered.
  if (!(await untilActive(session))) return 'the HITL plugin has not activated the session yet'
  const items = await messagesOf({ ...message, id }, hubspot)
  if (items.length === 0) return 'it has no text, rich text or file attachment'
  const agentId = await agentUserId({ client: props.client, hubspot, actorId }, sender?.name)
  for (const { key, message: item } of items) {
    await props.client.getOrCreateMessage({
      conversationId: session.id,
      userId: agentId,
      type: item.type,
      payload: item.payload,
      tags: { hubspotMessageId: key },
      discriminateByTags: ['hubspotMessageId'],
    } as bp.ClientRequests['getOrCreateMessage'])
  }
  // The plugin takes the first agent who writes as the session's agent when it knows none, and tells the customer.
  await session.adoptAgent(agentId)
  return undefined
}

/** Why an agent's reply to an ended session was not delivered, naming the side that ended it. */
async function endedSessionReason(client: bp.Client, conversationId: string): Promise<string> {
  const end = await readState(client, 'conversation', conversationId, 'sessionEnd')
  const who =
    end?.closedBy === 'agent'
      ? 'This conversation was closed in HubSpot, which ended the session with the customer'
      : end?.closedBy === 'bot'
        ? 'The session was ended on the bot side (the customer left, or the bot stopped the handoff)'
        : 'The session with the customer has ended'
  return `${who}; the message was not delivered.`
}

/**
 * OUTGOING_CHANNEL_MESSAGE_CREATED: delivers an agent's reply to the customer, exactly once however often
 * HubSpot redelivers (getOrCreateMessage keyed by the HubSpot message id), then reports SENT. Only an event that
 * provably is not for this install (or not for the customer) is acknowledged without delivery. One this install
 * cannot deliver (a part it needs is missing, or a permanent error) is answered for redelivery, logged with the
 * reason, until the last attempt (LAST_ATTEMPT_AFTER_MS), which reports it FAILED to the agent with the reason.
 * Transient failures are rethrown for a 5xx.
 */
export async function handleAgentReply(
  event: OutgoingMessageEvent,
  props: Props,
  hubspot: HubSpotClient,
): Promise<void> {
  const { message } = event
  if (!isForCustomer(message)) return
  const session = await sessionOf(event, props)
  if (session === 'foreign') return
  const channelId = event.channelId ?? message.channelId ?? session?.channelId
  const report = (status: { statusType: 'SENT' | 'FAILED'; errorMessage?: string }) =>
    hubspot.channels.updateMessageStatus(channelId!, message.id!, status)

  if (session && !session.isOpen && message.id && channelId)
    return report({ statusType: 'FAILED', errorMessage: await endedSessionReason(props.client, session.id) })
  let failure: string | undefined
  try {
    failure = await deliver(message, session, props, hubspot)
  } catch (thrown) {
    if (isTransientFailure(thrown)) throw thrown
    failure = describeFailure(thrown)
  }
  if (!failure) return report({ statusType: 'SENT' })

  const what = `The agent reply ${message.id ?? '(no id)'} in HubSpot thread ${message.conversationsThreadId ?? '(none)'}`
  if (!isLastAttempt(event) || !message.id || !channelId)
    throw new RedeliveryWanted(`${what} cannot be delivered: ${failure}`)
  props.logger.forBot().error(`${what} could not be delivered, and is reported FAILED in HubSpot: ${failure}`)
  await report({ statusType: 'FAILED', errorMessage: `Not delivered to the customer: ${failure}`.slice(0, 500) })
}
