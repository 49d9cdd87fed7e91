import { ACTIVATION_WINDOW_MS } from '../../src/hitl/session-record'
import { Harness } from './harness'

/** What an agent sees in the thread, as the emulator renders HubSpot's history items. */
export type ThreadItem = { id: string; type: string; text?: string; richText?: string; status?: { statusType: string } }

export const threadItems = (h: Harness, threadId: string) =>
  h.hubspot.threadMessages(threadId) as unknown as ThreadItem[]

type PublishedBody = Record<string, unknown> & {
  text: string
  richText?: string
  attachments: unknown[]
  senders: { name?: string; deliveryIdentifier: { type: string; value: string } }[]
}

/** Bodies of the publishes HubSpot accepted, in order. */
export const acceptedPublishes = (h: Harness) =>
  h.hubspot
    .callsTo('publishMessage')
    .filter((call) => call.status === 201)
    .map((call) => call.body as PublishedBody)

export type HistoryEntry = {
  source: { type: 'user'; userId: string } | { type: 'bot' }
  type: string
  payload: Record<string, unknown>
}

/** HubSpot stamps events by the millisecond: two actions of an agent are never in the same one. */
export const aMomentLater = () => new Promise((resolve) => setTimeout(resolve, 5))

/**
 * Time passing after a handoff: startHitl finished longer ago than the HITL plugin can take to activate the
 * session, so an assignment is announced at once instead of being kept pending (see src/hitl/assignment.ts).
 */
export function pastActivationWindow(h: Harness, conversationId: string) {
  const conversation = h.botpress.store.conversations.get(conversationId)
  if (!conversation) throw new Error(`no conversation ${conversationId}`)
  conversation.tags.handedOverAt = new Date(Date.now() - ACTIVATION_WINDOW_MS - 1000).toISOString()
}

/**
 * What the HITL plugin does on "Start HITL": createUser, then startHitl with the history so far. Unless told
 * `justStarted`, the session is then past its activation window, as sessions an agent works on usually are.
 */
export async function escalate(
  h: Harness,
  options: {
    name?: string
    email?: string
    title?: string
    description?: string
    hitlSession?: Record<string, unknown>
    history?: (userId: string) => HistoryEntry[]
    justStarted?: boolean
  } = {},
) {
  const { userId } = await h.action<{ userId: string }>('createUser', {
    name: options.name ?? 'Ada Lovelace',
    email: options.email ?? 'ada@example.com',
  })
  const { conversationId } = await h.action<{ conversationId: string }>('startHitl', {
    userId,
    title: options.title ?? 'Refund request',
    description: options.description,
    hitlSession: options.hitlSession,
    messageHistory: options.history?.(userId) ?? [
      { source: { type: 'user', userId }, type: 'text', payload: { text: 'I want a refund' } },
    ],
  })
  if (!options.justStarted) pastActivationWindow(h, conversationId)
  const conversation = h.botpress.getConversation(conversationId)!
  return { userId, conversationId, threadId: conversation.tags.threadId!, conversation }
}

export async function registeredHarness(h: Harness) {
  const response = await h.register()
  if (response.status !== 200) throw new Error(`register failed: ${response.body}`)
  return h
}

/**
 * The connect link an install's admin finds in its logs after saving the configuration (`switch`: the one that
 * moves the install to another HubSpot account), as the path and query a browser opens on the webhook URL.
 */
export function loggedConnectLink(h: Harness, mode: 'connect' | 'switch' = 'connect') {
  const escaped = h.webhookUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const links = (h.logs.text.match(new RegExp(`${escaped}/oauth/start\\S*`, 'g')) ?? []).map((link) => new URL(link))
  const link = links.filter((url) => (url.searchParams.get('switch') === '1') === (mode === 'switch')).at(-1)
  if (!link) throw new Error(`no ${mode} link in the logs`)
  return { path: link.pathname.slice(new URL(h.webhookUrl).pathname.length), query: link.search.slice(1) }
}
