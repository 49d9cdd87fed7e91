import { HubSpotAuth, HubSpotHttp } from './http'
import * as schemas from './schemas'
import { unlessNotFound } from './errors'
import { PathForms, PathFormsLogger } from './path-forms'
import { z } from '@botpress/sdk'

/**
 * The developer-key form HubSpot documents today (Webhooks 2026-09 spec); its v3 spec lists OAuth only for
 * `/webhooks/v3`, which still serves apps where HubSpot has not rolled the date-versioned API out.
 */
const APP_WEBHOOKS_PATH = '/app-webhooks/2026-09/{appId}'
const APP_WEBHOOKS_V3_PATH = '/webhooks/v3/{appId}'

/** Unknown path (404), or the developer key refused on it (401, 403): the v3 path may still take the key. */
const NOT_SERVED_HERE = [404, 401, 403]

/** The app's webhook target URL and its subscriptions; per app, not per installed account (developer key). */
export class AppWebhooksApi {
  private readonly _paths: PathForms

  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _developer: HubSpotAuth,
    logger: PathFormsLogger,
  ) {
    this._paths = new PathForms({
      api: 'app webhooks API',
      preferred: APP_WEBHOOKS_PATH,
      fallback: APP_WEBHOOKS_V3_PATH,
      fallbackOn: NOT_SERVED_HERE,
      logger,
    })
  }

  /** The current target URL, or undefined when the app has no webhook settings yet (HubSpot answers 404). */
  public async getTargetUrl(): Promise<string | undefined> {
    const base = await this._settledPath()
    const settings = await unlessNotFound(
      this._http.send({
        operation: 'read the app webhook settings',
        method: 'GET',
        path: `${base}/settings`,
        auth: this._developer,
        response: schemas.webhookSettings,
        notFoundMeans: 'none yet, as for an app whose webhooks were never set',
      }),
    )
    return settings?.targetUrl ?? undefined
  }

  /** `ThrottlingSettings` holds only `maxConcurrentRequests` in both forms of the spec; `period` is gone. */
  public setTargetUrl(targetUrl: string): Promise<void> {
    return this._paths.send((base) =>
      this._http.send({
        operation: 'set the app webhook target URL',
        method: 'PUT',
        path: `${base}/settings`,
        auth: this._developer,
        json: { targetUrl, throttling: { maxConcurrentRequests: 10 } },
        request: schemas.webhookSettingsEgg,
      }),
    )
  }

  public async clearTargetUrl(): Promise<void> {
    const base = await this._settledPath()
    return this._http.send({
      operation: 'clear the app webhook settings',
      method: 'DELETE',
      path: `${base}/settings`,
      auth: this._developer,
    })
  }

  /** A listing never answers 404 where the path is served, so it is the call that settles which path is. */
  public async listSubscriptions(): Promise<schemas.WebhookSubscription[]> {
    const { results } = await this._paths.send((base) =>
      this._http.send({
        operation: 'list the app webhook subscriptions',
        method: 'GET',
        path: `${base}/subscriptions`,
        auth: this._developer,
        response: z.object({ results: z.array(schemas.webhookSubscription) }),
      }),
    )
    return results
  }

  /**
   * `active` is required by the date-versioned spec (v3 defaults it to false), so it is always sent. Answers the
   * new subscription's id, so an install can tell the subscriptions it made from those it found.
   */
  public async createSubscription(subscription: { eventType: string; propertyName?: string }): Promise<string> {
    const created = await this._paths.send((base) =>
      this._http.send({
        operation: `subscribe the app to ${subscription.eventType}`,
        method: 'POST',
        path: `${base}/subscriptions`,
        auth: this._developer,
        json: { ...subscription, active: true },
        response: schemas.webhookSubscription,
      }),
    )
    return created.id
  }

  public async activateSubscription(subscriptionId: string): Promise<void> {
    const base = await this._settledPath()
    return this._http.send({
      operation: 'activate an app webhook subscription',
      method: 'PATCH',
      path: `${base}/subscriptions/${subscriptionId}`,
      auth: this._developer,
      json: { active: true },
    })
  }

  /** Unsubscribes the app; HubSpot's 404 (already gone) surfaces as HubSpotNotFoundError. Both forms have it. */
  public async deleteSubscription(subscriptionId: string): Promise<void> {
    const base = await this._settledPath()
    return this._http.send({
      operation: 'delete an app webhook subscription',
      method: 'DELETE',
      path: `${base}/subscriptions/${subscriptionId}`,
      auth: this._developer,
    })
  }

  /**
   * The path for a call whose 404 means "no such settings or subscription", not "no such path": settled by a
   * listing first when no earlier call has settled it.
   */
  private async _settledPath(): Promise<string> {
    if (!this._paths.chosen) await this.listSubscriptions()
    return this._paths.chosen ?? APP_WEBHOOKS_PATH
  }
}
