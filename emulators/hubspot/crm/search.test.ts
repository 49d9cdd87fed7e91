import type { HubSpotEmulator } from '../hubspot-emulator'
import { api, useHubSpot } from '../test-support'

// Search has its own 5/s limit; most tests here turn it off and one test checks it on a frozen clock.
const hub = useHubSpot({ listingDelay: 0, searchRateLimit: false })

const search = (body: unknown, type = 'contacts', emulator: HubSpotEmulator = hub.emulator, token?: string) =>
  api(emulator, 'POST', `/crm/v3/objects/${type}/search`, { token: token ?? emulator.issueAccessToken(), json: body })

const where = (propertyName: string, operator: string, extra: Record<string, unknown> = {}) => ({
  filterGroups: [{ filters: [{ propertyName, operator, ...extra }] }],
})

const ids = (response: { body: { results: { id: string }[] } }) => response.body.results.map((result) => result.id)

/** Three contacts created a day apart (Ann oldest). */
function seedPeople() {
  const day = (n: number) => `2026-01-0${n}T00:00:00.000Z`
  const ann = hub.emulator.seedContact({
    createdAt: day(1),
    properties: { email: 'ann@alpha.example', firstname: 'Ann', lastname: 'Archer', phone: '+44 20 7946 0018' },
  })
  const bob = hub.emulator.seedContact({
    createdAt: day(2),
    properties: { email: 'bob@beta.example', firstname: 'Bob', lastname: 'Baker', mobilephone: '(415) 555-0101' },
  })
  const cyd = hub.emulator.seedContact({
    createdAt: day(3),
    properties: { email: 'cyd@beta.example', firstname: 'Cyd', company: 'Beta Corp', lifecyclestage: 'customer' },
  })
  return { ann, bob, cyd }
}

