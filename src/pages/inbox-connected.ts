import type { Response } from '@botpress/sdk'
import * as bp from '.botpress'
import { describeFailure } from '../platform/describe'
import type { HubSpotClient } from '../hubspot'
import { connectInboxFromHubSpot, InboxConnection } from '../setup/inbox-connection'
import { htmlPage } from './html-page'

type Props = bp.HandlerProps

/** The page HubSpot asked to send the admin back to, offered only when it is HubSpot's own (never any other site). */
function backToHubSpot(returnUrl: string | undefined): { href: string; text: string } | undefined {
  if (!returnUrl || !URL.canParse(returnUrl)) return undefined
  const url = new URL(returnUrl)
  const isHubSpot = url.hostname === 'hubspot.com' || url.hostname.endsWith('.hubspot.com')
  return url.protocol === 'https:' && isHubSpot ? { href: url.href, text: 'Back to HubSpot' } : undefined
}

/**
 * Completes a connection an admin started from HubSpot's inbox settings (right away, or after the OAuth approval)
 * and says which inbox now receives handed-off conversations, or why not.
 */
export async function finishInboxConnection(
  props: Props,
  hubspot: HubSpotClient,
  connection: InboxConnection,
): Promise<Response> {
  const back = backToHubSpot(connection.returnUrl)
  try {
    const inbox = await connectInboxFromHubSpot(props, hubspot, connection)
    const named = inbox.inboxName ? `"${inbox.inboxName}" (${inbox.inboxId})` : inbox.inboxId
    props.logger.forBot().info(`HubSpot inbox ${inbox.inboxId} connected from HubSpot's inbox settings`)
    const state = inbox.wasConnected ? 'was already connected and still receives' : 'now receives'
    return htmlPage(
      200,
      'Inbox connected',
      `HubSpot inbox ${named} ${state} the conversations this bot hands over. You can close this page.`,
      back,
    )
  } catch (thrown) {
    const message = describeFailure(thrown)
    props.logger.forBot().error(`Connecting a HubSpot inbox failed: ${message}`)
    return htmlPage(400, 'Inbox not connected', message, back)
  }
}
