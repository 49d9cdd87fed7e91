import type { Configuration, Harness } from '../support/harness'
import { useHarness } from '../support/harness'
import { CLAIM_WARNING, EMAIL, handoff, HANDOFF_NOTE, PHONE, seedAda, TYPED_WARNING } from '../support/identity'
import { acceptedPublishes, escalate, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness({ rateLimit: false })

const switchedOff = (h: Harness): Harness => {
  h.config = { ...h.config, linkUnverifiedContacts: false } as Configuration
  return h
}

describe('an unverified email, linked (the default)', () => {
  it('warns the agent in the opening message, the handoff note and the ticket, and links the contact as before', async () => {
    const h = await registeredHarness(harness())
    const contactId = seedAda(h)
    const session = await handoff(h)

    expect(session.opening.text!.startsWith(TYPED_WARNING)).toBe(true)
    expect(session.opening.richText).toContain('<strong>⚠️ Unverified identity:</strong>')
    // No reason, sentiment or language: the note is there for the warning alone.
    expect(session.notes).toHaveLength(1)
    expect(session.notes[0]!.text).toContain(TYPED_WARNING)
    expect(session.ticket.properties.content).toContain(TYPED_WARNING)

    expect(session.thread.associatedContactId).toBe(contactId)
    expect(session.ticket.associations.contacts?.map((c) => c.id)).toEqual([contactId])
    expect(session.context).toMatchObject({ found: true, identityVerified: false, contact: { id: contactId } })
    expect(session.conversation.tags.identityVerified).toBe('false')
  })

  it('names a phone number as the typed value', async () => {
    const h = await registeredHarness(harness())
    seedAda(h)
    const session = await handoff(h, { email: PHONE })
    expect(session.opening.text).toContain(`the phone number ${PHONE} was typed by the customer and not verified`)
  })

  it('keeps one note when startHitl is retried after the note failed, and when 5 copies run at once', async () => {
    const h = await registeredHarness(harness())
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada Lovelace', email: EMAIL })
    const input = {
      userId,
      messageHistory: [{ source: { type: 'user', userId }, type: 'text', payload: { text: 'Where is my order?' } }],
    }
    h.hubspot.injectFault({ operation: 'postThreadMessage', status: 500 })
    await expect(h.action('startHitl', input)).rejects.toThrow()
    const outputs = await Promise.all(
      Array.from({ length: 5 }, () => h.action<{ conversationId: string }>('startHitl', input)),
    )
    expect(new Set(outputs.map((output) => output.conversationId)).size).toBe(1)
    const threadId = h.botpress.getConversation(outputs[0]!.conversationId)!.tags.threadId!
    const notes = threadItems(h, threadId).filter((item) => (item.text ?? '').startsWith(HANDOFF_NOTE))
    expect(notes).toHaveLength(1)
    expect(notes[0]!.text).toContain(TYPED_WARNING)
    expect(h.hubspot.threads()).toHaveLength(1)
  })
})

describe('a verified email', () => {
  it.each([
    ['linked unverified contacts', false],
    ['not linking unverified contacts', true],
  ])('behaves as before, without a warning, when %s', async (_case, off) => {
    const h = await registeredHarness(off ? switchedOff(harness()) : harness())
    const contactId = seedAda(h)
    const session = await handoff(h, { verified: true })

    expect(session.opening.text).not.toContain('Unverified')
    expect(session.opening.text!.startsWith('Refund request')).toBe(true)
    expect(session.notes).toHaveLength(0)
    expect(session.ticket.properties.content).not.toContain('Unverified')
    expect(session.thread.associatedContactId).toBe(contactId)
    expect(session.ticket.associations.contacts?.map((c) => c.id)).toEqual([contactId])
    expect(session.context).toMatchObject({ found: true, identityVerified: true, contact: { id: contactId } })
  })

  it('keeps the reason note without a warning', async () => {
    const h = await registeredHarness(harness())
    const session = await handoff(h, { verified: true, hitlSession: { reason: 'Wants a person' } })
    expect(session.notes.map((note) => note.text)).toEqual([
      expect.stringMatching(/^🤖 Handoff from the bot\nReason: Wants a person\n/),
    ])
  })
})

describe('an unverified email with Link unverified contacts off', () => {
  it('opens the thread as an anonymous visitor, with the typed email as a claim, no contact and no CRM context', async () => {
    const h = await registeredHarness(switchedOff(harness()))
    const contactId = seedAda(h)
    const session = await handoff(h)

    expect(session.opening.text!.startsWith(CLAIM_WARNING)).toBe(true)
    const search = `https://app.hubspot.com/contacts/${h.hubspot.defaultHubId}/objects/0-1/views/all/list?query=ada%40example.com`
    expect(session.opening.text).toContain(`Find it in HubSpot: ${search}`)
    expect(session.opening.richText).toContain(`href="${search}"`)
    expect(session.notes).toHaveLength(1)
    expect(session.notes[0]!.text).toContain(CLAIM_WARNING)
    expect(session.notes[0]!.text).not.toContain('Contact:')
    expect(session.ticket.properties.content).toContain(CLAIM_WARNING)

    // Neither the integration nor HubSpot's own matching on an email sender ties the thread to Ada's contact.
    const [opening] = acceptedPublishes(h)
    expect(opening!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'CHANNEL_SPECIFIC_OPAQUE_ID',
      value: `botpress-visitor-${session.userId}`,
    })
    expect(opening!.preResolvedContacts).toBeUndefined()
    expect(session.thread.associatedContactId).not.toBe(contactId)
    expect(session.ticket.associations.contacts ?? []).toEqual([])
    expect(h.hubspot.callCount('createContact') + h.hubspot.callCount('searchContacts')).toBe(0)
    expect(h.botpress.getUser(session.userId)!.tags.hubspotContactId).toBeUndefined()
    expect(session.conversation.tags).toMatchObject({ identityVerified: 'false', claimedIdentity: `email:${EMAIL}` })
    expect(session.context).toEqual({ found: false, identityVerified: false, claimedIdentity: { email: EMAIL } })
    expect(h.hubspot.crmObjects('contacts').filter((c) => c.properties.email === EMAIL)).toHaveLength(1)
  })

  it("sends the customer's later messages as the same visitor", async () => {
    const h = await registeredHarness(switchedOff(harness()))
    const contactId = seedAda(h)
    const { conversationId, userId, threadId } = await escalate(h)
    await h.sendToAgent(conversationId, 'text', { text: 'It is me, really', userId })
    const later = acceptedPublishes(h).at(-1)!
    expect(later.text).toBe('It is me, really')
    expect(later.senders[0]!.deliveryIdentifier.type).toBe('CHANNEL_SPECIFIC_OPAQUE_ID')
    expect(h.hubspot.threads().find((thread) => thread.id === threadId)!.associatedContactId).not.toBe(contactId)
  })

  it('does not link the contact an earlier session of the same user linked', async () => {
    const h = await registeredHarness(harness())
    const contactId = seedAda(h)
    const first = await escalate(h)
    expect(h.botpress.getUser(first.userId)!.tags.hubspotContactId).toBe(contactId)
    await h.action('stopHitl', { conversationId: first.conversationId })
    switchedOff(h)
    const second = await handoff(h, { hitlSession: { reason: 'Second try' } })
    expect(second.ticket.associations.contacts ?? []).toEqual([])
    expect(second.thread.associatedContactId).not.toBe(contactId)
    expect(second.context).toMatchObject({ found: false, identityVerified: false })
  })
})

describe('an anonymous visitor', () => {
  it('gets no warning and no note: nothing was claimed', async () => {
    const h = await registeredHarness(switchedOff(harness()))
    const session = await handoff(h, { email: 'u_1@no-reply.bot-1.botpress.com' })
    expect(session.opening.text).not.toContain('Unverified')
    expect(session.notes).toHaveLength(0)
    expect(session.ticket.properties.content).not.toContain('Unverified')
    expect(session.context).toEqual({ found: false, identityVerified: false })
  })
})

describe('getContactContext and verification', () => {
  it('answers identityVerified false for a lookup by email, and refuses a conversation and an email together', async () => {
    const h = await registeredHarness(harness())
    seedAda(h)
    const { conversationId } = await escalate(h, { hitlSession: { identityVerified: true } })
    expect(await h.action('getContactContext', { email: EMAIL })).toMatchObject({
      found: true,
      identityVerified: false,
    })
    await expect(h.action('getContactContext', { conversationId, email: EMAIL })).rejects.toThrow(
      /either the conversationId of a handoff, or an email/,
    )
    await expect(h.action('getContactContext', { conversationId: 'conv_missing' })).rejects.toThrow(/does not exist/)
  })
})
