import { randomBytes } from 'node:crypto'
import type { Response } from '@botpress/sdk'
import * as bp from '.botpress'
import { hubspotAuthorizeUrl, publicWebhookUrl } from '../../config'
import { readState, writeState } from '../../botpress/state'
import { createHubSpotClient } from '../../hubspot'
import { requiredScopeNames } from '../../hubspot/scopes'
import { connectAccount, verifyAccount } from '../../setup/register'
import { htmlPage } from '../html-page'
import { describeFailure } from '../../describe'

type Props = Parameters<bp.IntegrationProps['handler']>[0]

/** A connect link is valid for ten minutes and works once. */
const OAUTH_STATE_TTL_MS = 10 * 60_000

const callbackUrl = (webhookId: string) => `${publicWebhookUrl(webhookId)}/oauth/callback`

/** GET /oauth/start: sends the admin to HubSpot's consent page with a fresh single-use state value. */
export async function startOAuth({ ctx, client }: Props): Promise<Response> {
  const now = Date.now()
  const stored = await readState(client, 'integration', ctx.integrationId, 'oauthRequests')
  const pending = Object.fromEntries(Object.entries(stored?.pending ?? {}).filter(([, expiresAt]) => expiresAt > now))
  const state = randomBytes(24).toString('base64url')
  pending[state] = now + OAUTH_STATE_TTL_MS
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', { pending })

  const authorize = new URL(hubspotAuthorizeUrl())
  authorize.searchParams.set('client_id', ctx.configuration.clientId)
  authorize.searchParams.set('redirect_uri', callbackUrl(ctx.webhookId))
  authorize.searchParams.set('scope', requiredScopeNames().join(' '))
  authorize.searchParams.set('state', state)
  return { status: 302, headers: { location: authorize.toString(), 'cache-control': 'no-store' } }
}

/** Consumes a state value: true only the first time, and only before it expires. */
async function consumeState({ ctx, client }: Props, state: string): Promise<boolean> {
  const stored = await readState(client, 'integration', ctx.integrationId, 'oauthRequests')
  const expiresAt = stored?.pending[state]
  if (expiresAt === undefined) return false
  const { [state]: _used, ...rest } = stored!.pending
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', { pending: rest })
  return expiresAt > Date.now()
}

/**
 * GET /oauth/callback: checks the state before anything else (a forged or reused one never reaches the
 * code exchange), stores the tokens, and finishes connecting the configured inboxes.
 */
export async function finishOAuth(props: Props): Promise<Response> {
  const query = new URLSearchParams(props.req.query)
  const state = query.get('state')
  const code = query.get('code')
  if (!state || !(await consumeState(props, state))) {
    return htmlPage(
      400,
      'Link expired or invalid',
      'This connect link was already used, has expired or was not issued by this bot. Start again from the connect link.',
    )
  }
  if (!code) {
    const reason = query.get('error_description') ?? query.get('error') ?? 'no authorization code was returned'
    return htmlPage(400, 'HubSpot was not connected', `HubSpot did not grant access: ${reason}.`)
  }
  const hubspot = createHubSpotClient(props)
  try {
    const tokens = await hubspot.oauth.exchangeCode(code, callbackUrl(props.ctx.webhookId))
    await hubspot.tokens.storeConnection(tokens)
    const channel = await readState(props.client, 'integration', props.ctx.integrationId, 'channel')
    if (!channel) {
      return htmlPage(
        200,
        'HubSpot connected',
        'Your HubSpot account is connected. Save the integration configuration in Botpress to finish the setup.',
      )
    }
    await verifyAccount(props, hubspot)
    const accounts = await connectAccount(props, hubspot, channel.channelId, channel.webhookUrl)
    return htmlPage(
      200,
      'HubSpot connected',
      `Your HubSpot account is connected and ${Object.keys(accounts).length} inbox(es) receive handed-off conversations. You can close this page.`,
    )
  } catch (thrown) {
    const message = describeFailure(thrown)
    props.logger.forBot().error(`Connecting HubSpot failed: ${message}`)
    return htmlPage(400, 'HubSpot was not connected', message)
  }
}
