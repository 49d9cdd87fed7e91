import type { Filter } from '../hubspot/crm'
import { nationalNumber, phoneNumbers } from '../customer/parse'

type FilterGroups = { filters: Filter[] }[]

const eq = (propertyName: string, value: string): { filters: Filter[] } => ({
  filters: [{ propertyName, operator: 'EQ', value }],
})
const anyOf = (propertyName: string, values: string[]): { filters: Filter[] } => ({
  filters: [{ propertyName, operator: 'IN', values }],
})

/**
 * The national forms of a number: HubSpot's searchable one (national significant number, `612345678`) and
 * the national number as dialled (`0612345678`), without and with the country's usual grouping.
 */
function nationalForms(e164: string): { searchable: string[]; written: string[] } {
  const parsed = phoneNumbers().parsePhoneNumberFromString(e164, { extract: false })
  const significant = nationalNumber(e164)
  if (!parsed || !significant) return { searchable: [], written: [] }
  const dialled = parsed.formatNational()
  const digits = dialled.replace(/\D/g, '')
  return {
    searchable: [...new Set([significant, digits])],
    written: [...new Set([digits, dialled, parsed.formatInternational(), significant])],
  }
}

/**
 * Contacts type numbers any way they like, so one number is searched in every form HubSpot may hold it, in two
 * searches of at most 5 filter groups (HubSpot's limit per search), OR-ed within each:
 * 1. HubSpot's calculated properties, which it derives from `phone` and `mobilephone` (reading a national entry
 *    with the contact's country): E.164 in `hs_calculated_phone_number` / `hs_calculated_mobile_number`, and the
 *    national number without country code in `hs_searchable_calculated_phone_number` / `..._mobile_number`;
 * 2. the stored text itself in `phone` and `mobilephone`, for an entry HubSpot could not read as a number.
 */
export function phoneSearches(e164: string): FilterGroups[] {
  const { searchable, written } = nationalForms(e164)
  const calculated = [eq('hs_calculated_phone_number', e164), eq('hs_calculated_mobile_number', e164)]
  if (searchable.length > 0)
    calculated.push(
      anyOf('hs_searchable_calculated_phone_number', searchable),
      anyOf('hs_searchable_calculated_mobile_number', searchable),
    )
  const stored = [e164, ...written]
  return [calculated, [anyOf('phone', stored), anyOf('mobilephone', stored)]]
}

/** An exact email match (one search), else every stored form of the phone; undefined when there is neither. */
export function contactSearches(identity: { email?: string; phone?: string }): FilterGroups[] | undefined {
  if (identity.email) return [[eq('email', identity.email)]]
  return identity.phone ? phoneSearches(identity.phone) : undefined
}

/** The oldest contact first: several matches mean duplicates, and the oldest is usually the real one. */
export const OLDEST_FIRST = [{ propertyName: 'createdate', direction: 'ASCENDING' as const }]
