import { DEFAULT_SCOPES } from '../../emulators/hubspot/defaults'
import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness({ rateLimit: false })

const contacts = (h: Harness) => h.hubspot.crmObjects('contacts')
const tickets = (h: Harness) => h.hubspot.crmObjects('tickets')
const notes = (h: Harness) => h.hubspot.notes()

describe('contact matching', () => {
  it('finds the contact by exact email in one call, links it to the thread and remembers it on the user', async () => {
    const h = await registeredHarness(harness())
    const contactId = h.hubspot.seedContact({ properties: { email: 'ada@example.com', firstname: 'Ada' } })
    const { userId } = await escalate(h, { email: 'ADA@example.com' })
    expect(h.botpress.getUser(userId)!.tags.hubspotContactId).toBe(contactId)
    // HubSpot keeps one contact per email and names it when refusing a second: no search, no duplicate.
    expect(h.hubspot.callsTo('createContact').map((call) => call.status)).toEqual([409])
    expect(h.hubspot.callCount('searchContacts')).toBe(0)
    expect(h.hubspot.crmObjects('contacts')).toHaveLength(1)
    expect(h.hubspot.threads()[0]!.associatedContactId).toBe(contactId)
    const opening = h.hubspot.callsTo('publishMessage')[0]!.body as { preResolvedContacts: unknown }
    expect(opening.preResolvedContacts).toEqual({
      contacts: [{ contactVid: Number(contactId), contactPropertiesLeadingToMatch: ['email'] }],
    })
  })

  it('reuses the linked contact next time without searching', async () => {
    const h = await registeredHarness(harness())
    const first = await escalate(h)
    await h.action('stopHitl', { conversationId: first.conversationId })
    const searches = h.hubspot.callCount('searchContacts')
    await escalate(h)
    expect(h.hubspot.callCount('searchContacts')).toBe(searches)
  })

  it.each([
    ['E.164 in phone', { phone: '+14155550123' }],
    ['the national number', { phone: '4155550123' }],
    ['E.164 in mobile phone', { mobilephone: '+14155550123' }],
    ["a formatted number (via HubSpot's calculated phone)", { phone: '(415) 555-0123' }],
  ])('finds a contact by phone stored as %s', async (_case, properties) => {
    const h = await registeredHarness(harness())
    const contactId = h.hubspot.seedContact({ properties: { firstname: 'Phone', ...properties } })
    const { userId } = await escalate(h, { email: '+1 415 555 0123' })
    expect(h.botpress.getUser(userId)!.tags.hubspotContactId).toBe(contactId)
    expect(h.hubspot.callCount('createContact')).toBe(0)
    expect(contacts(h)).toHaveLength(1)
  })

  it('picks the oldest of several matches', async () => {
    const h = await registeredHarness(harness())
    h.hubspot.seedContact({
      properties: { phone: '+14155550123', firstname: 'Newer' },
      createdAt: '2025-06-01T00:00:00.000Z',
    })
    const oldest = h.hubspot.seedContact({
      properties: { phone: '+14155550123', firstname: 'Oldest' },
      createdAt: '2020-01-01T00:00:00.000Z',
    })
    const { userId } = await escalate(h, { email: '+14155550123' })
    expect(h.botpress.getUser(userId)!.tags.hubspotContactId).toBe(oldest)
  })

  it('creates the contact from what is known when none matches', async () => {
    const h = await registeredHarness(harness())
    const { userId } = await escalate(h, { name: 'Grace Brewster Hopper', email: 'grace@navy.example' })
    const [created] = contacts(h)
    expect(created!.properties).toMatchObject({
      email: 'grace@navy.example',
      firstname: 'Grace',
      lastname: 'Brewster Hopper',
    })
    expect(h.botpress.getUser(userId)!.tags.hubspotContactId).toBe(created!.id)
  })

  it('creates nothing for an anonymous customer; the ticket has no contact', async () => {
    const h = await registeredHarness(harness())
    await escalate(h, { email: 'u_1@no-reply.bot-1.botpress.com' })
    // Nothing empty from the integration (HubSpot keeps its own visitor record for the thread).
    expect(h.hubspot.callCount('createContact')).toBe(0)
    expect(h.hubspot.callCount('searchContacts')).toBe(0)
    expect(tickets(h)[0]!.associations.contacts ?? []).toEqual([])
  })
})

