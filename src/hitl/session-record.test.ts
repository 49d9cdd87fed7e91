import type * as bp from '.botpress'
import { encodeIdentity } from '../customer/identity'
import { ACTIVATION_WINDOW_MS, SessionRecord } from './session-record'

type Tags = Record<string, string | undefined>

/** A conversation's tags as Botpress keeps them, with every write recorded. */
function storeOver(initial: Tags) {
  const stored: { tags: Tags } = { tags: { ...initial } }
  const writes: Tags[] = []
  const store = {
    getConversation: async () => ({ conversation: { id: 'c1', tags: { ...stored.tags } } }),
    updateConversation: async ({ tags }: { tags: Tags }) => {
      writes.push(tags)
      for (const [name, value] of Object.entries(tags)) if (value !== undefined) stored.tags[name] = value
      return { conversation: { id: 'c1', tags: stored.tags } }
    },
  } as unknown as Pick<bp.Client, 'getConversation' | 'updateConversation'>
  return { store, stored, writes, record: SessionRecord.of(store, { id: 'c1', tags: initial }) }
}

const stamp = { at: 1_000, id: 'e1' }

describe('SessionRecord', () => {
  it('is open until marked closed, and a new session starts open', async () => {
    const created = SessionRecord.creation(
      {
        customerUserId: 'u',
        integrationThreadId: 'i',
        channelId: 'ch',
        channelAccountId: 'a',
        inboxId: 'in',
        customerIdentity: 'visitor:v',
      },
      'key-1',
    )
    expect(created.tags).toMatchObject({ open: 'true', requestKey: 'key-1', customerUserId: 'u' })
    expect(created.discriminateByTags).toEqual(['requestKey'])
    expect(storeOver(created.tags).record.isOpen).toBe(true)
    const { record, writes } = storeOver({ open: 'true' })
    expect(record.isOpen).toBe(true)
    await record.markClosed()
    expect(record.isOpen).toBe(false)
    expect(writes).toEqual([{ open: 'false' }])
    expect(storeOver({}).record.isOpen).toBe(true)
  })

  it('may not be active within the window after the handover, nor before it, unless seen active', async () => {
    const handedOverAt = '2026-01-01T00:00:00.000Z'
    const at = Date.parse(handedOverAt)
    const { record, writes } = storeOver({ handedOverAt })
    expect(storeOver({}).record.mayNotBeActiveYet(at)).toBe(true)
    expect(record.mayNotBeActiveYet(at + ACTIVATION_WINDOW_MS - 1)).toBe(true)
    expect(record.mayNotBeActiveYet(at + ACTIVATION_WINDOW_MS)).toBe(false)
    await record.markActiveSeen(new Date(at + 5))
    expect(writes).toEqual([{ activeSeenAt: new Date(at + 5).toISOString() }])
    expect(record.mayNotBeActiveYet(at + 10)).toBe(false)
  })

  it("sees the plugin's link under any alias, and only when it has a value", () => {
    expect(storeOver({ 'hitl#upstream': 'conv-9' }).record.hasPluginLink).toBe(true)
    expect(storeOver({ 'support#upstream': 'conv-9' }).record.hasPluginLink).toBe(true)
    expect(storeOver({ 'hitl#upstream': '' }).record.hasPluginLink).toBe(false)
    expect(storeOver({ upstreamish: 'x' }).record.hasPluginLink).toBe(false)
  })

  it('holds an assignment, then records it told and the agent known, with its event', async () => {
    const { record, writes } = storeOver({})
    await record.holdAssignment('A-7', 'agent-7', stamp)
    expect(record.pendingAgent).toBe('agent-7')
    expect(record.assignedActorId).toBe('A-7')
    expect(record.compareWithApplied('assignedTo', stamp)).toBe('same')
    await record.recordAssignment('A-7', { at: 2_000, id: 'e2' }, 'agent-7')
    expect(record.pendingAgent).toBeUndefined()
    expect(record.knownAgent).toBe('agent-7')
    expect(record.compareWithApplied('assignedTo', stamp)).toBe('older')
    expect(writes).toEqual([
      { assignedToEvent: '1000:e1', assignedActorId: 'A-7', pendingAgentUserId: 'agent-7' },
      { assignedToEvent: '2000:e2', assignedActorId: 'A-7', pendingAgentUserId: '', knownAgentUserId: 'agent-7' },
    ])
  })

  it('forgets a pending agent on unassignment, and writes only the event when none is pending', async () => {
    const pending = storeOver({ assignedActorId: 'A-7', pendingAgentUserId: 'agent-7' })
    await pending.record.recordUnassigned(stamp)
    expect(pending.writes).toEqual([{ assignedToEvent: '1000:e1', pendingAgentUserId: '', assignedActorId: '' }])
    const told = storeOver({ assignedActorId: 'A-7' })
    await told.record.recordUnassigned(stamp)
    expect(told.writes).toEqual([{ assignedToEvent: '1000:e1' }])
  })

  it('keeps each ordered property apart', async () => {
    const { record } = storeOver({})
    await record.recordApplied('status', stamp)
    expect(record.compareWithApplied('status', stamp)).toBe('same')
    expect(record.compareWithApplied('isArchived', stamp)).toBe('newer')
    expect(record.compareWithApplied('assignedTo', stamp)).toBe('newer')
  })

  it('adopts the first replying agent once, clearing only that same pending agent', async () => {
    const same = storeOver({ pendingAgentUserId: 'agent-7' })
    await same.record.adoptAgent('agent-7')
    expect(same.writes).toEqual([{ knownAgentUserId: 'agent-7', pendingAgentUserId: '' }])
    const other = storeOver({ pendingAgentUserId: 'agent-8' })
    await other.record.adoptAgent('agent-7')
    expect(other.writes).toEqual([{ knownAgentUserId: 'agent-7' }])
    expect(other.record.pendingAgent).toBe('agent-8')
    const known = storeOver({ knownAgentUserId: 'agent-1' })
    await known.record.adoptAgent('agent-7')
    expect(known.writes).toEqual([])
  })

  it('on a relayed message, announces the pending agent as known and marks the session active', async () => {
    const at = new Date('2026-01-01T00:00:01.000Z')
    const pending = storeOver({ pendingAgentUserId: 'agent-7' })
    await pending.record.markActiveAfterRelay('agent-7', at)
    expect(pending.writes).toEqual([
      { pendingAgentUserId: '', activeSeenAt: at.toISOString(), knownAgentUserId: 'agent-7' },
    ])
    const none = storeOver({})
    await none.record.markActiveAfterRelay(undefined, at)
    expect(none.writes).toEqual([{ pendingAgentUserId: '', activeSeenAt: at.toISOString() }])
  })

  it('records the ticket, thread and note, keeping a tag that a write leaves undefined', async () => {
    const { record, writes, stored } = storeOver({ contactId: 'ct-1' })
    await record.recordTicket({ ticketId: 't-1', pipelineId: 'p-1', contactId: undefined })
    expect(record.contactId).toBe('ct-1')
    expect(stored.tags.contactId).toBe('ct-1')
    const at = new Date('2026-01-01T00:00:00.000Z')
    await record.recordThread('th-1', 'ct-1', at)
    await record.recordHandoffNote('n-1')
    expect([record.ticketId, record.ticketPipelineId, record.threadId, record.handoffNoteId]).toEqual([
      't-1',
      'p-1',
      'th-1',
      'n-1',
    ])
    expect(writes[1]).toEqual({ threadId: 'th-1', contactId: 'ct-1', handedOverAt: at.toISOString() })
    expect(record.mayNotBeActiveYet(at.getTime() + 1)).toBe(true)
  })

  it('reads what others wrote only on refresh', async () => {
    const { record, stored } = storeOver({})
    stored.tags['hitl#upstream'] = 'conv-9'
    expect(record.hasPluginLink).toBe(false)
    await record.refresh()
    expect(record.hasPluginLink).toBe(true)
  })

  it('gives the publish target and the channel session, and names the tags a foreign conversation lacks', () => {
    const tags = {
      integrationThreadId: 'i',
      channelId: 'ch',
      channelAccountId: 'a',
      inboxId: 'in',
      customerIdentity: encodeIdentity({ kind: 'visitor', visitorId: 'v1' }),
      customerUserId: 'u',
    }
    const { record } = storeOver(tags)
    expect(record.publishTarget()).toMatchObject({ integrationThreadId: 'i', channelId: 'ch', inboxId: 'in' })
    expect(() => record.channelSession()).toThrow('missing threadId')
    expect(storeOver({ ...tags, threadId: 'th' }).record.channelSession()).toMatchObject({
      conversationId: 'c1',
      threadId: 'th',
      customerUserId: 'u',
    })
    expect(() => storeOver({}).record.publishTarget()).toThrow(
      'missing integrationThreadId, channelId, channelAccountId, inboxId, customerIdentity',
    )
  })

  it('reads the customer as the session shows them: unverified when nothing says otherwise, a claim apart', () => {
    const ada = encodeIdentity({ kind: 'email', email: 'ada@example.com' })
    expect(storeOver({ customerIdentity: ada }).record.identity).toEqual({
      sender: { kind: 'email', email: 'ada@example.com' },
      verified: false,
    })
    expect(storeOver({ customerIdentity: ada, identityVerified: 'true' }).record.identity?.verified).toBe(true)
    const claim = storeOver({ customerIdentity: 'visitor:u1', identityVerified: 'false', claimedIdentity: ada })
    expect(claim.record.identity).toEqual({
      sender: { kind: 'visitor', visitorId: 'u1' },
      claimed: { kind: 'email', email: 'ada@example.com' },
      verified: false,
    })
    expect(storeOver({}).record.identity).toBeUndefined()
  })
})
