/**
 * A thread purged in HubSpot (GDPR, `conversation.privacyDeletion`) ends its session like any other thread end,
 * once; a restored (un-archived) thread does not reopen an ended session.
 */
import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'

const harness = useHarness({ rateLimit: false })

const stoppedEvents = (h: Harness) => h.botpress.events.filter((e) => e.type === 'hitlStopped')

async function session() {
  const h = await registeredHarness(harness())
  return { h, ...(await escalate(h)) }
}

describe('purged threads', () => {
  it('register subscribes conversation.privacyDeletion, and an existing install gains it on its next register', async () => {
    const h = harness()
    await h.register()
    const purge = () => h.hubspot.subscriptions().filter((s) => s.eventType === 'conversation.privacyDeletion')
    expect(purge()).toEqual([expect.objectContaining({ active: true })])
    // An install registered before purges were handled: it has every subscription but this one.
    h.hubspot.store.subscriptions.delete(purge()[0]!.id)
    const before = h.hubspot.subscriptions().length
    expect((await h.register()).status).toBe(200)
    expect(purge()).toEqual([expect.objectContaining({ active: true })])
    expect(h.hubspot.subscriptions()).toHaveLength(before + 1)
  })

  it('ends the session once (redelivery included), closes the ticket and writes no transcript of the purged thread', async () => {
    const { h, conversationId, threadId } = await session()
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: 'A-5001', text: 'Let me check' }))
    const purge = h.hubspot.purgeThread(threadId)
    expect(purge.subscribed).toBe(true)
    expect(JSON.parse(purge.body)).toEqual([
      expect.objectContaining({ subscriptionType: 'conversation.privacyDeletion', objectId: Number(threadId) }),
    ])
    for (let i = 0; i < 2; i++) {
      const response = await h.deliver(purge)
      expect(response.status).toBe(200)
      expect(response.json<{ outcomes: string[] }>().outcomes).toEqual(['done'])
    }
    expect(stoppedEvents(h).map((e) => e.payload)).toEqual([{ conversationId }])
    expect(h.botpress.getConversation(conversationId)!.tags.open).toBe('false')
    expect(h.hubspot.crmObjects('tickets')[0]!.properties.hs_pipeline_stage).toBe('4')
    // The history read met HubSpot's 404 for the purged thread; nothing of it is copied into the CRM.
    expect(h.hubspot.callsTo('listThreadMessages').map((c) => c.status)).toEqual([404, 404])
    expect(h.hubspot.notes()).toHaveLength(0)
    expect(h.logs.text).toMatch(/no longer exists \(purged\)/)
  })

  it('does nothing more when an archived thread, whose session already ended, is purged', async () => {
    const { h, conversationId, threadId } = await session()
    await h.deliver(h.hubspot.archiveThread(threadId))
    const notesAfterArchive = h.hubspot.notes().length
    expect(notesAfterArchive).toBe(1)
    expect((await h.deliver(h.hubspot.purgeThread(threadId))).status).toBe(200)
    expect(stoppedEvents(h).map((e) => e.payload)).toEqual([{ conversationId }])
    expect(h.hubspot.notes()).toHaveLength(notesAfterArchive)
  })

  it('answers 404 for every read of a purged thread, as HubSpot does', async () => {
    const { h, threadId } = await session()
    h.hubspot.purgeThread(threadId)
    const token = h.hubspot.issueAccessToken()
    for (const path of [
      `/conversations/v3/conversations/threads/${threadId}`,
      `/conversations/v3/conversations/threads/${threadId}?archived=true`,
      `/conversations/v3/conversations/threads/${threadId}/messages`,
      `/conversations/v3/conversations/threads/${threadId}/messages?archived=true`,
    ]) {
      const response = await h.hubspot.handle(
        new Request(`https://api.hubapi.com${path}`, { headers: { authorization: `Bearer ${token}` } }),
      )
      expect(response.status).toBe(404)
    }
  })
})

describe('restored threads', () => {
  it('does not reopen the ended session, and ignores the restore safely (redelivery included)', async () => {
    const { h, conversationId, threadId } = await session()
    await h.deliver(h.hubspot.archiveThread(threadId))
    const restore = h.hubspot.restoreThread(threadId)
    expect(JSON.parse(restore.body)).toEqual([
      expect.objectContaining({
        subscriptionType: 'conversation.propertyChange',
        propertyName: 'isArchived',
        propertyValue: 'false',
      }),
    ])
    const notesBefore = h.hubspot.notes().length
    for (let i = 0; i < 2; i++) {
      const response = await h.deliver(restore)
      expect(response.status).toBe(200)
      // Handled (a restore is recorded, so a late archiving of an open session is recognised), to no effect here.
      expect(response.json<{ outcomes: string[] }>().outcomes).toEqual(['done'])
    }
    expect(stoppedEvents(h)).toHaveLength(1)
    expect(h.botpress.getConversation(conversationId)!.tags.open).toBe('false')
    expect(h.hubspot.notes()).toHaveLength(notesBefore)
    // An agent reply in the restored thread is reported FAILED: the customer has left.
    const reply = h.hubspot.agentReply({ threadId, actorId: 'A-5001', text: 'Back again?' })
    expect((await h.deliver(reply)).status).toBe(200)
    const messageId = (JSON.parse(reply.body) as { message: { id: string } }).message.id
    const item = h.hubspot.threadMessages(threadId).find((m) => (m as { id: string }).id === messageId) as {
      status?: { statusType: string }
    }
    expect(item.status?.statusType).toBe('FAILED')
  })
})
