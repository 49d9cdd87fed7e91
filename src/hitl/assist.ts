import * as bp from '.botpress'
import type { HubSpotClient } from '../hubspot'
import type { ThreadItem } from '../hubspot/schemas'
import { contactTags } from '../customer/identity'
import { describeFailure } from '../platform/describe'
import type { RenderedContent } from '../render/message-content'
import { truncateText } from '../render/split-text'
import { mediaNameOf } from './publish'
import type { HitlSession } from './session'
import type { SessionRecord } from './session-record'

type Configuration = bp.configuration.Configuration
type Relayed = bp.events.customerMessageRelayed.CustomerMessageRelayed
type ContextEntry = Relayed['recentContext'][number]
type Logger = { warn(message: string): void }

/** Thread items read for the recent context, newest first; status changes and assignments among them are left out. */
export const CONTEXT_ITEMS = 10
/** A context entry longer than this (the handoff transcript) is shortened: the bot has the chat itself. */
const CONTEXT_TEXT_LENGTH = 1000

/**
 * Assist mode of a new session, recorded in its tags at startHitl so relaying a message needs no read to know it:
 * the session's own choice on the Start HITL card, else the configuration (off unless switched on).
 */
export const sessionAssistMode = (configuration: Configuration, session: { assistMode?: boolean } | undefined) =>
  (session?.assistMode ?? configuration.assistMode === true) ? 'true' : 'false'

/** Whether the bot is told of this session's customer messages; a session opened before the switch follows the configuration. */
export const assistsBot = (record: SessionRecord, configuration: Configuration): boolean =>
  record.assistMode ?? configuration.assistMode === true

/**
 * Who wrote a thread item, or undefined for what nobody wrote (status changes, assignments). Internal comments
 * are the agents' (actor `A-…`) or this integration's notes (the handoff note, plugin notices, suggestions). The
 * thread's first item is the handoff transcript the integration published on the bot's behalf.
 */
function authorOf(item: ThreadItem, isThreadOpening: boolean): ContextEntry['author'] | undefined {
  const actorId = item.senders[0]?.actorId ?? (typeof item.createdBy === 'string' ? item.createdBy : undefined)
  const byAgent = actorId?.startsWith('A-') === true
  if (item.type === 'COMMENT') return byAgent ? 'agent' : 'bot'
  if (item.type !== 'MESSAGE') return undefined
  if (item.direction === 'INCOMING') return isThreadOpening ? 'bot' : 'customer'
  return byAgent ? 'agent' : 'bot'
}

/** The items before the relayed message, oldest first, each with its author; attachments named in the text. */
export function recentContextOf(
  latest: { items: ThreadItem[]; complete: boolean },
  relayedMessageId: string,
): ContextEntry[] {
  const oldestFirst = [...latest.items].reverse()
  return oldestFirst.flatMap((item, index) => {
    const author = item.id === relayedMessageId ? undefined : authorOf(item, latest.complete && index === 0)
    if (!author) return []
    const files = item.attachments.flatMap((file) => (file.name ? [`[file: ${file.name}]`] : []))
    const text = [item.text?.trim(), ...files].filter(Boolean).join('\n')
    return [
      {
        author,
        internal: item.type === 'COMMENT',
        text: truncateText(text, CONTEXT_TEXT_LENGTH),
        ...(item.createdAt ? { createdAt: item.createdAt } : {}),
      },
    ]
  })
}

/**
 * Assist mode: tells the bot a customer message reached the agent's thread (event customerMessageRelayed), with the
 * thread's recent context read from HubSpot in one call. Runs after the message was published and before it is
 * acked, so an acked message was told of (or its failure logged) and a redelivery tells nothing twice. Never throws:
 * the customer's message is in HubSpot already, and a failure here must not make the relay fail or repeat it; the
 * bot then misses one event (logged), and the next message brings the context again.
 */
export async function tellBotOfCustomerMessage(args: {
  client: bp.Client
  hubspot: HubSpotClient
  session: HitlSession
  message: { id: string; type: string; hubspotMessageId: string }
  content: RenderedContent
  logger: Logger
}): Promise<void> {
  const { client, hubspot, session, message, content, logger } = args
  let recentContext: ContextEntry[] = []
  try {
    const latest = await hubspot.conversations.latestThreadMessages(session.threadId, CONTEXT_ITEMS)
    recentContext = recentContextOf(latest, message.hubspotMessageId)
  } catch (thrown) {
    logger.warn(
      `Assist mode: the recent messages of HubSpot thread ${session.threadId} could not be read (${describeFailure(thrown)}); the bot is told of the customer message without them`,
    )
  }
  const payload: Relayed = {
    conversationId: session.conversationId,
    threadId: session.threadId,
    customer: { userId: session.customerUserId, name: session.customerName, ...contactTags(session.customer) },
    message: {
      id: message.id,
      hubspotMessageId: message.hubspotMessageId,
      type: message.type,
      text: content.text,
      files: content.media.map((item) => ({ kind: item.kind, name: mediaNameOf(item), url: item.url })),
    },
    recentContext,
  }
  try {
    await client.createEvent({ type: 'customerMessageRelayed', conversationId: session.conversationId, payload })
  } catch (thrown) {
    logger.warn(
      `Assist mode: the bot could not be told of customer message ${message.id} (${describeFailure(thrown)}); the message did reach the agent in HubSpot`,
    )
  }
}
