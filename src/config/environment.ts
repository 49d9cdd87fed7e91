/**
 * The only place that reads the process environment. Tests and the local sandbox point the integration at
 * emulators through these variables; production uses the defaults.
 */

const trimSlash = (url: string) => url.replace(/\/+$/, '')

/** HubSpot API base; `HUBSPOT_API_URL` overrides it for tests and the sandbox. */
export function hubspotApiUrl(): string {
  return trimSlash(process.env.HUBSPOT_API_URL || 'https://api.hubapi.com')
}

/**
 * HubSpot's OAuth consent page lives on app.hubspot.com, not on the API host. When the API is overridden
 * (emulator), the emulator serves the consent page too, so no second variable is needed.
 */
export function hubspotAuthorizeUrl(): string {
  const override = process.env.HUBSPOT_API_URL
  return override ? `${trimSlash(override)}/oauth/authorize` : 'https://app.hubspot.com/oauth/authorize'
}

/** Public base of Botpress webhooks: the URL HubSpot calls, hence the one signatures are computed over. */
function webhookBaseUrl(): string {
  return trimSlash(process.env.BP_WEBHOOK_URL || 'https://webhook.botpress.cloud')
}

export function publicWebhookUrl(webhookId: string): string {
  return `${webhookBaseUrl()}/${webhookId}`
}

/**
 * Media fetching refuses loopback and private addresses (SSRF). Only the local sandbox, whose media server
 * runs on 127.0.0.1, turns this off; Botpress never sets it.
 */
export function allowPrivateMediaHosts(): boolean {
  return process.env.HITL_ALLOW_PRIVATE_MEDIA_HOSTS === 'true'
}