describe('CRM search: operators', () => {
  it('EQ on email is case-insensitive and returns the default contact properties', async () => {
    const { bob } = seedPeople()
    const response = await search(where('email', 'EQ', { value: 'BOB@Beta.example' }))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      total: 1,
      results: [
        {
          id: bob,
          properties: {
            createdate: '2026-01-02T00:00:00.000Z',
            email: 'bob@beta.example',
            firstname: 'Bob',
            hs_object_id: bob,
            lastmodifieddate: '2026-01-02T00:00:00.000Z',
            lastname: 'Baker',
          },
          createdAt: '2026-01-02T00:00:00.000Z',
          updatedAt: '2026-01-02T00:00:00.000Z',
          archived: false,
        },
      ],
    })
  })

  it('NEQ and NOT_IN include records without the property; IN wants lower-case text values', async () => {
    const { ann, bob, cyd } = seedPeople()
    expect(ids(await search(where('company', 'NEQ', { value: 'beta corp' })))).toEqual([ann, bob])
    expect(ids(await search(where('firstname', 'IN', { values: ['ann', 'cyd'] })))).toEqual([ann, cyd])
    expect(ids(await search(where('firstname', 'IN', { values: ['Ann'] })))).toEqual([])
    expect(ids(await search(where('firstname', 'NOT_IN', { values: ['ann'] })))).toEqual([bob, cyd])
    expect((await search(where('firstname', 'IN', { values: [] }))).status).toBe(400)
  })

  it('LT, LTE, GT, GTE and BETWEEN compare dates as dates (epoch ms or ISO)', async () => {
    const { ann, bob, cyd } = seedPeople()
    const jan2 = String(Date.parse('2026-01-02T00:00:00.000Z'))
    expect(ids(await search(where('createdate', 'LT', { value: jan2 })))).toEqual([ann])
    expect(ids(await search(where('createdate', 'LTE', { value: jan2 })))).toEqual([ann, bob])
    expect(ids(await search(where('createdate', 'GT', { value: '2026-01-02T00:00:00.000Z' })))).toEqual([cyd])
    expect(ids(await search(where('createdate', 'GTE', { value: jan2 })))).toEqual([bob, cyd])
    const between = where('createdate', 'BETWEEN', { value: '2026-01-01T12:00:00Z', highValue: '2026-01-03T00:00:00Z' })
    expect(ids(await search(between))).toEqual([bob, cyd])
    expect((await search(where('createdate', 'BETWEEN', { value: jan2 }))).status).toBe(400)
  })

  it('HAS_PROPERTY / NOT_HAS_PROPERTY, and refuses a value with them', async () => {
    const { ann, bob, cyd } = seedPeople()
    expect(ids(await search(where('phone', 'HAS_PROPERTY')))).toEqual([ann])
    expect(ids(await search(where('phone', 'NOT_HAS_PROPERTY')))).toEqual([bob, cyd])
    expect((await search(where('phone', 'HAS_PROPERTY', { value: 'x' }))).status).toBe(400)
  })

  it('CONTAINS_TOKEN matches whole words case-insensitively, with * wildcards', async () => {
    const { ann, bob, cyd } = seedPeople()
    expect(ids(await search(where('email', 'CONTAINS_TOKEN', { value: '*@BETA.example' })))).toEqual([bob, cyd])
    expect(ids(await search(where('company', 'CONTAINS_TOKEN', { value: 'corp' })))).toEqual([cyd])
    expect(ids(await search(where('company', 'CONTAINS_TOKEN', { value: 'cor' })))).toEqual([])
    expect(ids(await search(where('email', 'NOT_CONTAINS_TOKEN', { value: '*@beta.example' })))).toEqual([ann])
  })

  it('ORs groups and ANDs filters inside a group', async () => {
    const { ann, bob, cyd } = seedPeople()
    const body = {
      filterGroups: [
        {
          filters: [
            { propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@beta.example' },
            { propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' },
          ],
        },
        { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'ann' }] },
      ],
    }
    expect(ids(await search(body))).toEqual([ann, cyd])
    expect(ids(await search(body))).not.toContain(bob)
  })

  it('matches the calculated E.164 phone number (from phone, else mobilephone) with EQ', async () => {
    const { ann, bob } = seedPeople()
    expect(ids(await search(where('hs_calculated_phone_number', 'EQ', { value: '+442079460018' })))).toEqual([ann])
    expect(ids(await search(where('hs_calculated_phone_number', 'EQ', { value: '+14155550101' })))).toEqual([bob])
    // The free-text property only matches its own spelling.
    expect(ids(await search(where('phone', 'EQ', { value: '+442079460018' })))).toEqual([])
    const response = await search({
      ...where('mobilephone', 'HAS_PROPERTY'),
      properties: ['hs_calculated_mobile_number', 'mobilephone'],
    })
    expect(response.body.results[0].properties).toMatchObject({
      hs_calculated_mobile_number: '+14155550101',
      mobilephone: '(415) 555-0101',
    })
  })

  it("reads a national number in the contact's country, and gives the searchable national form", async () => {
    const france = hub.emulator.seedContact({ properties: { phone: '06 12 34 56 78', country: 'France' } })
    const byCode = hub.emulator.seedContact({ properties: { mobilephone: '0612345679', country: 'fr' } })
    const noCountry = hub.emulator.seedContact({ properties: { phone: '06 12 34 56 78' } })
    const values = (id: string) => hub.emulator.crmObjects('contacts').find((c) => c.id === id)!.properties
    expect(values(france)).toMatchObject({
      hs_calculated_phone_number: '+33612345678',
      hs_searchable_calculated_phone_number: '612345678',
    })
    expect(values(byCode)).toMatchObject({
      hs_calculated_phone_number: '+33612345679',
      hs_calculated_mobile_number: '+33612345679',
      hs_searchable_calculated_mobile_number: '612345679',
    })
    // Read in the account's default country (US here) it is no valid number: nothing is calculated.
    expect(values(noCountry).hs_calculated_phone_number).toBeUndefined()
    expect(ids(await search(where('hs_calculated_phone_number', 'EQ', { value: '+33612345678' })))).toEqual([france])
    const national = where('hs_searchable_calculated_mobile_number', 'IN', { values: ['612345679', '0612345679'] })
    expect(ids(await search(national))).toEqual([byCode])
  })

  it('searches associations.<type> and tickets by pipeline stage', async () => {
    const contact = hub.emulator.seedContact({ properties: { firstname: 'A' } })
    const open = hub.emulator.seedTicket({ properties: { subject: 'open one' } })
    const closed = hub.emulator.seedTicket({ properties: { subject: 'closed one', hs_pipeline_stage: '4' } })
    hub.emulator.seedTicket({ properties: { subject: 'someone else' } })
    hub.emulator.associate('tickets', open, 'contacts', contact)
    hub.emulator.associate('tickets', closed, 'contacts', contact)
    const body = {
      filterGroups: [
        {
          filters: [
            { propertyName: 'associations.contact', operator: 'EQ', value: contact },
            { propertyName: 'hs_pipeline_stage', operator: 'NEQ', value: '4' },
          ],
        },
      ],
      properties: ['subject'],
    }
    const response = await search(body, 'tickets')
    expect(ids(response)).toEqual([open])
    expect(response.body.results[0].properties).toEqual({
      subject: 'open one',
      createdate: expect.any(String),
      hs_lastmodifieddate: expect.any(String),
      hs_object_id: open,
    })
  })
})

