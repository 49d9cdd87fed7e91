import { RuntimeError } from '@botpress/sdk'

export type HubSpotErrorDetails = {
  /** What we were doing, in words a bot builder recognises ("create the custom channel"). */
  operation: string
  status?: number
  category?: string
  subCategory?: string
  hubspotMessage?: string
  correlationId?: string
  /** Worth retrying later: rate limits, HubSpot outages, timeouts and dropped connections. */
  transient: boolean
  retryAfterMs?: number
  /** How the call authenticated: a refused developer key needs other advice than a refused OAuth token. */
  auth?: 'oauth' | 'developer' | 'none'
}

/** What the user can do about an error, by HTTP status and HubSpot category. */
function hintFor({ status, category, auth }: HubSpotErrorDetails): string {
  if (auth === 'developer' && (status === 401 || status === 403))
    return 'HubSpot rejected the developer API key or the app ID: copy the developer API key of the developer account that owns the app, and the numeric app ID from the app page.'
  if (category === 'MISSING_SCOPES')
    return 'Reconnect the HubSpot account so the app is granted every scope listed in the integration readme.'
  if (status === 401)
    return 'Check the client ID, client secret and refresh token, or reconnect the HubSpot account with the OAuth link.'
  if (status === 403)
    return 'The HubSpot account or app is not allowed to do this; check its subscription tier and app settings.'
  if (status === 404) return 'The HubSpot record no longer exists or the id is wrong.'
  if (status === 429) return 'HubSpot rate limit reached; the operation can be retried in a few seconds.'
  if (status === undefined || status >= 500) return 'HubSpot is unavailable right now; the operation can be retried.'
  return 'Check the values sent to HubSpot.'
}

function describe(details: HubSpotErrorDetails): string {
  const facts = [
    details.status ? `HTTP ${details.status}` : 'no response',
    details.category,
    details.hubspotMessage,
    details.correlationId ? `correlationId ${details.correlationId}` : undefined,
  ].filter(Boolean)
  return `HubSpot could not ${details.operation} (${facts.join(', ')}). ${hintFor(details)}`
}

/** A HubSpot failure as a RuntimeError whose message a bot builder can act on. It never carries the request URL. */
export class HubSpotError extends RuntimeError {
  public constructor(public readonly details: HubSpotErrorDetails) {
    super(describe(details))
    this.name = 'HubSpotError'
  }

  public get status(): number | undefined {
    return this.details.status
  }

  public get transient(): boolean {
    return this.details.transient
  }
}

export const isHubSpotError = (thrown: unknown): thrown is HubSpotError => thrown instanceof HubSpotError

/** HubSpot answered 404: the record is gone, or never was. */
export class HubSpotNotFoundError extends HubSpotError {}

/** HubSpot answered 400: it refused what was sent (a malformed id, a token past its lifetime, a wrong value). */
export class HubSpotBadRequestError extends HubSpotError {}

/** HubSpot answered 429, or the account's pace would not let the call through within its time budget. */
export class HubSpotRateLimitedError extends HubSpotError {}

/**
 * HubSpot answered 409: what the call would create or change conflicts with what exists (a contact with that email,
 * a staging token already used). `existingId` is the record HubSpot names as the existing one, when it names one.
 */
export class HubSpotConflictError extends HubSpotError {
  public readonly existingId: string | undefined

  public constructor(details: HubSpotErrorDetails) {
    super(details)
    this.existingId = /Existing ID: ?(\d+)/.exec(details.hubspotMessage ?? '')?.[1]
  }
}

const ERROR_BY_STATUS: Record<number, typeof HubSpotError | undefined> = {
  400: HubSpotBadRequestError,
  404: HubSpotNotFoundError,
  409: HubSpotConflictError,
  429: HubSpotRateLimitedError,
}

/** The error class a caller can test for, chosen by HubSpot's status; other failures are a plain HubSpotError. */
export function hubSpotErrorOf(details: HubSpotErrorDetails): HubSpotError {
  const ErrorClass = (details.status !== undefined && ERROR_BY_STATUS[details.status]) || HubSpotError
  return new ErrorClass(details)
}

/** What a HubSpot call returns, or undefined when what it reads or removes does not exist. */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call
  } catch (thrown) {
    if (thrown instanceof HubSpotNotFoundError) return undefined
    throw thrown
  }
}

/** Replaces every occurrence of the given secrets; a last line of defence for text that leaves the process. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return secrets.reduce<string>(
    (out, secret) => (secret && secret.length >= 6 ? out.split(secret).join('[redacted]') : out),
    text,
  )
}
