import * as bp from '.botpress'
import type { HubSpotClient } from '../hubspot'
import { HubSpotConflictError } from '../hubspot/errors'
import type { CrmObject } from '../hubspot/crm'
import type { CustomerIdentity } from '../customer/identity'
import { contactSearches, OLDEST_FIRST } from './phone-search'

export const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobilephone',
  'lifecyclestage',
  'hubspot_owner_id',
  'createdate',
]

/** `ownerId`: the contact's owner when the match read it (a search), null for none; undefined when not read. */
type ContactMatch = {
  contactId: string
  matchedOn: 'linked' | 'email' | 'phone' | 'created'
  ownerId?: string | null
}

const createdAt = (contact: CrmObject) => Date.parse(contact.properties.createdate ?? '') || Number.POSITIVE_INFINITY

/**
 * Up to `limit` contacts with this email or phone (every stored form of a phone), oldest first. A phone takes
 * two searches; each is sorted oldest first, so their merge holds the oldest `limit` matches.
 */
export async function findContacts(
  hubspot: HubSpotClient,
  identity: { email?: string; phone?: string },
  limit: number,
): Promise<CrmObject[] | undefined> {
  const searches = contactSearches(identity)
  if (!searches) return undefined
  const found = new Map<string, CrmObject>()
  for (const filterGroups of searches) {
    const { results } = await hubspot.crm.search('contacts', {
      filterGroups,
      properties: CONTACT_PROPERTIES,
      sorts: OLDEST_FIRST,
      limit,
    })
    for (const contact of results) found.set(contact.id, contact)
  }
  return [...found.values()].sort((a, b) => createdAt(a) - createdAt(b) || Number(a.id) - Number(b.id)).slice(0, limit)
}

/** The oldest contact with this email or phone. */
export async function findContact(
  hubspot: HubSpotClient,
  identity: { email?: string; phone?: string },
): Promise<CrmObject | undefined> {
  return (await findContacts(hubspot, identity, 1))?.[0]
}

function splitName(name: string | undefined): { firstname?: string; lastname?: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean)
  if (parts.length === 0) return {}
  return { firstname: parts[0], lastname: parts.length > 1 ? parts.slice(1).join(' ') : undefined }
}

/**
 * A new contact from what is known (with its owner as HubSpot answers it), or the one HubSpot names when that email
 * already has one (owner unknown).
 */
async function createContact(
  hubspot: HubSpotClient,
  identity: { email?: string; phone?: string },
  name: string | undefined,
): Promise<{ id: string; existed: boolean; ownerId?: string | null }> {
  const properties = Object.fromEntries(
    Object.entries({ email: identity.email, phone: identity.phone, ...splitName(name) }).filter(
      (entry): entry is [string, string] => Boolean(entry[1]),
    ),
  )
  try {
    const created = await hubspot.crm.create('contacts', properties)
    return { id: created.id, existed: false, ownerId: created.properties.hubspot_owner_id ?? null }
  } catch (thrown) {
    // HubSpot refuses a second contact with the same email and names the first: that one is the match.
    if (thrown instanceof HubSpotConflictError && thrown.existingId) return { id: thrown.existingId, existed: true }
    throw thrown
  }
}

/**
 * Who the customer is in the CRM, in this order: the contact already linked to the Botpress user, exact
 * email, phone, else a new contact from what is known. An anonymous customer gets none: nothing empty is
 * ever created. The match is remembered on the user, so the next session costs no search.
 *
 * An email needs no search: HubSpot keeps one contact per email, and refusing a second one names it, so creating
 * finds the match in one call either way. With `ownerWanted` (routing to the contact's owner) an email is searched
 * first, which costs the same call for an existing contact and reads its owner with it. A phone is searched (every
 * stored form, the oldest contact wins).
 */
export async function matchContact(args: {
  client: bp.Client
  hubspot: HubSpotClient
  user: { id: string; name?: string | null; tags: Record<string, string | undefined> }
  identity: CustomerIdentity
  ownerWanted?: boolean
}): Promise<ContactMatch | undefined> {
  const { client, hubspot, user, identity, ownerWanted } = args
  if (user.tags.hubspotContactId) return { contactId: user.tags.hubspotContactId, matchedOn: 'linked' }
  if (identity.kind === 'visitor') return undefined
  const name = user.name ?? undefined
  let match: ContactMatch
  const searched = identity.kind === 'phone' || ownerWanted
  const found = searched ? await findContact(hubspot, identity) : undefined
  if (found) {
    match = { contactId: found.id, matchedOn: identity.kind, ownerId: found.properties.hubspot_owner_id ?? null }
  } else {
    const contact = await createContact(hubspot, identity, name)
    match = { contactId: contact.id, matchedOn: contact.existed ? 'email' : 'created', ownerId: contact.ownerId }
  }
  await client.updateUser({ id: user.id, tags: { hubspotContactId: match.contactId } })
  return match
}

export const contactName = (contact: CrmObject) =>
  [contact.properties.firstname, contact.properties.lastname].filter(Boolean).join(' ') ||
  contact.properties.email ||
  `Contact ${contact.id}`