describe('CRM search: query, sorting, paging, limits', () => {
  it('free-text query matches word prefixes of the searchable contact properties', async () => {
    const { ann, bob, cyd } = seedPeople()
    expect(ids(await search({ query: 'ARCH' }))).toEqual([ann])
    expect(ids(await search({ query: 'beta' }))).toEqual([bob, cyd])
    expect(ids(await search({ query: 'cyd beta' }))).toEqual([cyd])
    expect(ids(await search({ query: 'rcher' }))).toEqual([])
  })

  it('sorts by createdate both ways and defaults to id order', async () => {
    const { ann, bob, cyd } = seedPeople()
    const desc = await search({ sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }] })
    expect(ids(desc)).toEqual([cyd, bob, ann])
    expect(ids(await search({ sorts: ['createdate'] }))).toEqual([ann, bob, cyd])
    expect(ids(await search({}))).toEqual([ann, bob, cyd])
    // Records without the sort value come last.
    expect(ids(await search({ sorts: [{ propertyName: 'phone', direction: 'DESCENDING' }] }))).toEqual([ann, bob, cyd])
    expect((await search({ sorts: [{ propertyName: 'createdate' }, { propertyName: 'email' }] })).status).toBe(400)
    expect((await search({ sorts: [{ propertyName: 'nope', direction: 'ASCENDING' }] })).status).toBe(400)
  })

  it('pages with limit/after and refuses a limit over 200', async () => {
    const { ann, bob, cyd } = seedPeople()
    const first = await search({ limit: 2 })
    expect(first.body).toMatchObject({ total: 3, paging: { next: { after: '2' } } })
    expect(ids(first)).toEqual([ann, bob])
    const second = await search({ limit: 2, after: first.body.paging.next.after })
    expect(ids(second)).toEqual([cyd])
    expect(second.body.paging).toBeUndefined()
    const tooBig = await search({ limit: 201 })
    expect(tooBig.status).toBe(400)
    expect(tooBig.body.errors[0].in).toBe('limit')
    expect((await search({ limit: 200 })).status).toBe(200)
  })

  it('enforces 5 filter groups, 10 filters per group and 25 filters in all', async () => {
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' }
    const groups = (count: number, perGroup: number) => ({
      filterGroups: Array.from({ length: count }, () => ({ filters: Array.from({ length: perGroup }, () => filter) })),
    })
    expect((await search(groups(5, 5))).status).toBe(200)
    const sixGroups = await search(groups(6, 1))
    expect(sixGroups.status).toBe(400)
    expect(sixGroups.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: expect.stringMatching(/filter groups/),
    })
    expect((await search(groups(1, 11))).body.message).toMatch(/per group is 10/)
    expect((await search(groups(3, 9))).body.message).toMatch(/maximum across all filter groups is 25/)
  })

  it('refuses unknown properties, unknown operators, missing values and empty groups', async () => {
    expect((await search(where('emial', 'EQ', { value: 'x' }))).body.errors[0].in).toBe(
      'filterGroups[0].filters[0].propertyName',
    )
    expect((await search(where('email', 'LIKE', { value: 'x' }))).status).toBe(400)
    expect((await search(where('email', 'EQ'))).body.errors[0].in).toBe('filterGroups[0].filters[0].value')
    expect((await search({ filterGroups: [{ filters: [] }] })).status).toBe(400)
  })

  it('needs the read scope of the type (companies, deals)', async () => {
    const token = hub.emulator.issueAccessToken({ scopes: ['crm.objects.contacts.read'] })
    expect((await search({}, 'companies', hub.emulator, token)).status).toBe(403)
    expect((await search({}, 'deals', hub.emulator, token)).status).toBe(403)
    expect((await search({}, 'companies')).status).toBe(200)
  })
})

describe('CRM search: rate limit', () => {
  it('allows 5 searches per second per token, then 429 SECONDLY; other calls are not counted', async () => {
    let clock = Date.parse('2026-01-01T00:00:00.000Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => clock })
    const token = emulator.issueAccessToken()
    for (let i = 0; i < 5; i++) expect((await search({}, 'contacts', emulator, token)).status).toBe(200)
    const limited = await search({}, 'contacts', emulator, token)
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({ category: 'RATE_LIMITS', policyName: 'SECONDLY' })
    // A different token has its own window; a non-search call is unaffected.
    expect((await search({}, 'contacts', emulator, emulator.issueAccessToken())).status).toBe(200)
    expect((await api(emulator, 'GET', '/crm/v3/owners', { token })).status).toBe(200)
    clock += 1000
    expect((await search({}, 'contacts', emulator, token)).status).toBe(200)
    expect(emulator.callsTo('searchContacts').map((call) => call.status)).toEqual([
      200, 200, 200, 200, 200, 429, 200, 200,
    ])
  })

  it("does not count searches in the account's 10-second bucket (hubspot-facts.md §10)", async () => {
    const emulator = hub.reset({ listingDelay: 0, rateLimit: { max: 2, intervalMs: 10_000 }, searchRateLimit: false })
    const token = emulator.issueAccessToken()
    for (let i = 0; i < 4; i++) expect((await search({}, 'contacts', emulator, token)).status).toBe(200)
    expect((await api(emulator, 'GET', '/crm/v3/owners', { token })).status).toBe(200)
    expect((await api(emulator, 'GET', '/crm/v3/owners', { token })).status).toBe(200)
    expect((await api(emulator, 'GET', '/crm/v3/owners', { token })).status).toBe(429)
  })

  it('takes a custom limit from the options', async () => {
    const emulator = hub.reset({ listingDelay: 0, now: () => 0, searchRateLimit: { max: 1, intervalMs: 60_000 } })
    const token = emulator.issueAccessToken()
    expect((await search({}, 'tickets', emulator, token)).status).toBe(200)
    expect((await search({}, 'tickets', emulator, token)).status).toBe(429)
  })
})
