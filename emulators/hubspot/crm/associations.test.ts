import { api, useHubSpot } from '../test-support'

const hub = useHubSpot()
const V4 = '/crm/v4/objects'

describe('CRM associations v4', () => {
  it('PUT default links both ways and GET lists the types from each side', async () => {
    const contact = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const company = hub.emulator.seedCompany({ properties: { name: 'Acme' } })
    const token = hub.emulator.issueAccessToken()
    const put = await api(hub.emulator, 'PUT', `${V4}/contacts/${contact}/associations/default/companies/${company}`, {
      token,
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({
      status: 'COMPLETE',
      results: [
        {
          from: { id: contact },
          to: { id: company },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
        },
        { from: { id: company }, to: { id: contact }, associationSpec: { associationTypeId: 280 } },
      ],
    })
    const fromContact = await api(hub.emulator, 'GET', `${V4}/contact/${contact}/associations/company`, { token })
    expect(fromContact.body).toEqual({
      results: [
        {
          toObjectId: Number(company),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }],
        },
      ],
    })
    const fromCompany = await api(hub.emulator, 'GET', `${V4}/companies/${company}/associations/contacts`, { token })
    expect(fromCompany.body.results).toEqual([
      { toObjectId: Number(contact), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 280, label: null }] },
    ])
  })

  it('a Primary label (type 1) also records the unlabeled default', async () => {
    const contact = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const company = hub.emulator.seedCompany({ properties: { name: 'Acme' } })
    const token = hub.emulator.issueAccessToken()
    const put = await api(hub.emulator, 'PUT', `${V4}/contacts/${contact}/associations/companies/${company}`, {
      token,
      json: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }],
    })
    expect(put.status).toBe(201)
    expect(put.body).toMatchObject({ fromObjectTypeId: '0-1', toObjectTypeId: '0-2', labels: ['Primary'] })
    const list = await api(hub.emulator, 'GET', `${V4}/contacts/${contact}/associations/companies`, { token })
    expect(list.body.results[0].associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
    ])
    const wrong = await api(hub.emulator, 'PUT', `${V4}/contacts/${contact}/associations/companies/${company}`, {
      token,
      json: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 16 }],
    })
    expect(wrong.status).toBe(400)
  })

  it('404s unknown records, 400s unknown object types, and DELETE removes the pair both ways', async () => {
    const ticket = hub.emulator.seedTicket()
    const contact = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const token = hub.emulator.issueAccessToken()
    const path = (from: string, to: string) => `${V4}/tickets/${from}/associations/default/contacts/${to}`
    expect((await api(hub.emulator, 'PUT', path(ticket, '424242'), { token })).status).toBe(404)
    expect(
      (await api(hub.emulator, 'PUT', `${V4}/widgets/1/associations/default/contacts/${contact}`, { token })).status,
    ).toBe(400)
    expect((await api(hub.emulator, 'PUT', path(ticket, contact), { token })).status).toBe(200)
    expect(hub.emulator.crmObjects('contacts')[0]?.associations).toEqual({ tickets: [{ id: ticket, typeIds: [15] }] })
    const removed = await api(hub.emulator, 'DELETE', `${V4}/tickets/${ticket}/associations/contacts/${contact}`, {
      token,
    })
    expect(removed.status).toBe(204)
    expect(hub.emulator.crmObjects('contacts')[0]?.associations).toEqual({})
    expect(hub.emulator.crmObjects('tickets')[0]?.associations).toEqual({})
  })

  it('checks the scope of the from type (companies write is not granted by default)', async () => {
    const contact = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const company = hub.emulator.seedCompany({ properties: { name: 'Acme' } })
    const token = hub.emulator.issueAccessToken()
    const put = await api(hub.emulator, 'PUT', `${V4}/companies/${company}/associations/default/contacts/${contact}`, {
      token,
    })
    expect(put.status).toBe(403)
    expect(put.body.category).toBe('MISSING_SCOPES')
    const list = await api(hub.emulator, 'GET', `${V4}/companies/${company}/associations/contacts`, { token })
    expect(list.status).toBe(200)
  })
})

describe('CRM associations on v3 reads', () => {
  it('GET ?associations= returns the context of a contact: company, deals, tickets', async () => {
    const contact = hub.emulator.seedContact({ properties: { email: 'ctx@example.com' } })
    const company = hub.emulator.seedCompany({ properties: { name: 'Acme' } })
    const deal = hub.emulator.seedDeal({ properties: { dealname: 'Renewal', dealstage: 'contractsent', amount: 1200 } })
    const ticket = hub.emulator.seedTicket({ properties: { subject: 'Broken' } })
    hub.emulator.associate('contacts', contact, 'companies', company, 1)
    hub.emulator.associate('deals', deal, 'contacts', contact)
    hub.emulator.associate('tickets', ticket, 'contacts', contact)
    const token = hub.emulator.issueAccessToken()
    const response = await api(
      hub.emulator,
      'GET',
      `/crm/v3/objects/contacts/${contact}?associations=companies,deals&associations=tickets,notes`,
      { token },
    )
    expect(response.body.associations).toEqual({
      companies: {
        results: [
          { id: company, type: 'contact_to_company' },
          { id: company, type: 'contact_to_company_unlabeled' },
        ],
      },
      deals: { results: [{ id: deal, type: 'contact_to_deal' }] },
      tickets: { results: [{ id: ticket, type: 'contact_to_ticket' }] },
    })
    const dealResponse = await api(hub.emulator, 'GET', `/crm/v3/objects/deals/${deal}`, { token })
    expect(dealResponse.body.properties).toMatchObject({
      dealstage: 'contractsent',
      pipeline: 'default',
      amount: '1200',
    })
    expect(dealResponse.body.associations).toBeUndefined()
    const bad = await api(hub.emulator, 'GET', `/crm/v3/objects/contacts/${contact}?associations=widgets`, { token })
    expect(bad.status).toBe(400)
  })

  it('associate() refuses a type id that does not fit the pair', () => {
    const contact = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const ticket = hub.emulator.seedTicket()
    expect(() => hub.emulator.associate('tickets', ticket, 'contacts', contact, 202)).toThrow(/no association type 202/)
    expect(() => hub.emulator.associate('tickets', ticket, 'contacts', '1')).toThrow(/no contacts record/)
  })

  it('seed helpers apply the API checks and throw plain errors', () => {
    expect(() => hub.emulator.seedTicket({ properties: { hs_ticket_priority: 'SOON' } })).toThrow(
      /HTTP 400 .*INVALID_OPTION/,
    )
    hub.emulator.seedContact({ properties: { email: 'x@example.com' } })
    expect(() => hub.emulator.seedContact({ properties: { email: 'x@example.com' } })).toThrow(/HTTP 409/)
    expect(() => hub.emulator.seedDeal({ properties: { dealstage: '1' } })).toThrow(/dealstage/)
  })
})
