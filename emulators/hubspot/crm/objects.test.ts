import { api, incomingMessage, publish, setupChannel, useHubSpot } from '../test-support'

const hub = useHubSpot({ listingDelay: 0 })
const OBJECTS = '/crm/v3/objects'

const post = (type: string, json: unknown, token = hub.emulator.issueAccessToken()) =>
  api(hub.emulator, 'POST', `${OBJECTS}/${type}`, { token, json })

describe('CRM objects: create, get, update', () => {
  it('creates a contact and answers a SimplePublicObject with string values and lower-cased email', async () => {
    const created = await post('contacts', {
      properties: { email: 'Vera@Example.com', firstname: 'Vera', phone: '+1 (415) 555-0100', company: 'Acme' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      properties: expect.objectContaining({
        email: 'vera@example.com',
        firstname: 'Vera',
        phone: '+1 (415) 555-0100',
        hs_calculated_phone_number: '+14155550100',
        hs_object_id: created.body.id,
        createdate: created.body.createdAt,
        lastmodifieddate: created.body.updatedAt,
      }),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      archived: false,
    })
    expect(hub.emulator.crmObjects('contacts')).toHaveLength(1)
  })

  it('GET returns the default properties, or the requested ones (null when unset) plus ids and dates', async () => {
    const id = hub.emulator.seedContact({ properties: { email: 'a@example.com', firstname: 'Ann', phone: '555' } })
    const token = hub.emulator.issueAccessToken()
    const plain = await api(hub.emulator, 'GET', `${OBJECTS}/contacts/${id}`, { token })
    expect(Object.keys(plain.body.properties).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ])
    expect(plain.body.properties.lastname).toBeNull()
    const asked = await api(
      hub.emulator,
      'GET',
      `${OBJECTS}/contacts/${id}?properties=phone,mobilephone&properties=nope`,
      {
        token,
      },
    )
    expect(asked.body.properties).toEqual({
      phone: '555',
      mobilephone: null,
      createdate: expect.any(String),
      lastmodifieddate: expect.any(String),
      hs_object_id: id,
    })
  })

  it('finds a contact by email with idProperty=email and 404s unknown ids', async () => {
    const id = hub.emulator.seedContact({ properties: { email: 'b@example.com' } })
    const token = hub.emulator.issueAccessToken()
    const found = await api(hub.emulator, 'GET', `${OBJECTS}/contacts/B@example.com?idProperty=email`, { token })
    expect(found.body.id).toBe(id)
    const missing = await api(hub.emulator, 'GET', `${OBJECTS}/contacts/999`, { token })
    expect(missing.status).toBe(404)
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND')
  })

  it('refuses a duplicate contact email with 409 naming the existing id (also on PATCH)', async () => {
    const id = hub.emulator.seedContact({ properties: { email: 'dup@example.com' } })
    const token = hub.emulator.issueAccessToken()
    const again = await post('contacts', { properties: { email: 'DUP@example.com' } }, token)
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ category: 'CONFLICT', message: `Contact already exists. Existing ID: ${id}` })
    const other = hub.emulator.seedContact({ properties: { email: 'other@example.com' } })
    const patched = await api(hub.emulator, 'PATCH', `${OBJECTS}/contacts/${other}`, {
      token,
      json: { properties: { email: 'dup@example.com' } },
    })
    expect(patched.status).toBe(409)
  })

  it('names every bad property: unknown, read-only, bad email, bad enumeration option', async () => {
    const response = await post('contacts', {
      properties: { emial: 'x@example.com', hs_object_id: '1', email: 'not-an-email', lifecyclestage: 'vip' },
    })
    expect(response.status).toBe(400)
    expect(response.body.category).toBe('VALIDATION_ERROR')
    expect(response.body.message).toMatch(/^Property values were not valid: /)
    expect(response.body.errors.map((error: { in: string; code: string }) => [error.in, error.code])).toEqual([
      ['emial', 'PROPERTY_DOESNT_EXIST'],
      ['hs_object_id', 'READ_ONLY_VALUE'],
      ['email', 'INVALID_EMAIL'],
      ['lifecyclestage', 'INVALID_OPTION'],
    ])
  })

  it('requires properties in the body', async () => {
    const response = await post('contacts', { email: 'x@example.com' })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].in).toBe('properties')
  })

  it('PATCH updates values, clears with an empty string and bumps the modification date', async () => {
    let clock = Date.parse('2026-01-01T00:00:00.000Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => clock })
    const id = emulator.seedContact({ properties: { firstname: 'Old', jobtitle: 'CTO' } })
    clock += 60_000
    const token = emulator.issueAccessToken()
    const patched = await api(emulator, 'PATCH', `${OBJECTS}/contacts/${id}`, {
      token,
      json: { properties: { firstname: 'New', jobtitle: '' } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.properties.firstname).toBe('New')
    expect(patched.body.properties.jobtitle).toBeUndefined()
    expect(patched.body.updatedAt).toBe('2026-01-01T00:01:00.000Z')
    expect(patched.body.createdAt).toBe('2026-01-01T00:00:00.000Z')
    const bad = await api(emulator, 'PATCH', `${OBJECTS}/contacts/${id}`, {
      token,
      json: { properties: { favourite_colour: 'red' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]).toMatchObject({ in: 'favourite_colour', code: 'PROPERTY_DOESNT_EXIST' })
  })

  it('needs the object scopes: contacts read for GET, tickets for tickets', async () => {
    const id = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const token = hub.emulator.issueAccessToken({ scopes: ['crm.objects.contacts.write'] })
    const response = await api(hub.emulator, 'GET', `${OBJECTS}/contacts/${id}`, { token })
    expect(response.status).toBe(403)
    expect(response.body.category).toBe('MISSING_SCOPES')
    const noTickets = await post('tickets', { properties: { hs_pipeline_stage: '1' } }, token)
    expect(noTickets.status).toBe(403)
  })

  it('keeps portals apart', async () => {
    const id = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const other = hub.emulator.seedPortal({ hubId: 4242 })
    const token = hub.emulator.issueAccessToken({ hubId: other.hubId })
    expect((await api(hub.emulator, 'GET', `${OBJECTS}/contacts/${id}`, { token })).status).toBe(404)
  })

  it('makes conversation visitors contacts, so a thread associatedContactId resolves', async () => {
    const setup = await setupChannel(hub.emulator)
    const published = await publish(hub.emulator, setup.token, setup.channelId, incomingMessage(setup.accountId))
    const thread = await api(
      hub.emulator,
      'GET',
      `/conversations/v3/conversations/threads/${published.body.conversationsThreadId}`,
      { token: setup.token },
    )
    const contact = await api(hub.emulator, 'GET', `${OBJECTS}/contacts/${thread.body.associatedContactId}`, {
      token: setup.token,
    })
    expect(contact.status).toBe(200)
    expect(contact.body.properties).toMatchObject({ email: 'vera@example.com', firstname: 'Vera', lastname: 'Visitor' })
    const duplicate = await post('contacts', { properties: { email: 'vera@example.com' } }, setup.token)
    expect(duplicate.status).toBe(409)
  })
})

describe('CRM tickets', () => {
  it('creates a ticket in the default pipeline and associates it with a contact (type 16)', async () => {
    const contactId = hub.emulator.seedContact({ properties: { email: 'c@example.com' } })
    const created = await post('tickets', {
      properties: { subject: 'Help', content: 'Transcript…', hs_pipeline_stage: '1', hs_ticket_priority: 'HIGH' },
      associations: [
        { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 16 }] },
      ],
    })
    expect(created.status).toBe(201)
    expect(created.body.properties).toMatchObject({
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
      hs_ticket_priority: 'HIGH',
    })
    const [ticket] = hub.emulator.crmObjects('tickets')
    expect(ticket?.associations).toEqual({ contacts: [{ id: contactId, typeIds: [16] }] })
    const [contact] = hub.emulator.crmObjects('contacts')
    expect(contact?.associations).toEqual({ tickets: [{ id: created.body.id, typeIds: [15] }] })
  })

  it('requires hs_pipeline_stage and checks priority, pipeline, stage-in-pipeline and owner', async () => {
    const missing = await post('tickets', { properties: { subject: 'x' } })
    expect(missing.status).toBe(400)
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ in: 'hs_pipeline_stage', code: 'REQUIRED_PROPERTY' }),
    ])
    const wrong = await post('tickets', {
      properties: { subject: 'x', hs_pipeline_stage: '1', hs_ticket_priority: 'CRITICAL', hubspot_owner_id: '5001' },
    })
    expect(wrong.body.errors.map((error: { in: string; code: string }) => [error.in, error.code])).toEqual([
      ['hs_ticket_priority', 'INVALID_OPTION'],
      ['hubspot_owner_id', 'INVALID_OWNER_ID'],
    ])
    const unknownPipeline = await post('tickets', { properties: { hs_pipeline: '77', hs_pipeline_stage: '1' } })
    expect(unknownPipeline.body.errors[0]).toMatchObject({ in: 'hs_pipeline', code: 'INVALID_OPTION' })
    // A stage of the Escalations pipeline is not a stage of the default one.
    const otherStage = await post('tickets', { properties: { hs_pipeline_stage: 'escalations-new' } })
    expect(otherStage.body.errors[0]).toMatchObject({ in: 'hs_pipeline_stage', code: 'INVALID_OPTION' })
    const ok = await post('tickets', {
      properties: { hs_pipeline: 'escalations-1', hs_pipeline_stage: 'escalations-new', hubspot_owner_id: '90002' },
    })
    expect(ok.status).toBe(201)
  })

  it('PATCH checks a new stage against the ticket pipeline and stamps closed_date on a CLOSED stage', async () => {
    const id = hub.emulator.seedTicket({ properties: { subject: 'x' } })
    const token = hub.emulator.issueAccessToken()
    const patch = (properties: Record<string, string>) =>
      api(hub.emulator, 'PATCH', `${OBJECTS}/tickets/${id}`, { token, json: { properties } })
    expect((await patch({ hs_pipeline_stage: 'escalations-resolved' })).status).toBe(400)
    const closed = await patch({ hs_pipeline_stage: '4' })
    expect(closed.status).toBe(200)
    expect(closed.body.properties.closed_date).toEqual(expect.any(String))
    const reopened = await patch({ hs_pipeline_stage: '2' })
    expect(reopened.body.properties.closed_date).toBeUndefined()
    expect((await patch({ hs_pipeline: 'escalations-1' })).status).toBe(400)
    expect((await patch({ hs_pipeline: 'escalations-1', hs_pipeline_stage: 'escalations-new' })).status).toBe(200)
  })

  it('validates custom ticket properties added by tests', async () => {
    hub.emulator.addTicketProperty({ name: 'bot_topic', label: 'Bot topic', options: ['billing', 'tech'] })
    hub.emulator.addTicketProperty({ name: 'bot_score', label: 'Bot score', type: 'number' })
    const bad = await post('tickets', { properties: { hs_pipeline_stage: '1', bot_topic: 'sales', bot_score: 'high' } })
    expect(bad.body.errors.map((error: { code: string }) => error.code)).toEqual(['INVALID_OPTION', 'INVALID_NUMBER'])
    const good = await post('tickets', { properties: { hs_pipeline_stage: '1', bot_topic: 'tech', bot_score: 7 } })
    expect(good.status).toBe(201)
    expect(good.body.properties).toMatchObject({ bot_topic: 'tech', bot_score: '7' })
  })

  it('refuses association types that do not start from the object, and unknown targets', async () => {
    const contactId = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const association = (id: string, typeId: number) => ({
      to: { id },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
    })
    const wrongType = await post('tickets', {
      properties: { hs_pipeline_stage: '1' },
      associations: [association(contactId, 202)],
    })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.errors[0]).toMatchObject({ in: 'associations[0].types' })
    const unknownTarget = await post('tickets', {
      properties: { hs_pipeline_stage: '1' },
      associations: [association('123456', 16)],
    })
    expect(unknownTarget.status).toBe(400)
    expect(unknownTarget.body.errors[0]).toMatchObject({ in: 'associations[0].to.id' })
    expect(hub.emulator.crmObjects('tickets')).toHaveLength(0)
  })
})

