/**
 * The standard properties we emulate per object type (a subset of HubSpot's, enough for a handoff integration).
 * Unknown names are rejected on writes, so a typo in our integration fails a test; tests add custom properties.
 */
import type { CrmObjectType, PropertyDefinition, PropertyOption } from './types'

const options = (values: string[], labels: string[] = values): PropertyOption[] =>
  values.map((value, index) => ({ value, label: labels[index] ?? value, displayOrder: index, hidden: false }))

const text = (name: string, label: string, groupName: string, fieldType = 'text'): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType,
  groupName,
  hubspotDefined: true,
})

const readOnly = (definition: PropertyDefinition, calculated = false): PropertyDefinition => ({
  ...definition,
  readOnlyValue: true,
  calculated,
})

const external = (name: string, label: string, groupName: string): PropertyDefinition => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  groupName,
  externalOptions: true,
  hubspotDefined: true,
})

const datetime = (name: string, label: string, groupName: string): PropertyDefinition => ({
  name,
  label,
  type: 'datetime',
  fieldType: 'date',
  groupName,
  hubspotDefined: true,
})

const number = (name: string, label: string, groupName: string): PropertyDefinition => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
  groupName,
  hubspotDefined: true,
})

const select = (name: string, label: string, groupName: string, values: string[], labels?: string[]) => ({
  name,
  label,
  type: 'enumeration' as const,
  fieldType: 'select',
  groupName,
  options: options(values, labels),
  hubspotDefined: true,
})

/** HubSpot names the modification date `lastmodifieddate` on contacts only; other objects use the `hs_` one. */
export const LAST_MODIFIED: Record<CrmObjectType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  tickets: 'hs_lastmodifieddate',
  notes: 'hs_lastmodifieddate',
}

/** Notes (engagements) carry `hs_createdate`; CRM objects `createdate`. */
export const CREATED: Record<CrmObjectType, string> = {
  contacts: 'createdate',
  companies: 'createdate',
  deals: 'createdate',
  tickets: 'createdate',
  notes: 'hs_createdate',
}

function common(type: CrmObjectType, group: string): PropertyDefinition[] {
  return [
    readOnly(datetime(CREATED[type], 'Create Date', group)),
    readOnly(datetime(LAST_MODIFIED[type], 'Last Modified Date', group)),
    readOnly(number('hs_object_id', 'Record ID', group)),
    external('hubspot_owner_id', type === 'notes' ? 'Activity assigned to' : 'Owner', group),
  ]
}

const CONTACT = 'contactinformation'
const TICKET = 'ticketinformation'
const COMPANY = 'companyinformation'
const DEAL = 'dealinformation'
const NOTE = 'engagement'

export const STANDARD_PROPERTIES: Record<CrmObjectType, PropertyDefinition[]> = {
  contacts: [
    ...common('contacts', CONTACT),
    text('email', 'Email', CONTACT),
    text('firstname', 'First Name', CONTACT),
    text('lastname', 'Last Name', CONTACT),
    text('phone', 'Phone Number', CONTACT, 'phonenumber'),
    text('mobilephone', 'Mobile Phone Number', CONTACT, 'phonenumber'),
    text('company', 'Company Name', CONTACT),
    text('jobtitle', 'Job Title', CONTACT),
    text('website', 'Website URL', CONTACT),
    text('city', 'City', CONTACT),
    text('country', 'Country/Region', CONTACT),
    select('lifecyclestage', 'Lifecycle Stage', CONTACT, [
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]),
    readOnly(text('hs_calculated_phone_number', 'Calculated Phone Number', CONTACT), true),
    readOnly(text('hs_calculated_mobile_number', 'Calculated Mobile Number', CONTACT), true),
    readOnly(text('hs_searchable_calculated_phone_number', 'Searchable Calculated Phone Number', CONTACT), true),
    readOnly(text('hs_searchable_calculated_mobile_number', 'Searchable Calculated Mobile Number', CONTACT), true),
  ],
  companies: [
    ...common('companies', COMPANY),
    text('name', 'Company name', COMPANY),
    text('domain', 'Company Domain Name', COMPANY),
    text('website', 'Website URL', COMPANY),
    text('phone', 'Phone Number', COMPANY, 'phonenumber'),
    text('city', 'City', COMPANY),
    text('country', 'Country/Region', COMPANY),
    text('industry', 'Industry', COMPANY),
    text('description', 'Description', COMPANY, 'textarea'),
    number('numberofemployees', 'Number of Employees', COMPANY),
    number('annualrevenue', 'Annual Revenue', COMPANY),
  ],
  deals: [
    ...common('deals', DEAL),
    text('dealname', 'Deal Name', DEAL),
    number('amount', 'Amount', DEAL),
    datetime('closedate', 'Close Date', DEAL),
    external('pipeline', 'Pipeline', DEAL),
    external('dealstage', 'Deal Stage', DEAL),
    select('dealtype', 'Deal Type', DEAL, ['newbusiness', 'existingbusiness'], ['New Business', 'Existing Business']),
    text('description', 'Deal Description', DEAL, 'textarea'),
  ],
  tickets: [
    ...common('tickets', TICKET),
    text('subject', 'Ticket name', TICKET),
    text('content', 'Ticket description', TICKET, 'textarea'),
    external('hs_pipeline', 'Pipeline', TICKET),
    external('hs_pipeline_stage', 'Ticket status', TICKET),
    select(
      'hs_ticket_priority',
      'Priority',
      TICKET,
      ['LOW', 'MEDIUM', 'HIGH', 'URGENT'],
      ['Low', 'Medium', 'High', 'Urgent'],
    ),
    select(
      'hs_ticket_category',
      'Category',
      TICKET,
      ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY'],
      ['Product issue', 'Billing issue', 'Feature request', 'General inquiry'],
    ),
    select('source_type', 'Source', TICKET, ['CHAT', 'EMAIL', 'FORM', 'PHONE'], ['Chat', 'Email', 'Form', 'Phone']),
    datetime('closed_date', 'Close date', TICKET),
  ],
  notes: [
    ...common('notes', NOTE),
    text('hs_note_body', 'Note body', NOTE, 'html'),
    datetime('hs_timestamp', 'Activity date', NOTE),
    text('hs_attachment_ids', 'Attached file IDs', NOTE),
  ],
}

/** What GET and search return when no `properties` are asked for (hubspot-facts.md §9 for contacts; brief for the rest). */
export const DEFAULT_PROPERTIES: Record<CrmObjectType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  tickets: [
    'content',
    'createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_priority',
    'subject',
  ],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_note_body', 'hs_object_id', 'hs_timestamp'],
}

/** Always returned, even when `properties` names others. */
export const ALWAYS_RETURNED = (type: CrmObjectType) => [CREATED[type], LAST_MODIFIED[type], 'hs_object_id']

/** Free-text `query` of search covers these (HubSpot's "default searchable properties"). */
export const QUERY_PROPERTIES: Record<CrmObjectType, string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company'],
  companies: ['name', 'domain', 'website', 'phone'],
  deals: ['dealname'],
  tickets: ['subject', 'content'],
  notes: ['hs_note_body'],
}

/** Required on create (hubspot-facts.md §9: ticket stage, note timestamp; deals need a stage like tickets). */
export const REQUIRED_ON_CREATE: Record<CrmObjectType, string[]> = {
  contacts: [],
  companies: [],
  deals: ['dealstage'],
  tickets: ['hs_pipeline_stage'],
  notes: ['hs_timestamp'],
}

/** HubSpot's cap on a string property value (hubspot-facts.md §9 gives it for note bodies). */
export const MAX_STRING_LENGTH = 65_536
