import { createHmac, timingSafeEqual } from 'node:crypto'
import * as bp from '.botpress'
import { publicWebhookUrl } from '../config/environment'

/**
 * `connect`: connect this install's account, or reconnect the same one. `switch`: the admin asks to move the
 * install to another HubSpot account; a `connect` link can never do that.
 */
type ConnectMode = 'connect' | 'switch'

type LinkContext = Pick<bp.Context, 'botId' | 'integrationAlias' | 'webhookId'> & {
  configuration: Pick<bp.Context['configuration'], 'clientSecret'>
}

/**
 * Signed with the client secret, which only the install's configuration holds, over the install's ids and the
 * mode: whoever has the webhook URL cannot make one, and a link is good for one install and one mode only.
 */
function signature(ctx: LinkContext, mode: ConnectMode): string {
  return createHmac('sha256', ctx.configuration.clientSecret)
    .update(['hubspot-inbox-hitl connect link', ctx.botId, ctx.integrationAlias, ctx.webhookId, mode].join('\n'))
    .digest('base64url')
}

/** The link that starts the OAuth flow; only shown to the install's admins (in the logs, when they save). */
export function connectLink(ctx: LinkContext, mode: ConnectMode): string {
  const url = new URL(`${publicWebhookUrl(ctx.webhookId)}/oauth/start`)
  url.searchParams.set('link', signature(ctx, mode))
  if (mode === 'switch') url.searchParams.set('switch', '1')
  return url.toString()
}

/** The mode a link was signed for, or undefined when its signature is not this install's. */
export function verifiedMode(ctx: LinkContext, query: URLSearchParams): ConnectMode | undefined {
  const mode: ConnectMode = query.get('switch') === '1' ? 'switch' : 'connect'
  const given = Buffer.from(query.get('link') ?? '')
  const expected = Buffer.from(signature(ctx, mode))
  return given.length === expected.length && timingSafeEqual(given, expected) ? mode : undefined
}
