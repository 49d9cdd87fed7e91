/**
 * Agent replies (OUTGOING_CHANNEL_MESSAGE_CREATED) in shapes HubSpot may really send: whatever the shape, a reply
 * that carries what delivery needs is delivered once; one of this install's that cannot be delivered is answered for
 * redelivery and reported FAILED to the agent at the last attempt; only events provably not ours are acknowledged.
 */
import { LAST_ATTEMPT_AFTER_MS } from '../../src/webhook/handlers/agent-replied'
import { deliverLater } from '../reliability/support/delivery'
import { DELIVERABLE_SHAPES, ReplyChange, UNDELIVERABLE_SHAPES } from '../reliability/support/reply-shapes'
import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness({ rateLimit: false })
const ALICE = 'A-5001'

type Json = Record<string, unknown>
type Status = { statusType: string; failureDetails?: { errorMessage?: string } }

async function session() {
  const h = await registeredHarness(harness())
  return { h, ...(await escalate(h)) }
}

const agentMessages = (h: Harness, conversationId: string) =>
  h.botpress.messagesIn(conversationId).filter((m) => h.botpress.getUser(m.userId)?.tags.kind === 'agent')
const statusOf = (h: Harness, threadId: string, messageId: string) =>
  (threadItems(h, threadId).find((m) => m.id === messageId)?.status as Status | undefined) ?? undefined

/** A real agent reply's webhook body, changed by `change` (which may mutate it). */
function replyBody(h: Harness, threadId: string, change: ReplyChange, text = 'Hello Ada') {
  const event = JSON.parse(h.hubspot.agentReply({ threadId, actorId: ALICE, text }).body) as Json
  const message = event.message as Json
  change(event, message)
  return { event, messageId: String(message.id) }
}

describe('agent replies of any shape', () => {
  it.each(DELIVERABLE_SHAPES)('delivers once, reporting SENT, a reply with %s', async (_case, change) => {
    const { h, conversationId, threadId } = await session()
    const { event, messageId } = replyBody(h, threadId, change)
    for (let attempt = 0; attempt < 2; attempt++)
      expect((await h.deliver({ body: JSON.stringify(event) })).status).toBe(200)
    const delivered = agentMessages(h, conversationId)
    expect(delivered.map((m) => m.payload)).toEqual([{ text: 'Hello Ada' }])
    expect(h.botpress.getUser(delivered[0]!.userId)!.tags.hubspotActorId).toBe(ALICE)
    expect(statusOf(h, threadId, messageId)?.statusType).toBe('SENT')
  })
})

describe('agent replies this install cannot deliver', () => {
  it.each(UNDELIVERABLE_SHAPES)(
    'answers for redelivery, then reports FAILED at the last attempt: %s',
    async (_case, change, reason) => {
      const { h, conversationId, threadId } = await session()
      const { event, messageId } = replyBody(h, threadId, change)
      const body = JSON.stringify(event)
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await h.deliver({ body })
        expect(response.status).toBeGreaterThanOrEqual(500)
        expect(statusOf(h, threadId, messageId)?.statusType).toBeUndefined()
      }
      expect(h.logs.text).toMatch(reason)
      // HubSpot's attempt after the retry window: the agent is told, once, with the reason.
      const last = await deliverLater(h, { body }, LAST_ATTEMPT_AFTER_MS + 60_000)
      expect(last.status).toBe(200)
      const status = statusOf(h, threadId, messageId)
      expect(status?.statusType).toBe('FAILED')
      expect(status?.failureDetails?.errorMessage).toMatch(reason)
      expect(agentMessages(h, conversationId)).toHaveLength(0)
    },
  )

  it('reports FAILED at once when the age of the reply cannot be read', async () => {
    const { h, threadId } = await session()
    const { event, messageId } = replyBody(h, threadId, (e, m) => {
      delete m.senders
      delete m.createdBy
      delete m.createdAt
      delete e.eventTimestamp
    })
    expect((await h.deliver({ body: JSON.stringify(event) })).status).toBe(200)
    expect(statusOf(h, threadId, messageId)?.statusType).toBe('FAILED')
  })

  it('keeps asking for redelivery when even the message id is missing (nothing to report FAILED on)', async () => {
    const { h, threadId } = await session()
    const { event } = replyBody(h, threadId, (_e, m) => delete m.id)
    const body = JSON.stringify(event)
    expect((await h.deliver({ body })).status).toBeGreaterThanOrEqual(500)
    expect((await deliverLater(h, { body }, LAST_ATTEMPT_AFTER_MS + 60_000)).status).toBeGreaterThanOrEqual(500)
    expect(h.logs.text).toMatch(/no message id/)
  })

  it('acknowledges without a trace an event of another channel that names no thread', async () => {
    const { h, conversationId, threadId } = await session()
    const { event, messageId } = replyBody(h, threadId, (e, m) => {
      delete m.conversationsThreadId
      e.channelId = '99999999'
      m.channelId = '99999999'
    })
    expect((await h.deliver({ body: JSON.stringify(event) })).status).toBe(200)
    expect(statusOf(h, threadId, messageId)).toBeUndefined()
    expect(agentMessages(h, conversationId)).toHaveLength(0)
  })
})
