import { isHubSpotError } from './errors'

export type PathFormsLogger = { info(message: string): void }

/**
 * One HubSpot API that HubSpot documents under two paths. The preferred path is tried first; when HubSpot answers
 * it with one of the `fallbackOn` statuses (it does not serve that path, or refuses the credentials there), the
 * other path is used for this and every later call of the client, and one log line says so.
 */
export class PathForms {
  private _chosen: string | undefined

  public constructor(
    private readonly _forms: {
      api: string
      preferred: string
      fallback: string
      fallbackOn: ReadonlyArray<number>
      logger: PathFormsLogger
    },
  ) {}

  /** The path in use once a call has settled it, else undefined. */
  public get chosen(): string | undefined {
    return this._chosen
  }

  public async send<T>(call: (base: string) => Promise<T>): Promise<T> {
    if (this._chosen) return call(this._chosen)
    const { api, preferred, fallback, fallbackOn, logger } = this._forms
    try {
      const result = await call(preferred)
      this._chosen = preferred
      return result
    } catch (thrown) {
      if (!isHubSpotError(thrown) || thrown.status === undefined || !fallbackOn.includes(thrown.status)) throw thrown
      this._chosen = fallback
      logger.info(`HubSpot answered HTTP ${thrown.status} on the ${api} at ${preferred}; using ${fallback} instead.`)
      return call(fallback)
    }
  }
}
