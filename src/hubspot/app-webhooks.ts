import { HubSpotAuth, HubSpotHttp } from './http'
import * as schemas from './schemas'
import { unlessNotFound } from './errors'
import { z } from '@botpress/sdk'

/** The app's webhook target URL and its subscriptions; per app, not per installed account (developer key). */
export class AppWebhooksApi {
  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _developer: HubSpotAuth,
  ) {}

  /** The current target URL, or undefined when the app has no webhook settings yet (HubSpot answers 404). */
  public async getTargetUrl(): Promise<string | undefined> {
    const settings = await unlessNotFound(
      this._http.send({
        operation: 'read the app webhook settings',
        method: 'GET',
        path: '/webhooks/v3/{appId}/settings',
        auth: this._developer,
        response: schemas.webhookSettings,
        notFoundMeans: 'none yet, as for an app whose webhooks were never set',
      }),
    )
    return settings?.targetUrl ?? undefined
  }

  public setTargetUrl(targetUrl: string): Promise<void> {
    return this._http.send({
      operation: 'set the app webhook target URL',
      method: 'PUT',
      path: '/webhooks/v3/{appId}/settings',
      auth: this._developer,
      json: { targetUrl, throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' } },
    })
  }

  public clearTargetUrl(): Promise<void> {
    return this._http.send({
      operation: 'clear the app webhook settings',
      method: 'DELETE',
      path: '/webhooks/v3/{appId}/settings',
      auth: this._developer,
    })
  }

  public async listSubscriptions(): Promise<schemas.WebhookSubscription[]> {
    const { results } = await this._http.send({
      operation: 'list the app webhook subscriptions',
      method: 'GET',
      path: '/webhooks/v3/{appId}/subscriptions',
      auth: this._developer,
      response: z.object({ results: z.array(schemas.webhookSubscription) }),
    })
    return results
  }

  public createSubscription(subscription: { eventType: string; propertyName?: string }): Promise<void> {
    return this._http.send({
      operation: `subscribe the app to ${subscription.eventType}`,
      method: 'POST',
      path: '/webhooks/v3/{appId}/subscriptions',
      auth: this._developer,
      json: { ...subscription, active: true },
    })
  }

  public activateSubscription(subscriptionId: string): Promise<void> {
    return this._http.send({
      operation: 'activate an app webhook subscription',
      method: 'PATCH',
      path: `/webhooks/v3/{appId}/subscriptions/${subscriptionId}`,
      auth: this._developer,
      json: { active: true },
    })
  }
}
