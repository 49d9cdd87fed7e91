import { randomBytes } from 'node:crypto'
import type { Response } from '@botpress/sdk'
import * as bp from '.botpress'
import { hubspotAuthorizeUrl, publicWebhookUrl } from '../../config'
import { readState, writeState } from '../../botpress/state'
import { createHubSpotClient } from '../../hubspot'
import { requiredScopeNames } from '../../hubspot/scopes'
import { connectAccount, verifyAccount } from '../../setup/register'
import { CHANNEL_NOT_REGISTERED, InboxConnection } from '../../setup/inbox-connection'
import { htmlPage } from '../html-page'
import { describeFailure } from '../../describe'
import { finishInboxConnection } from './inbox-connected'

type Props = Parameters<bp.IntegrationProps['handler']>[0]

/** A connect link is valid for ten minutes and works once. */
const OAUTH_STATE_TTL_MS = 10 * 60_000

const callbackUrl = (webhookId: string) => `${publicWebhookUrl(webhookId)}/oauth/callback`

/**
 * GET /oauth/start: sends the admin to HubSpot's consent page with a fresh single-use state value. An inbox
 * connection started from HubSpot's inbox settings is kept with the state value, and finished by the callback.
 */
export async function startOAuth({ ctx, client }: Props, connection?: InboxConnection): Promise<Response> {
  const now = Date.now()
  const stored = await readState(client, 'integration', ctx.integrationId, 'oauthRequests')
  const pending = Object.fromEntries(Object.entries(stored?.pending ?? {}).filter(([, expiresAt]) => expiresAt > now))
  const inboxConnections = Object.fromEntries(
    Object.entries(stored?.inboxConnections ?? {}).filter(([state]) => pending[state] !== undefined),
  )
  const state = randomBytes(24).toString('base64url')
  pending[state] = now + OAUTH_STATE_TTL_MS
  if (connection) inboxConnections[state] = connection
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', { pending, inboxConnections })

  const authorize = new URL(hubspotAuthorizeUrl())
  authorize.searchParams.set('client_id', ctx.configuration.clientId)
  authorize.searchParams.set('redirect_uri', callbackUrl(ctx.webhookId))
  authorize.searchParams.set('scope', requiredScopeNames().join(' '))
  authorize.searchParams.set('state', state)
  return { status: 302, headers: { location: authorize.toString(), 'cache-control': 'no-store' } }
}

/**
 * Consumes a state value: valid only the first time, and only before it expires; then it also hands back the
 * inbox connection it carries.
 */
async function consumeState(
  { ctx, client }: Props,
  state: string,
): Promise<{ connection?: InboxConnection } | undefined> {
  const stored = await readState(client, 'integration', ctx.integrationId, 'oauthRequests')
  const expiresAt = stored?.pending[state]
  if (expiresAt === undefined) return undefined
  const { [state]: _used, ...pending } = stored!.pending
  const { [state]: connection, ...inboxConnections } = stored!.inboxConnections ?? {}
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', { pending, inboxConnections })
  return expiresAt > Date.now() ? { connection } : undefined
}

/**
 * GET /oauth/callback: checks the state before anything else (a forged or reused one never reaches the
 * code exchange), stores the tokens, and finishes connecting the configured inboxes.
 */
export async function finishOAuth(props: Props): Promise<Response> {
  const query = new URLSearchParams(props.req.query)
  const state = query.get('state')
  const code = query.get('code')
  const consumed = state ? await consumeState(props, state) : undefined
  if (!consumed) {
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
      if (consumed.connection) return htmlPage(409, 'Channel not registered', CHANNEL_NOT_REGISTERED)
      return htmlPage(
        200,
        'HubSpot connected',
        'Your HubSpot account is connected. Save the integration configuration in Botpress to finish the setup.',
      )
    }
    await verifyAccount(props, hubspot)
    const accounts = await connectAccount(props, hubspot, channel.channelId, channel.webhookUrl)
    if (consumed.connection) return finishInboxConnection(props, hubspot, consumed.connection)
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
