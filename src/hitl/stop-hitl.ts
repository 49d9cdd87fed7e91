import * as bp from '.botpress'
import { createHubSpotClient, HubSpotClient } from '../hubspot'
import { HubSpotNotFoundError } from '../hubspot/errors'
import { finishSessionInCrm } from '../crm/session-end'
import { getHandoffConversation } from './find-session'
import { claimSessionEnd } from './session-state'
import { singleFlight } from '../platform/single-flight'

/**
 * Closes the HubSpot thread. The session is marked closed by the bot first, so the CLOSED webhook HubSpot
 * sends back does not emit hitlStopped at the bot that asked for it. Closing a thread that is already
 * closed, archived or deleted succeeds. The CRM follow-up (ticket closed, transcript notes) runs once: a call that
 * fails part-way releases its claim, so the retry (or HubSpot's CLOSED echo) finishes what is left instead of
 * skipping it. Parallel copies in one warm instance share one run.
 */
export const stopHitl: bp.IntegrationProps['actions']['stopHitl'] = (props) =>
  singleFlight(props.ctx, `stopHitl:${props.input.conversationId}`, async () => {
    const { client, input } = props
    const { session, threadId } = await getHandoffConversation(client, input.conversationId)
    const claim = await claimSessionEnd(client, session, 'bot', new Date().toISOString())
    const hubspot = createHubSpotClient(props)
    try {
      await closeThread(props, hubspot, threadId)
      if (typeof claim === 'object') {
        await finishSessionInCrm({ props, hubspot, session, claim })
        await claim.finish()
      }
    } catch (thrown) {
      // The caller must see the first failure; a claim that could not be released is taken over once stale.
      if (typeof claim === 'object') await claim.release().catch(() => undefined)
      throw thrown
    }
    return {}
  })

async function closeThread(props: { logger: bp.Logger }, hubspot: HubSpotClient, threadId: string) {
  try {
    await hubspot.conversations.setThreadStatus(threadId, 'CLOSED')
  } catch (thrown) {
    if (!(thrown instanceof HubSpotNotFoundError)) throw thrown
    props.logger.forBot().info(`HubSpot thread ${threadId} was already deleted or archived`)
  }
}