describe('CRM notes', () => {
  it('requires hs_timestamp, normalizes it to ISO, and associates to contact (202) and ticket (228)', async () => {
    const contactId = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const ticketId = hub.emulator.seedTicket()
    const missing = await post('notes', { properties: { hs_note_body: 'x' } })
    expect(missing.body.errors[0]).toMatchObject({ in: 'hs_timestamp', code: 'REQUIRED_PROPERTY' })
    const created = await post('notes', {
      properties: { hs_note_body: '<p>Transcript</p>', hs_timestamp: '1767225600000', hubspot_owner_id: '90001' },
      associations: [
        { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
        { to: { id: ticketId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 228 }] },
      ],
    })
    expect(created.status).toBe(201)
    expect(created.body.properties.hs_timestamp).toBe('2026-01-01T00:00:00.000Z')
    expect(hub.emulator.notes()[0]?.associations).toEqual({
      contacts: [{ id: contactId, typeIds: [202] }],
      tickets: [{ id: ticketId, typeIds: [228] }],
    })
  })

  it('refuses a body over 65,536 characters and accepts exactly 65,536', async () => {
    const body = (length: number) => ({
      properties: { hs_timestamp: '2026-01-01T00:00:00Z', hs_note_body: 'x'.repeat(length) },
    })
    const tooLong = await post('notes', body(65_537))
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors[0]).toMatchObject({ in: 'hs_note_body', code: 'VALUE_TOO_LONG' })
    expect((await post('notes', body(65_536))).status).toBe(201)
  })

  it('needs crm.objects.contacts.write, not a notes scope', async () => {
    const token = hub.emulator.issueAccessToken({ scopes: ['tickets', 'crm.objects.notes.write'] })
    const response = await post('notes', { properties: { hs_timestamp: '2026-01-01T00:00:00Z' } }, token)
    expect(response.status).toBe(403)
  })
})
