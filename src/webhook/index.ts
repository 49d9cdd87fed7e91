import * as bp from '.botpress'
import { authenticateWebhook } from './authenticate'
import { dispatch } from './dispatcher'
import { parseEnvelope } from './envelope'
import { connectInboxPage } from '../pages/connect-inbox'
import { finishOAuth, startOAuth } from '../pages/oauth'
import { serveLogo } from '../pages/logo'

type Props = bp.HandlerProps

/** The connect flows a browser goes through: the only routes that are not signed by HubSpot. */
const OAUTH_ROUTES: Record<string, (props: Props) => ReturnType<typeof startOAuth>> = {
  '/oauth/start': startOAuth,
  '/oauth/callback': finishOAuth,
  '/oauth/connect-inbox': connectInboxPage,
  '/oauth/logo.svg': serveLogo,
}

const plain = (status: number, body: string) => ({ status, headers: { 'content-type': 'text/plain' }, body })

/**
 * Every request is authenticated before anything else happens; the OAuth routes are the only unsigned ones
 * (a browser reaches them, and the callback checks its own single-use state value).
 */
export const handler: bp.IntegrationProps['handler'] = async (props) => {
  const { req, ctx } = props
  const oauthRoute = req.method.toUpperCase() === 'GET' ? OAUTH_ROUTES[req.path] : undefined
  if (oauthRoute) return oauthRoute(props)

  const verdict = authenticateWebhook(req, ctx.webhookId, ctx.configuration.clientSecret)
  if (!verdict.valid) {
    props.logger.forBot().warn(`Rejected a webhook call that is not signed by HubSpot (${verdict.reason})`)
    return plain(401, 'Invalid or missing HubSpot signature')
  }
  const parsed = parseEnvelope(req.body)
  if (!parsed.ok) return plain(400, `Malformed HubSpot webhook: ${parsed.reason}`)
  return dispatch(parsed.envelope, props, verdict.version)
}
