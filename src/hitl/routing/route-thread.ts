import type { HubSpotClient } from '../../hubspot'
import { isHubSpotError } from '../../hubspot/errors'
import { describeFailure } from '../../platform/describe'
import type { RoutingRule } from './rules'

type BotLogger = { info(message: string): void; warn(message: string): void }

/**
 * Tries the rules in order and assigns the thread to the first agent HubSpot accepts. A rule without an agent, or
 * whose agent HubSpot refuses (4xx: not a user of the inbox, deactivated, unknown), is logged naming the agent and
 * the reason, and the next rule is tried. A transient failure (5xx, 429 after the client's retries, no answer) ends
 * the routing: the rules after it would meet the same outage. Never throws: without an agent, HubSpot's own inbox
 * routing assigns the thread, as it does without routing. Returns the actor id assigned, if any.
 */
export async function routeThread(args: {
  hubspot: HubSpotClient
  logger: BotLogger
  threadId: string
  rules: ReadonlyArray<RoutingRule>
}): Promise<string | undefined> {
  const { hubspot, logger, threadId, rules } = args
  for (const rule of rules) {
    let actorId: string | undefined
    try {
      const outcome = await rule.find()
      if ('skipped' in outcome) {
        logger.info(`Routing HubSpot thread ${threadId}: skipped ${rule.name}: ${outcome.skipped}`)
        continue
      }
      actorId = outcome.actorId
      await hubspot.conversations.assignThread(threadId, actorId)
      logger.info(`Routing HubSpot thread ${threadId}: assigned to ${outcome.who}, ${rule.name}`)
      return actorId
    } catch (thrown) {
      const agent = actorId ? ` agent ${actorId}` : ''
      if (isHubSpotError(thrown) && !thrown.transient) {
        logger.warn(`Routing HubSpot thread ${threadId}: skipped ${rule.name}${agent}: ${describeFailure(thrown)}`)
        continue
      }
      logger.warn(
        `Routing HubSpot thread ${threadId}: gave up at ${rule.name}${agent}, HubSpot's own routing assigns the thread: ${describeFailure(thrown)}`,
      )
      return undefined
    }
  }
  if (rules.length > 0)
    logger.info(`Routing HubSpot thread ${threadId}: no rule chose an agent, HubSpot's own routing assigns it`)
  return undefined
}