describe('ticket on handoff', () => {
  it('opens a ticket with subject, description and transcript, the default pipeline, priority, marker and contact', async () => {
    const h = await registeredHarness(harness())
    const { conversation } = await escalate(h, {
      title: 'Parcel lost',
      description: 'Never arrived',
      hitlSession: { priority: 'URGENT', properties: { hs_ticket_category: 'PRODUCT_ISSUE', not_a_property: 'x' } },
    })
    const [ticket] = tickets(h)
    expect(ticket!.properties).toMatchObject({
      subject: 'Parcel lost',
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
      hs_ticket_priority: 'URGENT',
      source_type: 'CHAT',
      hs_ticket_category: 'PRODUCT_ISSUE',
    })
    expect(ticket!.properties.content).toContain('Never arrived')
    expect(ticket!.properties.content).toContain('Ada Lovelace: I want a refund')
    expect(ticket!.associations.contacts?.map((c) => c.id)).toEqual([conversation.tags.contactId])
    expect(h.botpress.getConversation(conversation.id)!.tags).toMatchObject({
      ticketId: ticket!.id,
      ticketPipelineId: '0',
    })
    expect(
      h.logs.text.match(
        /Ticket properties skipped \(no such ticket property in the HubSpot account, or one the integration sets itself\): not_a_property/g,
      ),
    ).toHaveLength(1)
  })

  it('uses the configured pipeline, stage and default owner, and the session owner over it', async () => {
    const h = harness()
    h.config = {
      ...h.config,
      ticketPipelineId: 'escalations-1',
      ticketStageId: 'escalations-investigating',
      defaultOwnerId: '90001',
    }
    await registeredHarness(h)
    await escalate(h)
    await escalate(h, { email: 'b@example.com', hitlSession: { ownerId: '90002' } })
    expect(
      tickets(h).map((t) => [t.properties.hs_pipeline, t.properties.hs_pipeline_stage, t.properties.hubspot_owner_id]),
    ).toEqual([
      ['escalations-1', 'escalations-investigating', '90001'],
      ['escalations-1', 'escalations-investigating', '90002'],
    ])
  })

  it('creates no ticket when turned off, unless the session asks for one (and the other way round)', async () => {
    const h = harness()
    h.config = { ...h.config, createTickets: false }
    await registeredHarness(h)
    await escalate(h)
    expect(tickets(h)).toHaveLength(0)
    await escalate(h, { email: 'b@example.com', hitlSession: { createTicket: true } })
    expect(tickets(h)).toHaveLength(1)
    h.config = { ...h.config, createTickets: true }
    await escalate(h, { email: 'c@example.com', hitlSession: { createTicket: false } })
    expect(tickets(h)).toHaveLength(1)
  })

  it('says where the ticket and contact are in the opening message, and posts no note when the bot gave no reason for a verified customer', async () => {
    const h = await registeredHarness(harness())
    const { threadId } = await escalate(h, { hitlSession: { priority: 'HIGH', identityVerified: true } })
    const [opening, ...rest] = threadItems(h, threadId)
    const record = (type: string, id: string) =>
      `https://app.hubspot.com/contacts/${h.hubspot.defaultHubId}/record/${type}/${id}`
    expect(opening!.text).toContain(`In HubSpot: Ticket ${tickets(h)[0]!.id} (${record('0-5', tickets(h)[0]!.id)})`)
    expect(opening!.text).toContain(record('0-1', h.hubspot.crmObjects('contacts')[0]!.id))
    expect(opening!.text).toContain('Priority: HIGH')
    expect(rest.filter((item) => item.type === 'COMMENT')).toEqual([])
  })

  it('leaves the agent an internal handoff note with reason, sentiment, language, priority and the ticket link', async () => {
    const h = await registeredHarness(harness())
    const { threadId } = await escalate(h, {
      hitlSession: { reason: 'Refund above bot limit', sentiment: 'frustrated', language: 'fr', priority: 'HIGH' },
    })
    const note = threadItems(h, threadId).find((m) => m.type === 'COMMENT')!
    expect(note.text).toContain('Reason: Refund above bot limit')
    expect(note.text).toContain('Sentiment: frustrated')
    expect(note.text).toContain('Language: fr')
    expect(note.text).toContain('Priority: HIGH')
    expect(note.text).toContain(
      `https://app.hubspot.com/contacts/${h.hubspot.defaultHubId}/record/0-5/${tickets(h)[0]!.id}`,
    )
  })

  describe('ticket settings are checked at register', () => {
    it.each([
      [
        { ticketPipelineId: 'nope' },
        /Ticket pipeline nope does not exist\. Pipelines: 0 \(Support Pipeline: stages 1 New/,
      ],
      [{ ticketStageId: '99' }, /Ticket stage 99 does not exist in pipeline 0/],
      [
        { defaultOwnerId: '123' },
        /Default ticket owner 123 does not exist in HubSpot\. Owners: 90001 \(Alice Agent\), 90002 \(Bob Agent\)/,
      ],
      [{ ticketMarkerProperty: 'bot_handoff' }, /Ticket property bot_handoff does not exist/],
      [
        { ticketMarkerValue: 'CARRIER_PIGEON' },
        /CARRIER_PIGEON is not a value of ticket property source_type\. Values: CHAT, EMAIL, FORM, PHONE/,
      ],
    ])('%j', async (override, message) => {
      const h = harness()
      const response = await h.register({ ...h.config, ...override })
      expect(response.status).toBe(400)
      expect(response.json<{ message: string }>().message).toMatch(message)
      expect(h.hubspot.channels()).toHaveLength(0)
    })
  })

  it('names a missing CRM scope at register', async () => {
    const h = harness()
    const dropped = ['crm.objects.companies.read', 'crm.objects.deals.read']
    const scopes = DEFAULT_SCOPES.filter((scope) => !dropped.includes(scope))
    const response = await h.register({ ...h.config, refreshToken: h.hubspot.issueRefreshToken({ scopes }) })
    expect(response.json<{ message: string }>().message).toMatch(
      /missing these scopes: crm\.objects\.companies\.read, crm\.objects\.deals\.read/,
    )
  })
})

describe('on session end', () => {
  it('closes the ticket and writes the transcript on the contact and ticket, once, at the close time', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId, userId, conversation } = await escalate(h)
    await h.sendToAgent(conversationId, 'text', { text: 'Are you there?', userId })
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: 'A-5001', text: 'Yes, looking into it' }))
    const close = h.hubspot.closeThread(threadId)
    const closedAt = (JSON.parse(close.body) as { occurredAt: number }[])[0]!.occurredAt
    for (let i = 0; i < 3; i++) expect((await h.deliver(close)).status).toBe(200)
    await h.deliver(h.hubspot.archiveThread(threadId))

    expect(tickets(h)[0]!.properties.hs_pipeline_stage).toBe('4')
    const written = notes(h)
    expect(written).toHaveLength(1)
    const [note] = written
    expect(Number(note!.properties.hs_timestamp) || Date.parse(note!.properties.hs_timestamp!)).toBe(closedAt)
    expect(note!.associations.contacts?.map((c) => c.id)).toEqual([conversation.tags.contactId])
    expect(note!.associations.tickets?.map((t) => t.id)).toEqual([tickets(h)[0]!.id])
    const body = note!.properties.hs_note_body!
    expect(body).toMatch(/\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] Ada Lovelace: Are you there\?/)
    expect(body).toMatch(/\] Alice Agent: Yes, looking into it/)
    expect(body).toContain('I want a refund')
  })

  it('does the same when the bot ends the session, timestamped at the stopHitl call', async () => {
    const h = await registeredHarness(harness())
    const { conversationId } = await escalate(h)
    const before = Date.now()
    await h.action('stopHitl', { conversationId })
    expect(tickets(h)[0]!.properties.hs_pipeline_stage).toBe('4')
    const timestamp = Number(notes(h)[0]!.properties.hs_timestamp) || Date.parse(notes(h)[0]!.properties.hs_timestamp!)
    expect(timestamp).toBeGreaterThanOrEqual(before)
    expect(timestamp).toBeLessThanOrEqual(Date.now())
  })

  it('splits a 150,000-character transcript into several notes under the limit', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const paragraph = 'The quick brown fox jumps over the lazy dog & "quotes" <tags>. '.repeat(150)
    for (let i = 0; i < 16; i++) await h.sendToAgent(conversationId, 'text', { text: `${i}: ${paragraph}`, userId })
    await h.action('stopHitl', { conversationId })
    const bodies = notes(h).map((n) => n.properties.hs_note_body!)
    expect(bodies.length).toBeGreaterThanOrEqual(3)
    expect(bodies.every((b) => b.length <= 65_536)).toBe(true)
    expect(bodies[0]).toContain(`(part 1 of ${bodies.length})`)
    for (let i = 0; i < 16; i++) expect(bodies.some((b) => b.includes(`Ada Lovelace: ${i}: The quick`))).toBe(true)
  })

  it("puts an anonymous customer's transcript on the ticket only", async () => {
    const h = await registeredHarness(harness())
    const { conversationId } = await escalate(h, { email: 'u_2@no-reply.bot-1.botpress.com' })
    await h.action('stopHitl', { conversationId })
    const [note] = notes(h)
    expect(note!.associations.contacts ?? []).toEqual([])
    expect(note!.associations.tickets).toHaveLength(1)
  })

  it('writes no notes when transcript notes are off', async () => {
    const h = harness()
    h.config = { ...h.config, transcriptNotes: false }
    await registeredHarness(h)
    const { conversationId } = await escalate(h)
    await h.action('stopHitl', { conversationId })
    expect(notes(h)).toHaveLength(0)
  })
})

