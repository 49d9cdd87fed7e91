import type { HubSpotClient } from '../../hubspot'
import type { Owner } from '../../hubspot/crm'
import { agentActorId, userActorId, userIdOfAgent } from '../assignment'

/** What a rule found: the agent to assign (`A-<userId>`), or why it has none, in words for the bot's log. */
export type RuleOutcome = { actorId: string; who: string } | { skipped: string }

/** One routing rule: its name for the log, and how it finds its agent (at most one HubSpot lookup). */
export type RoutingRule = { name: string; find: () => Promise<RuleOutcome> }

/** The session's own choice, `hitlSession.assignTo`. */
export type NamedAgent = { kind: 'userId'; userId: string } | { kind: 'email'; email: string }

/**
 * `assignTo` as the bot builder wrote it: digits (optionally `A-` prefixed, as threads name agents) are a HubSpot
 * user id, anything with an `@` an email; undefined for blank or anything else.
 */
export function parseAssignTo(value: string | undefined): NamedAgent | undefined {
  const trimmed = value?.trim()
  if (!trimmed) return undefined
  const userId = userIdOfAgent(trimmed)
  if (userId) return { kind: 'userId', userId }
  return trimmed.includes('@') ? { kind: 'email', email: trimmed } : undefined
}

/** An owner's user as an assignable agent, or why not (archived, deactivated, a queue without a user). */
function ownerAsAgent(owner: Owner, who: string): RuleOutcome {
  if (owner.archived) return { skipped: `${who} is an archived owner` }
  if (owner.userId == null)
    return {
      skipped:
        owner.userIdIncludingInactive != null
          ? `${who} (user ${owner.userIdIncludingInactive}) is deactivated`
          : `${who} has no HubSpot user`,
    }
  return { actorId: userActorId(String(owner.userId)), who }
}

/** The agent the session names: a user id costs no lookup, an email one owner lookup. */
export function namedAgentRule(hubspot: HubSpotClient, named: NamedAgent): RoutingRule {
  return {
    name: 'the agent the session names',
    async find() {
      if (named.kind === 'userId') return { actorId: userActorId(named.userId), who: `user ${named.userId}` }
      const owner = await hubspot.crm.findOwnerByEmail(named.email)
      if (!owner) return { skipped: `no active HubSpot user has the email ${named.email}` }
      return ownerAsAgent(owner, named.email)
    },
  }
}

/**
 * The agent of the contact's newest closed thread that had one: one page of their closed threads, newest first.
 * Closed only: the new thread is open, and a closed thread is one an agent finished handling.
 */
export function lastAgentRule(hubspot: HubSpotClient, contactId: string | undefined, threadId: string): RoutingRule {
  return {
    name: "the contact's last agent",
    async find() {
      if (!contactId) return { skipped: 'the session has no HubSpot contact' }
      for (const thread of await hubspot.conversations.listContactThreads(contactId, 'CLOSED')) {
        const actorId = thread.id === threadId ? undefined : agentActorId(thread.assignedTo ?? undefined)
        if (actorId) return { actorId, who: `${actorId} (thread ${thread.id})` }
      }
      return { skipped: `contact ${contactId} has no earlier thread with an agent` }
    },
  }
}

/**
 * The contact's owner: their owner id comes with the contact lookup when the handoff searched for the contact
 * (`knownOwnerId`: null for none), else one contact read; then one owner read.
 */
export function contactOwnerRule(
  hubspot: HubSpotClient,
  contactId: string | undefined,
  knownOwnerId: string | null | undefined,
): RoutingRule {
  return {
    name: "the contact's owner",
    async find() {
      if (!contactId) return { skipped: 'the session has no HubSpot contact' }
      const ownerId =
        knownOwnerId !== undefined
          ? knownOwnerId
          : (await hubspot.crm.get('contacts', contactId, { properties: ['hubspot_owner_id'] })).properties
              .hubspot_owner_id
      if (!ownerId) return { skipped: `contact ${contactId} has no owner` }
      const owner = await hubspot.crm.getOwner(ownerId)
      return ownerAsAgent(owner, `owner ${ownerId}`)
    },
  }
}
