import type { Filter } from '../hubspot/crm'
import { nationalNumber } from '../hitl/identity'

/**
 * Contacts type phone numbers any way they like, so one number is searched in every form HubSpot may
 * hold it: E.164 and the national number, in `phone` and `mobilephone`, and HubSpot's own normalised
 * `hs_calculated_phone_number`. Five groups, HubSpot's maximum, OR-ed together.
 */
export function phoneFilterGroups(e164: string): { filters: Filter[] }[] {
  const national = nationalNumber(e164)
  const forms = [e164, ...(national && national !== e164 ? [national] : [])]
  const groups: { filters: Filter[] }[] = []
  for (const propertyName of ['phone', 'mobilephone']) {
    for (const value of forms) groups.push({ filters: [{ propertyName, operator: 'EQ', value }] })
  }
  groups.push({ filters: [{ propertyName: 'hs_calculated_phone_number', operator: 'EQ', value: e164 }] })
  return groups.slice(0, 5)
}

/** An exact email match, else every stored form of the phone; undefined when there is neither. */
export function contactFilterGroups(identity: { email?: string; phone?: string }): { filters: Filter[] }[] | undefined {
  if (identity.email) return [{ filters: [{ propertyName: 'email', operator: 'EQ', value: identity.email }] }]
  return identity.phone ? phoneFilterGroups(identity.phone) : undefined
}

/** The oldest contact first: several matches mean duplicates, and the oldest is usually the real one. */
export const OLDEST_FIRST = [{ propertyName: 'createdate', direction: 'ASCENDING' as const }]
