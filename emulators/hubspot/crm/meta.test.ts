import { api, useHubSpot } from '../test-support'

const hub = useHubSpot()
const get = (path: string, token = hub.emulator.issueAccessToken()) => api(hub.emulator, 'GET', path, { token })

describe('CRM pipelines', () => {
  it('lists the ticket pipelines in HubSpot shape: Support Pipeline 0 and Escalations', async () => {
    const response = await get('/crm/v3/pipelines/tickets')
    expect(response.status).toBe(200)
    expect(response.body.results.map((pipeline: { id: string }) => pipeline.id)).toEqual(['0', 'escalations-1'])
    const [support, escalations] = response.body.results
    expect(support).toEqual({
      id: '0',
      label: 'Support Pipeline',
      displayOrder: 0,
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      stages: [
        expect.objectContaining({ id: '1', label: 'New', displayOrder: 0, metadata: { ticketState: 'OPEN' } }),
        expect.objectContaining({ id: '2', label: 'Waiting on contact', metadata: { ticketState: 'OPEN' } }),
        expect.objectContaining({ id: '3', label: 'Waiting on us', metadata: { ticketState: 'OPEN' } }),
        expect.objectContaining({ id: '4', label: 'Closed', displayOrder: 3, metadata: { ticketState: 'CLOSED' } }),
      ],
    })
    expect(support.stages[0]).toEqual({
      id: '1',
      label: 'New',
      displayOrder: 0,
      metadata: { ticketState: 'OPEN' },
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(
      escalations.stages.filter(
        (stage: { metadata: { ticketState: string } }) => stage.metadata.ticketState === 'CLOSED',
      ),
    ).toHaveLength(1)
  })

  it('GETs one pipeline (404 when unknown) and needs the tickets scope', async () => {
    expect((await get('/crm/v3/pipelines/tickets/escalations-1')).body.label).toBe('Escalations')
    expect((await get('/crm/v3/pipelines/tickets/nope')).status).toBe(404)
    const token = hub.emulator.issueAccessToken({ scopes: ['crm.objects.contacts.read'] })
    expect((await get('/crm/v3/pipelines/tickets', token)).status).toBe(403)
  })

  it('resolves deal stage labels from the deal pipelines', async () => {
    const response = await get('/crm/v3/pipelines/deals')
    const stages = response.body.results[0].stages
    expect(response.body.results[0]).toMatchObject({ id: 'default', label: 'Sales Pipeline' })
    expect(stages.find((stage: { id: string }) => stage.id === 'closedwon')).toMatchObject({
      label: 'Closed Won',
      metadata: { isClosed: 'true', probability: '1.0' },
    })
  })

  it('addPipeline adds a ticket pipeline whose stages tickets can then use', async () => {
    const id = hub.emulator.addPipeline({
      label: 'VIP',
      stages: [
        { id: 'vip-open', label: 'Open' },
        { id: 'vip-done', label: 'Done', ticketState: 'CLOSED' },
      ],
    })
    const pipeline = await get(`/crm/v3/pipelines/tickets/${id}`)
    expect(pipeline.body).toMatchObject({ label: 'VIP', displayOrder: 2 })
    expect(pipeline.body.stages[1]).toMatchObject({ id: 'vip-done', metadata: { ticketState: 'CLOSED' } })
    const ticket = hub.emulator.seedTicket({ properties: { hs_pipeline: id } })
    expect(hub.emulator.crmObjects('tickets').find((t) => t.id === ticket)?.properties.hs_pipeline_stage).toBe(
      'vip-open',
    )
    expect(() => hub.emulator.addPipeline({ id, label: 'again', stages: [{ label: 'x' }] })).toThrow(/already exists/)
  })
})

describe('CRM properties', () => {
  it('lists ticket properties with options for enumerations and externalOptions for pipelines', async () => {
    const response = await get('/crm/v3/properties/tickets')
    expect(response.status).toBe(200)
    const byName = new Map(response.body.results.map((property: { name: string }) => [property.name, property]))
    expect(byName.get('hs_ticket_priority')).toMatchObject({
      name: 'hs_ticket_priority',
      label: 'Priority',
      type: 'enumeration',
      fieldType: 'select',
      options: [
        expect.objectContaining({ label: 'Low', value: 'LOW' }),
        expect.objectContaining({ value: 'MEDIUM' }),
        expect.objectContaining({ value: 'HIGH' }),
        expect.objectContaining({ value: 'URGENT' }),
      ],
    })
    expect(byName.get('hs_pipeline_stage')).toMatchObject({ externalOptions: true, options: [] })
    expect(byName.get('subject')).toMatchObject({ type: 'string', fieldType: 'text', hubspotDefined: true })
  })

  it('includes custom ticket properties added with addTicketProperty, and GETs one by name', async () => {
    hub.emulator.addTicketProperty({
      name: 'bot_reason',
      label: 'Handoff reason',
      options: [{ label: 'Asked for a human', value: 'asked' }],
    })
    const one = await get('/crm/v3/properties/tickets/bot_reason')
    expect(one.body).toMatchObject({
      name: 'bot_reason',
      type: 'enumeration',
      hubspotDefined: false,
      options: [{ label: 'Asked for a human', value: 'asked', displayOrder: 0, hidden: false }],
    })
    expect((await get('/crm/v3/properties/tickets/nope')).status).toBe(404)
    expect(() => hub.emulator.addTicketProperty({ name: 'subject', label: 'again' })).toThrow(/already has/)
  })

  it('needs the scope of the object type', async () => {
    const token = hub.emulator.issueAccessToken({ scopes: ['crm.objects.contacts.read'] })
    expect((await get('/crm/v3/properties/contacts', token)).status).toBe(200)
    expect((await get('/crm/v3/properties/tickets', token)).status).toBe(403)
  })
})

describe('CRM owners', () => {
  it('lists one owner per agent with owner ids distinct from user ids', async () => {
    const response = await get('/crm/v3/owners')
    expect(response.status).toBe(200)
    expect(response.body.results).toEqual([
      {
        id: '90001',
        email: 'alice@agents.example.com',
        type: 'PERSON',
        firstName: 'Alice',
        lastName: 'Agent',
        userId: 5001,
        userIdIncludingInactive: 5001,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        archived: false,
        teams: [],
      },
      expect.objectContaining({ id: '90002', userId: 5002, email: 'bob@agents.example.com' }),
    ])
    expect(response.body.total).toBeUndefined()
  })

  it('filters by email, pages with limit/after', async () => {
    const byEmail = await get('/crm/v3/owners?email=BOB@agents.example.com')
    expect(byEmail.body.results.map((owner: { id: string }) => owner.id)).toEqual(['90002'])
    const page = await get('/crm/v3/owners?limit=1')
    expect(page.body.results).toHaveLength(1)
    expect(page.body.paging.next.after).toBe('1')
    expect((await get('/crm/v3/owners?limit=1&after=1')).body.results[0].id).toBe('90002')
  })

  it('GETs an owner by id or by userId (idProperty=userId), 404 otherwise, and needs owners.read', async () => {
    expect((await get('/crm/v3/owners/90001')).body.userId).toBe(5001)
    expect((await get('/crm/v3/owners/5002?idProperty=userId')).body.id).toBe('90002')
    expect((await get('/crm/v3/owners/5002')).status).toBe(404)
    expect((await get('/crm/v3/owners/5002?idProperty=email')).status).toBe(400)
    const token = hub.emulator.issueAccessToken({ scopes: ['tickets'] })
    expect((await get('/crm/v3/owners', token)).status).toBe(403)
  })

  it('seeds owners for the agents of other portals too', async () => {
    const portal = hub.emulator.seedPortal({
      hubId: 777,
      agents: [{ userId: 6001, name: 'Carol Chen', email: 'carol@other.example' }],
    })
    const token = hub.emulator.issueAccessToken({ hubId: portal.hubId })
    const response = await get('/crm/v3/owners', token)
    expect(response.body.results).toEqual([
      expect.objectContaining({ userId: 6001, firstName: 'Carol', lastName: 'Chen', email: 'carol@other.example' }),
    ])
    expect(response.body.results[0].id).not.toMatch(/^9000[12]$/)
  })
})
