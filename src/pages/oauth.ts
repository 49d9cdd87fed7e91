import { randomBytes } from 'node:crypto'
import type { Response } from '@botpress/sdk'
import * as bp from '.botpress'
import { hubspotAuthorizeUrl, publicWebhookUrl } from '../config/environment'
import { readState, writeState } from '../platform/state'
import { createHubSpotClient } from '../hubspot'
import { requiredScopeNames } from '../hubspot/scopes'
import { verifiedMode } from '../setup/connect-link'
import { connectAccount, verifyAccountSettings } from '../setup/register'
import { verifyConnection } from '../setup/inboxes'
import { htmlPage } from './html-page'
import { describeFailure } from '../platform/describe'

type Props = bp.HandlerProps
type PendingRequest = bp.states.oauthRequests.OauthRequests['payload']['pending'][string]

/** A state value is valid for ten minutes and works once. */
const OAUTH_STATE_TTL_MS = 10 * 60_000
/** Pending state values kept per install: an admin opening the link a few times, not an attacker's thousands. */
const MAX_PENDING = 5

const callbackUrl = (webhookId: string) => `${publicWebhookUrl(webhookId)}/oauth/callback`

const NOT_SIGNED =
  "This link was not issued for this bot. Open the connect link that the integration's logs show in Botpress when the configuration is saved."

/**
 * GET /oauth/start: only from a connect link signed for this install (see setup/connect-link.ts), which proves
 * the caller saw the install's logs. Sends the admin to HubSpot's consent page with a fresh single-use state value.
 */
export async function startOAuth({ ctx, client, req }: Props): Promise<Response> {
  const mode = verifiedMode(ctx, new URLSearchParams(req.query))
  if (!mode) return htmlPage(403, 'Connect link invalid', NOT_SIGNED)
  const now = Date.now()
  const stored = await readState(client, 'integration', ctx.integrationId, 'oauthRequests')
  const live = Object.entries(stored?.pending ?? {})
    .filter(([, request]) => request.expiresAt > now)
    .sort(([, a], [, b]) => a.expiresAt - b.expiresAt)
    .slice(-(MAX_PENDING - 1))
  const state = randomBytes(24).toString('base64url')
  const request: PendingRequest = { expiresAt: now + OAUTH_STATE_TTL_MS, switchAccount: mode === 'switch' }
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', {
    pending: Object.fromEntries([...live, [state, request]]),
  })

  const authorize = new URL(hubspotAuthorizeUrl())
  authorize.searchParams.set('client_id', ctx.configuration.clientId)
  authorize.searchParams.set('redirect_uri', callbackUrl(ctx.webhookId))
  authorize.searchParams.set('scope', requiredScopeNames().join(' '))
  authorize.searchParams.set('state', state)
  return { status: 302, headers: { location: authorize.toString(), 'cache-control': 'no-store' } }
}

/** Consumes a state value: valid only the first time, and only before it expires. */
async function consumeState({ ctx, client }: Props, state: string): Promise<PendingRequest | undefined> {
  const stored = await readState(client, 'integration', ctx.integrationId, 'oauthRequests')
  const request = stored?.pending[state]
  if (!request) return undefined
  const { [state]: _used, ...pending } = stored!.pending
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', { pending })
  return request.expiresAt > Date.now() ? request : undefined
}

/** The HubSpot account the install is connected to now, if it is and it is known. */
async function connectedHubId(props: Props): Promise<number | undefined> {
  const stored = await readState(props.client, 'integration', props.ctx.integrationId, 'credentials')
  if (stored?.hubId !== undefined || !(stored?.refreshToken || props.ctx.configuration.refreshToken)) {
    return stored?.hubId
  }
  return createHubSpotClient(props)
    .tokens.hubId()
    .catch(() => undefined)
}

/**
 * GET /oauth/callback: checks the state before anything else (a forged or reused one never reaches the code
 * exchange), then the new connection with its own token: active, every scope, the same HubSpot account as
 * before (unless the admin asked to switch) and the configured inboxes and ticket settings. Only then are the
 * tokens stored: a callback that fails leaves the install's connection as it was.
 */
export async function finishOAuth(props: Props): Promise<Response> {
  const query = new URLSearchParams(props.req.query)
  const state = query.get('state')
  const code = query.get('code')
  const request = state ? await consumeState(props, state) : undefined
  if (!request) {
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
  const logger = props.logger.forBot()
  try {
    const exchanged = await createHubSpotClient(props).oauth.exchangeCode(code, callbackUrl(props.ctx.webhookId))
    const hubspot = createHubSpotClient(props, exchanged)
    const info = await verifyConnection(hubspot)
    const current = await connectedHubId(props)
    if (current !== undefined && info.hub_id !== current && !request.switchAccount) {
      logger.warn(
        `Refused to switch the HubSpot connection from account ${current} to account ${info.hub_id ?? '(unknown)'}: the link used was not a switch link`,
      )
      return htmlPage(
        409,
        'Another HubSpot account',
        `This bot is connected to HubSpot account ${current}, and the approval was for account ${info.hub_id ?? '(unknown)'}. Nothing was changed. To move the bot to another HubSpot account, open the "different HubSpot account" link that the integration's logs show when the configuration is saved.`,
      )
    }
    const channel = await readState(props.client, 'integration', props.ctx.integrationId, 'channel')
    // A switch is checked against the configuration after it is stored: the inboxes of the new account are
    // not configured yet, and the error saying so lists them.
    if (channel && !request.switchAccount) await verifyAccountSettings(props, hubspot)
    await hubspot.tokens.storeConnection({ hubId: info.hub_id, scopes: info.scopes })
    if (current !== info.hub_id) logger.info(`HubSpot account ${info.hub_id ?? '(unknown)'} connected`)
    if (!channel) {
      return htmlPage(
        200,
        'HubSpot connected',
        'Your HubSpot account is connected. Save the integration configuration in Botpress to finish the setup.',
      )
    }
    if (request.switchAccount) {
      const problem = await verifyAccountSettings(props, hubspot).then(
        () => undefined,
        (thrown: unknown) => describeFailure(thrown),
      )
      if (problem) {
        return htmlPage(
          200,
          'HubSpot account switched',
          `The bot now uses HubSpot account ${info.hub_id ?? '(unknown)'}. To finish, fix this in the integration configuration and save it: ${problem}`,
        )
      }
    }
    const accounts = await connectAccount(props, hubspot, channel.channelId, channel.webhookUrl)
    return htmlPage(
      200,
      'HubSpot connected',
      `Your HubSpot account is connected and ${Object.keys(accounts).length} inbox(es) receive handed-off conversations. You can close this page.`,
    )
  } catch (thrown) {
    const message = describeFailure(thrown)
    logger.error(`Connecting HubSpot failed: ${message}`)
    return htmlPage(400, 'HubSpot was not connected', message)
  }
}
