import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import { isHubSpotError } from '../../hubspot/errors'
import { agentUserIdWithProfile } from '../agent-user'
import type { SessionRecord } from '../session-record'
import { routeThread } from './route-thread'
import { contactOwnerRule, lastAgentRule, namedAgentRule, parseAssignTo, type RoutingRule } from './rules'

export type RoutingSettings = { assignTo?: string; routeToLastAgent: boolean; routeToContactOwner: boolean }

/** Whether the handoff routes its thread at all: unconfigured, it costs nothing and writes nothing. */
export const routingWanted = (settings: RoutingSettings) =>
  Boolean(settings.assignTo?.trim()) || settings.routeToLastAgent || settings.routeToContactOwner

/** The rules that apply, in their order of precedence: the named agent, the last agent, the contact's owner. */
function rulesFor(
  hubspot: HubSpotClient,
  settings: RoutingSettings,
  contact: { contactId?: string; ownerId?: string | null },
  threadId: string,
  logger: { warn(message: string): void },
): RoutingRule[] {
  const rules: RoutingRule[] = []
  const named = parseAssignTo(settings.assignTo)
  if (named) rules.push(namedAgentRule(hubspot, named))
  else if (settings.assignTo?.trim())
    logger.warn(
      `Routing HubSpot thread ${threadId}: skipped the agent the session names: "${settings.assignTo.trim()}" is neither an email nor a numeric HubSpot user id`,
    )
  if (settings.routeToLastAgent) rules.push(lastAgentRule(hubspot, contact.contactId, threadId))
  if (settings.routeToContactOwner) rules.push(contactOwnerRule(hubspot, contact.contactId, contact.ownerId))
  return rules
}

/**
 * Routes a new session's thread once (the outcome is a session tag, so a retried startHitl does not assign again)
 * and makes the integration's own assignment a pending one: the HITL plugin activates the session only after
 * startHitl returned, so the agent is announced once, by HubSpot's webhook echo of the assignment or with the
 * customer's first relayed message, whichever comes first (src/webhook/handlers/assigned.ts, sessionSeenActive).
 * The agent is the same Botpress user their replies come from. When the agent's profile cannot be read, only the
 * outcome is recorded and the echo announces the agent as it announces any assignment.
 */
export async function routeAtHandoff(args: {
  client: bp.Client
  hubspot: HubSpotClient
  logger: { info(message: string): void; warn(message: string): void }
  session: SessionRecord
  threadId: string
  settings: RoutingSettings
  contact: { contactId?: string; ownerId?: string | null }
}): Promise<void> {
  const { client, hubspot, logger, session, threadId, settings, contact } = args
  if (!routingWanted(settings) || session.routedTo) return
  const rules = rulesFor(hubspot, settings, contact, threadId, logger)
  const actorId = await routeThread({ hubspot, logger, threadId, rules })
  if (!actorId) return session.recordRouting(undefined)
  const agentUserId = await agentUserIdWithProfile({ client, hubspot, actorId }).catch((thrown: unknown) => {
    if (!isHubSpotError(thrown)) throw thrown
    logger.warn(`Routing HubSpot thread ${threadId}: the profile of ${actorId} could not be read: ${thrown.message}`)
    return undefined
  })
  await session.recordRouting(actorId, agentUserId)
}
