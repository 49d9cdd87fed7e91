import type { Response } from '@botpress/sdk'
import * as bp from '.botpress'
import { readState } from '../platform/state'
import { createHubSpotClient } from '../hubspot'
import { CHANNEL_NOT_REGISTERED } from '../setup/inbox-connection'
import { isAccountConnected } from '../setup/register'
import { htmlPage } from './html-page'
import { finishInboxConnection } from './inbox-connected'

type Props = bp.HandlerProps

/**
 * GET /oauth/connect-inbox: the channel's `channelAccountConnectionRedirectUrl`, where HubSpot sends an admin who
 * connects the channel to an inbox from its inbox settings, with the staging token (`accountToken`) and the inbox.
 * Unsigned like the OAuth routes: a browser comes here. It only ever connects an inbox of the account the install
 * is already connected to (the staging token is redeemed with that account's token). It never connects an account:
 * any HubSpot portal that installed the app can send an admin here, so an install not connected yet waits for its
 * own admin's signed connect link.
 */
export async function connectInboxPage(props: Props): Promise<Response> {
  const query = new URLSearchParams(props.req.query)
  const accountToken = query.get('accountToken')
  const inboxId = query.get('inboxId')
  if (!accountToken || !inboxId || !/^\d+$/.test(inboxId)) {
    return htmlPage(
      400,
      'Connection link incomplete',
      "This page is opened by HubSpot when you connect the Botpress channel in HubSpot's inbox settings; the link it came from lacks the connection token or the inbox. Start again from HubSpot's inbox settings.",
    )
  }
  if (!(await readState(props.client, 'integration', props.ctx.integrationId, 'channel'))) {
    return htmlPage(409, 'Channel not registered', CHANNEL_NOT_REGISTERED)
  }
  if (!(await isAccountConnected(props))) {
    return htmlPage(
      409,
      'Connect the HubSpot account first',
      "This bot is not connected to a HubSpot account yet. In Botpress, open the connect link that the integration's logs show when the configuration is saved, approve the app, then connect the inbox again from HubSpot's inbox settings.",
    )
  }
  const returnUrl = query.get('redirectUrl') ?? undefined
  const connection = { accountToken, inboxId, ...(returnUrl ? { returnUrl } : {}) }
  return finishInboxConnection(props, createHubSpotClient(props), connection)
}
