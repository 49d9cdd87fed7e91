import type { HubSpotClient } from '../hubspot'
import type { Pipeline, PropertyDefinition } from '../hubspot/crm'

/**
 * Pipelines and the ticket schema change rarely: read once per install and kept for ten minutes. Keyed by the
 * install, not the integration id every bot shares: one install never sees another's account.
 */
const TTL_MS = 10 * 60_000
const cache = new Map<string, { at: number; value: Promise<unknown> }>()

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>
  const value = load()
  cache.set(key, { at: Date.now(), value })
  // A failed read is not cached: the next call tries again.
  value.catch(() => cache.delete(key))
  return value
}

export const ticketPipelines = (hubspot: HubSpotClient): Promise<Pipeline[]> =>
  cached(`${hubspot.install}:pipelines:tickets`, () => hubspot.crm.pipelines('tickets'))

export const dealPipelines = (hubspot: HubSpotClient): Promise<Pipeline[]> =>
  cached(`${hubspot.install}:pipelines:deals`, () => hubspot.crm.pipelines('deals'))

export const ticketSchema = (hubspot: HubSpotClient): Promise<PropertyDefinition[]> =>
  cached(`${hubspot.install}:properties:tickets`, () => hubspot.crm.properties('tickets'))
