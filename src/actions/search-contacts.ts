import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { createHubSpotClient } from '../hubspot'
import type { CrmObject } from '../hubspot/crm'
import { parseContact } from '../customer/parse'
import { CONTACT_PROPERTIES, contactName, findContacts } from '../crm/contacts'
import { recordUrl } from '../crm/handoff-note'
import { OLDEST_FIRST } from '../crm/phone-search'

const MAX_CONTACT_RESULTS = 5

function contactSummary(contact: CrmObject, hubId: number | undefined) {
  return {
    id: contact.id,
    name: contactName(contact),
    email: contact.properties.email ?? undefined,
    phone: contact.properties.phone ?? contact.properties.mobilephone ?? undefined,
    url: recordUrl(hubId, '0-1', contact.id) ?? contact.id,
  }
}

/** An email or phone is matched exactly (every stored form of a phone); anything else is HubSpot's text search. */
export const searchContacts: bp.IntegrationProps['actions']['searchContacts'] = async (props) => {
  const query = props.input.query?.trim()
  if (!query) throw new RuntimeError('Give a name, email or phone to search for.')
  const hubspot = createHubSpotClient(props)
  const contact = parseContact({ email: query })
  const results =
    (contact && (await findContacts(hubspot, contact, MAX_CONTACT_RESULTS))) ??
    (
      await hubspot.crm.search('contacts', {
        query,
        properties: CONTACT_PROPERTIES,
        sorts: OLDEST_FIRST,
        limit: MAX_CONTACT_RESULTS,
      })
    ).results
  const hubId = results.length > 0 ? await hubspot.tokens.hubId() : undefined
  return { contacts: results.map((contact) => contactSummary(contact, hubId)) }
}
