/** Scopes per object type (hubspot-facts.md §2, §9) and CRM search's own per-token rate limit (hubspot-facts.md §10). */
import { HubSpotError, missingScopes } from '../errors'
import type { HubSpotStore } from '../store'
import type { AccessTokenRecord } from '../types'
import type { CrmObjectType } from './types'

/** Notes use the contact scopes (hubspot-facts.md §9: the Notes guide lists contacts read/write). */
export const OBJECT_SCOPES: Record<CrmObjectType, { read: string[]; write: string[] }> = {
  contacts: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  companies: { read: ['crm.objects.companies.read'], write: ['crm.objects.companies.write'] },
  deals: { read: ['crm.objects.deals.read'], write: ['crm.objects.deals.write'] },
  tickets: { read: ['tickets'], write: ['tickets'] },
  notes: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
}

/** For routes whose object type is a path parameter (v4 associations): same 403 as the router's check. */
export function requireScopes(token: AccessTokenRecord, anyOf: readonly string[]): void {
  if (!anyOf.some((scope) => token.scopes.includes(scope))) throw missingScopes(anyOf)
}

/**
 * Search calls count in their own sliding window per access token instead of the account's 10-second bucket
 * (hubspot-facts.md §10: search is excluded from the burst limit). Beyond it: 429 with policy SECONDLY.
 */
export function checkSearchRateLimit(store: HubSpotStore, token: AccessTokenRecord): Record<string, string> {
  const limit = store.crm.searchRateLimit
  if (limit === false) return {}
  const now = store.now()
  const recent = (store.crm.searchCalls.get(token.token) ?? []).filter((at) => now - at < limit.intervalMs)
  store.crm.searchCalls.set(token.token, recent)
  const headers = { 'x-hubspot-ratelimit-secondly': String(limit.max) }
  if (recent.length >= limit.max)
    throw new HubSpotError(
      429,
      {
        status: 'error',
        category: 'RATE_LIMITS',
        message: 'You have reached your secondly limit.',
        policyName: 'SECONDLY',
      },
      { ...headers, 'x-hubspot-ratelimit-secondly-remaining': '0' },
    )
  recent.push(now)
  return { ...headers, 'x-hubspot-ratelimit-secondly-remaining': String(limit.max - recent.length) }
}
