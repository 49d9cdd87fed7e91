import type { AppEvent } from './events'

/**
 * Replay protection for app webhooks that carry only HubSpot's v1 signature. v1 signs the body alone, with no
 * time, so such a delivery could be captured and posted again at any later time. Such an event is applied only
 * when it is recent (its own `occurredAt`, within the same five minutes a v3 timestamp gets) and when this warm
 * instance has not applied it already (a bounded memory per install).
 *
 * What holds where: the age bound holds in every instance (it needs no memory); the memory of applied events is
 * per process, so a replay within the five minutes that reaches another (cold) instance is applied again. The
 * handlers are idempotent for a repeated event, so that replay can only repeat what already happened. A v1-only
 * redelivery that HubSpot itself sends more than five minutes after the event is refused as well: v1 cannot tell
 * it from a replay. Deliveries with a v3 signature are never checked here (their timestamp is signed).
 */
export const MAX_V1_EVENT_AGE_MS = 5 * 60_000
const MAX_CLOCK_SKEW_MS = 60_000
/** Applied events remembered per install: enough for five minutes of a busy account, bounded in memory. */
const REMEMBERED_PER_INSTALL = 2_000

const appliedByInstall = new Map<string, Map<string, number>>()

/** HubSpot says `eventId` alone is not guaranteed unique; with the subscription, thread and time it names one event. */
const eventKey = (event: AppEvent) =>
  [event.portalId, event.subscriptionId, event.eventId, event.objectId, event.occurredAt, event.propertyValue].join('|')

/** Why a v1-only event must not be applied, or undefined when it may be. */
export function v1ReplayRefusal(install: string, event: AppEvent, now: number = Date.now()): string | undefined {
  if (event.occurredAt === undefined) return 'it says not when it occurred (occurredAt)'
  const age = now - event.occurredAt
  if (age > MAX_V1_EVENT_AGE_MS) return 'it occurred more than five minutes ago'
  if (age < -MAX_CLOCK_SKEW_MS) return 'it occurred in the future'
  const expiresAt = appliedByInstall.get(install)?.get(eventKey(event))
  if (expiresAt !== undefined && expiresAt > now) return 'it was applied already'
  return undefined
}

/** Records an event once it was applied (not before: HubSpot's redelivery of an event that failed must pass). */
export function rememberAppliedV1Event(install: string, event: AppEvent, now: number = Date.now()): void {
  let applied = appliedByInstall.get(install)
  if (!applied) appliedByInstall.set(install, (applied = new Map()))
  for (const [key, expiresAt] of applied) {
    if (expiresAt > now && applied.size < REMEMBERED_PER_INSTALL) break
    applied.delete(key)
  }
  applied.set(eventKey(event), (event.occurredAt ?? now) + MAX_V1_EVENT_AGE_MS + MAX_CLOCK_SKEW_MS)
}
