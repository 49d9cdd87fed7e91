import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { createHubSpotClient, HubSpotClient } from '../hubspot'
import { unlessNotFound } from '../hubspot/errors'
import type { CrmObject } from '../hubspot/crm'
import { contactTags } from '../customer/identity'
import { parseContact } from '../customer/parse'
import { getHandoffConversation } from '../hitl/find-session'
import { dealPipelines, ticketPipelines } from '../crm/account-schema'
import { CONTACT_PROPERTIES, contactName, findContact } from '../crm/contacts'
import { recordUrl } from '../crm/handoff-note'
import { stageLabel } from '../crm/pipelines'

type Output = bp.actions.getContactContext.output.Output
type Input = bp.actions.getContactContext.input.Input
type Lookup = { email?: string; phone?: string; contactId?: string }

/** How many deals and tickets are read: enough context for an agent or an AI, a bounded number of calls. */
const MAX_RELATED = 10

const value = (object: CrmObject, name: string) => object.properties[name] ?? undefined
const associated = (contact: CrmObject, type: string) => (contact.associations?.[type]?.results ?? []).map((r) => r.id)
const uniq = (ids: string[]) => [...new Set(ids)]

async function locateContact(
  hubspot: HubSpotClient,
  input: { email?: string; phone?: string; contactId?: string },
): Promise<string | undefined> {
  if (input.contactId?.trim()) return input.contactId.trim()
  const contact = parseContact({ email: input.email, phone: input.phone })
  if (!contact) {
    throw new RuntimeError(
      'Give the email, the phone (international form, e.g. +14155550123) or the HubSpot contact id to look up.',
    )
  }
  return (await findContact(hubspot, contact))?.id
}

/**
 * Who to look up, and whether that identity was verified. A handoff named by its conversation gives its own
 * customer: the contact it linked, else the email or phone it was opened with; nothing to look up for an anonymous
 * visitor or for a claim the session did not link (that claim is returned as it is). Email, phone or contact id
 * alone are never verified: nothing says who typed them.
 */
async function lookupOf(
  client: bp.Client,
  input: Input,
): Promise<{ lookup?: Lookup; identityVerified: boolean; claimed?: Lookup }> {
  if (input.conversationId === undefined) return { lookup: input, identityVerified: false }
  if (input.email || input.phone || input.contactId) {
    throw new RuntimeError(
      'Give either the conversationId of a handoff, or an email, phone or contact id to look up, not both.',
    )
  }
  const { session } = await getHandoffConversation(client, input.conversationId)
  const identity = session.identity
  const identityVerified = identity?.verified ?? false
  if (identity?.claimed) return { identityVerified, claimed: contactTags(identity.claimed) }
  if (session.contactId) return { lookup: { contactId: session.contactId }, identityVerified }
  const given = identity && contactTags(identity.sender)
  return { lookup: given?.email || given?.phone ? given : undefined, identityVerified }
}

async function ownerOf(hubspot: HubSpotClient, ownerId: string | undefined) {
  if (!ownerId) return undefined
  const owner = await unlessNotFound(hubspot.crm.getOwner(ownerId))
  return (
    owner && {
      name: [owner.firstName, owner.lastName].filter(Boolean).join(' ') || owner.email || `Owner ${owner.id}`,
      email: owner.email ?? undefined,
    }
  )
}

/**
 * What the agent's side should know about a customer: the contact, its company, deals (open and closed)
 * and previous tickets with their stage labels, a link to the record, and whether the identity was verified. No
 * contact is `{ found: false }`.
 */
export const getContactContext: bp.IntegrationProps['actions']['getContactContext'] = async (
  props,
): Promise<Output> => {
  const { lookup, identityVerified, claimed } = await lookupOf(props.client, props.input)
  if (!lookup) return { found: false, identityVerified, ...(claimed && { claimedIdentity: claimed }) }
  const hubspot = createHubSpotClient(props)
  const contactId = await locateContact(hubspot, lookup)
  const contact =
    contactId &&
    (await unlessNotFound(
      hubspot.crm.get('contacts', contactId, {
        properties: CONTACT_PROPERTIES,
        associations: ['companies', 'deals', 'tickets'],
      }),
    ))
  if (!contact) return { found: false, identityVerified }

  const [companyId] = associated(contact, 'companies')
  const dealIds = uniq(associated(contact, 'deals')).slice(0, MAX_RELATED)
  const ticketIds = uniq(associated(contact, 'tickets')).slice(0, MAX_RELATED)
  const [company, deals, tickets, owner, hubId] = await Promise.all([
    companyId
      ? unlessNotFound(
          hubspot.crm.get('companies', companyId, { properties: ['name', 'domain', 'industry', 'numberofemployees'] }),
        )
      : undefined,
    Promise.all(
      dealIds.map((id) =>
        unlessNotFound(hubspot.crm.get('deals', id, { properties: ['dealname', 'dealstage', 'amount', 'closedate'] })),
      ),
    ),
    Promise.all(
      ticketIds.map((id) =>
        unlessNotFound(hubspot.crm.get('tickets', id, { properties: ['subject', 'hs_pipeline_stage', 'createdate'] })),
      ),
    ),
    ownerOf(hubspot, value(contact, 'hubspot_owner_id')),
    hubspot.tokens.hubId(),
  ])
  const [dealStages, ticketStages] = await Promise.all([
    deals.some(Boolean) ? dealPipelines(hubspot) : [],
    tickets.some(Boolean) ? ticketPipelines(hubspot) : [],
  ])

  return {
    found: true,
    contact: {
      id: contact.id,
      name: contactName(contact),
      email: value(contact, 'email'),
      phones: [value(contact, 'phone'), value(contact, 'mobilephone')].filter((p): p is string => Boolean(p)),
      lifecycleStage: value(contact, 'lifecyclestage'),
      owner,
    },
    company: company
      ? {
          name: value(company, 'name'),
          domain: value(company, 'domain'),
          industry: value(company, 'industry'),
          size: value(company, 'numberofemployees'),
        }
      : undefined,
    deals: deals
      .filter((deal): deal is CrmObject => Boolean(deal))
      .map((deal) => ({
        name: value(deal, 'dealname') ?? `Deal ${deal.id}`,
        stage: stageLabel(dealStages, value(deal, 'dealstage')),
        amount: value(deal, 'amount'),
        closeDate: value(deal, 'closedate'),
      })),
    tickets: tickets
      .filter((ticket): ticket is CrmObject => Boolean(ticket))
      .map((ticket) => ({
        subject: value(ticket, 'subject') ?? `Ticket ${ticket.id}`,
        stage: stageLabel(ticketStages, value(ticket, 'hs_pipeline_stage')),
        createdAt: value(ticket, 'createdate'),
      })),
    url: recordUrl(hubId, '0-1', contact.id),
    identityVerified,
  }
}
