/**
 * Contact matching by phone through HubSpot's calculated properties: a contact is found by every stored form of
 * the customer's number (national in its country, E.164, phone or mobile), and the oldest match is linked.
 */
import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'

const harness = useHarness({ rateLimit: false })

const FRENCH_MOBILE = '+33 6 12 34 56 78'
const linkedContact = (h: Harness, userId: string) => h.botpress.getUser(userId)!.tags.hubspotContactId
type SearchBody = { filterGroups: { filters: { propertyName: string }[] }[]; sorts: unknown }
const searchBodies = (h: Harness) => h.hubspot.callsTo('searchContacts').map((call) => call.body as SearchBody)

describe('contact matching by phone', () => {
  it.each([
    ['in national form, in France', { phone: '06 12 34 56 78', country: 'France' }],
    [
      'as a mobile in national form, beside another phone',
      { phone: '+1 415 555 0123', mobilephone: '0612345678', country: 'FR' },
    ],
    ['in international form with spacing', { mobilephone: '+33 6 12 34 56 78' }],
    ['in national form without a country (no calculated value)', { phone: '06 12 34 56 78' }],
  ])('links the contact stored %s instead of creating a duplicate', async (_case, properties) => {
    const h = await registeredHarness(harness())
    const contactId = h.hubspot.seedContact({ properties: { firstname: 'Zoé', ...properties } })
    const { userId } = await escalate(h, { email: FRENCH_MOBILE })
    expect(linkedContact(h, userId)).toBe(contactId)
    expect(h.hubspot.callCount('createContact')).toBe(0)
    expect(h.hubspot.crmObjects('contacts')).toHaveLength(1)
  })

  it('searches within HubSpot limits (5 groups per search, two searches) with the documented sort', async () => {
    const h = await registeredHarness(harness())
    await escalate(h, { email: FRENCH_MOBILE })
    const bodies = searchBodies(h)
    expect(bodies).toHaveLength(2)
    for (const body of bodies) {
      expect(body.filterGroups.length).toBeLessThanOrEqual(5)
      expect(body.sorts).toEqual([{ propertyName: 'createdate', direction: 'ASCENDING' }])
    }
    const searched = bodies.flatMap((b) => b.filterGroups.map((g) => g.filters[0]!.propertyName))
    expect(searched.sort()).toEqual([
      'hs_calculated_mobile_number',
      'hs_calculated_phone_number',
      'hs_searchable_calculated_mobile_number',
      'hs_searchable_calculated_phone_number',
      'mobilephone',
      'phone',
    ])
    // Nothing matched, so the contact was created once with the number as given.
    expect(h.hubspot.crmObjects('contacts').map((c) => c.properties.phone)).toEqual(['+33612345678'])
  })

  it('links the oldest of two matching contacts, whichever form each is stored in', async () => {
    const h = await registeredHarness(harness())
    h.hubspot.seedContact({
      properties: { firstname: 'Newer', phone: '+33612345678' },
      createdAt: '2025-06-01T00:00:00.000Z',
    })
    const oldest = h.hubspot.seedContact({
      properties: { firstname: 'Oldest', mobilephone: '06 12 34 56 78', country: 'France' },
      createdAt: '2019-01-01T00:00:00.000Z',
    })
    const { userId } = await escalate(h, { email: FRENCH_MOBILE })
    expect(linkedContact(h, userId)).toBe(oldest)
  })

  it('links the oldest when only one matches by the stored text and the other by the calculated number', async () => {
    const h = await registeredHarness(harness())
    const storedOnly = h.hubspot.seedContact({
      properties: { firstname: 'Typed', phone: '06 12 34 56 78' },
      createdAt: '2018-01-01T00:00:00.000Z',
    })
    h.hubspot.seedContact({
      properties: { firstname: 'Calculated', phone: '0612345678', country: 'France' },
      createdAt: '2024-01-01T00:00:00.000Z',
    })
    const { userId } = await escalate(h, { email: FRENCH_MOBILE })
    expect(linkedContact(h, userId)).toBe(storedOnly)
  })

  it('does not link a contact whose number is another', async () => {
    const h = await registeredHarness(harness())
    const other = h.hubspot.seedContact({ properties: { phone: '06 12 34 56 79', country: 'France' } })
    const { userId } = await escalate(h, { email: FRENCH_MOBILE })
    expect(linkedContact(h, userId)).not.toBe(other)
    expect(h.hubspot.crmObjects('contacts')).toHaveLength(2)
  })
})

describe('searchContacts action by phone', () => {
  it('finds every contact stored under the number, oldest first', async () => {
    const h = await registeredHarness(harness())
    const day = (n: number) => `2024-01-0${n}T00:00:00.000Z`
    const mobile = h.hubspot.seedContact({
      properties: { firstname: 'Mobile', mobilephone: '0612345678', country: 'France' },
      createdAt: day(2),
    })
    const national = h.hubspot.seedContact({
      properties: { firstname: 'National', phone: '06 12 34 56 78', country: 'France' },
      createdAt: day(1),
    })
    const typed = h.hubspot.seedContact({
      properties: { firstname: 'Typed', phone: '06 12 34 56 78' },
      createdAt: day(3),
    })
    h.hubspot.seedContact({ properties: { firstname: 'Other', phone: '+33612345679' } })
    const { contacts } = await h.action<{ contacts: { id: string; name: string }[] }>('searchContacts', {
      query: FRENCH_MOBILE,
    })
    expect(contacts.map((c) => c.id)).toEqual([national, mobile, typed])
  })
})