describe('CRM actions', () => {
  function seedCustomer(h: Harness) {
    const contactId = h.hubspot.seedContact({
      properties: {
        firstname: 'Ada',
        lastname: 'Lovelace',
        email: 'ada@example.com',
        phone: '+14155550123',
        lifecyclestage: 'customer',
        hubspot_owner_id: '90001',
      },
    })
    const companyId = h.hubspot.seedCompany({
      properties: {
        name: 'Analytical Engines',
        domain: 'engines.example',
        industry: 'COMPUTER_SOFTWARE',
        numberofemployees: '42',
      },
    })
    const dealId = h.hubspot.seedDeal({
      properties: {
        dealname: 'Engine upgrade',
        dealstage: 'closedwon',
        amount: '1200',
        closedate: '2026-01-15T00:00:00.000Z',
      },
    })
    const ticketId = h.hubspot.seedTicket({ properties: { subject: 'Broken gear', hs_pipeline_stage: '4' } })
    h.hubspot.associate('contacts', contactId, 'companies', companyId)
    h.hubspot.associate('contacts', contactId, 'deals', dealId)
    h.hubspot.associate('contacts', contactId, 'tickets', ticketId)
    return contactId
  }

  it.each([
    ['email', { email: 'ada@example.com' }],
    ['phone', { phone: '+1 (415) 555-0123' }],
    ['contactId', undefined],
  ])('getContactContext by %s returns the contact, company, deals and tickets', async (_by, input) => {
    const h = await registeredHarness(harness())
    const contactId = seedCustomer(h)
    const context = await h.action<Record<string, unknown>>('getContactContext', input ?? { contactId })
    expect(context).toEqual({
      found: true,
      contact: {
        id: contactId,
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phones: ['+14155550123'],
        lifecycleStage: 'customer',
        owner: { name: 'Alice Agent', email: 'alice@agents.example.com' },
      },
      company: { name: 'Analytical Engines', domain: 'engines.example', industry: 'COMPUTER_SOFTWARE', size: '42' },
      deals: [{ name: 'Engine upgrade', stage: 'Closed Won', amount: '1200', closeDate: '2026-01-15T00:00:00.000Z' }],
      tickets: [{ subject: 'Broken gear', stage: 'Closed', createdAt: expect.any(String) }],
      url: `https://app.hubspot.com/contacts/${h.hubspot.defaultHubId}/record/0-1/${contactId}`,
      identityVerified: false,
    })
  })

  it('getContactContext answers found: false, not an error, when there is no such contact', async () => {
    const h = await registeredHarness(harness())
    const notFound = { found: false, identityVerified: false }
    expect(await h.action('getContactContext', { email: 'nobody@example.com' })).toEqual(notFound)
    expect(await h.action('getContactContext', { contactId: '424242' })).toEqual(notFound)
    await expect(h.action('getContactContext', {})).rejects.toThrow(/Give the email, the phone/)
  })

  it('searchContacts returns at most five matches with their URLs, and an empty list when none', async () => {
    const h = await registeredHarness(harness())
    for (let i = 0; i < 7; i++)
      h.hubspot.seedContact({
        properties: { firstname: 'Lovelace', lastname: `Fan ${i}`, email: `fan${i}@example.com` },
      })
    const { contacts: found } = await h.action<{ contacts: { name: string; url: string }[] }>('searchContacts', {
      query: 'lovelace',
    })
    expect(found).toHaveLength(5)
    expect(found[0]!.url).toMatch(/\/record\/0-1\/\d+$/)
    expect(await h.action('searchContacts', { query: 'zzz-nobody' })).toEqual({ contacts: [] })
    const byEmail = await h.action<{ contacts: { email: string }[] }>('searchContacts', { query: 'FAN3@example.com' })
    expect(byEmail.contacts.map((c) => c.email)).toEqual(['fan3@example.com'])
  })

  it('postInternalNote posts a comment the customer never sees', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    await h.action('postInternalNote', { conversationId, text: 'Suggested reply: offer a 10% voucher' })
    expect(
      threadItems(h, threadId).some((m) => m.type === 'COMMENT' && m.text === 'Suggested reply: offer a 10% voucher'),
    ).toBe(true)
    expect(JSON.stringify(h.botpress.messages)).not.toContain('voucher')
    await expect(h.action('postInternalNote', { conversationId: 'conv_missing', text: 'x' })).rejects.toThrow(
      /does not exist/,
    )
  })
})
