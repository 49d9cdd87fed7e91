import type { Request } from '@botpress/sdk'
import { publicWebhookUrl } from '../config/environment'
import { SignatureVerdict, verifyHubSpotSignature } from '../hubspot/signature'

/**
 * The URL HubSpot called, which is what it signed: the public webhook URL, then the request's path only
 * when it is not the root, then `?query` only when there is one.
 */
function calledUrl(webhookId: string, req: Pick<Request, 'path' | 'query'>): string {
  const path = req.path && req.path !== '/' ? (req.path.startsWith('/') ? req.path : `/${req.path}`) : ''
  const query = req.query ? `?${req.query.replace(/^\?/, '')}` : ''
  return `${publicWebhookUrl(webhookId)}${path}${query}`
}

const lowerCaseHeaders = (headers: Request['headers']) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

/** App webhooks arrive as arrays and may be signed v1; custom-channel webhooks are objects signed v3. */
export function authenticateWebhook(
  req: Request,
  webhookId: string,
  clientSecret: string | undefined,
  now?: number,
): SignatureVerdict {
  const rawBody = req.body ?? ''
  return verifyHubSpotSignature(
    clientSecret,
    { method: req.method, url: calledUrl(webhookId, req), rawBody, headers: lowerCaseHeaders(req.headers) },
    { acceptV1: rawBody.trimStart().startsWith('['), now },
  )
}
