import { type HubSpotError, isHubSpotError } from './errors'

export type PathFormsLogger = { info(message: string): void }

/** What a call through PathForms may be asked to do: `maxAttempts` 1 when it probes a path. */
export type FormCall<T> = (base: string, maxAttempts?: number) => Promise<T>

/**
 * One HubSpot API that HubSpot documents under two paths. The preferred path is tried first; when HubSpot answers
 * it with one of the `fallbackOn` statuses (it does not serve that path, or refuses the credentials there), the
 * other path is used for this and every later call of the client, and one log line says so.
 *
 * `probeUnanswered`, for calls safe to repeat only: a call on the preferred path that gets no answer at all is not
 * retried there at once; the other path is tried once first, and kept if it answers with anything but a
 * `fallbackOn` status or a 429. Something in front of HubSpot that does not know a path (a proxy, a mock) may drop
 * the request instead of answering 404, and retrying a path that is not served would only spend the call's time.
 * When the other path answers a `fallbackOn` status (or a 429, which says nothing about the path), the preferred
 * path gets the usual retries; when neither answers (an outage), the call fails after its two attempts, one on each.
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
      probeUnanswered?: boolean
    },
  ) {}

  /** The path in use once a call has settled it, else undefined. */
  public get chosen(): string | undefined {
    return this._chosen
  }

  public async send<T>(call: FormCall<T>): Promise<T> {
    if (this._chosen) return call(this._chosen)
    const { preferred, fallback, probeUnanswered } = this._forms
    try {
      const result = await call(preferred, probeUnanswered ? 1 : undefined)
      this._chosen = preferred
      return result
    } catch (thrown) {
      if (!isHubSpotError(thrown)) throw thrown
      if (thrown.status === undefined && probeUnanswered) return this._afterNoAnswer(call, thrown)
      if (thrown.status === undefined || !this._forms.fallbackOn.includes(thrown.status)) {
        // HubSpot answered on the preferred path: it is served, and the call fails or retries there as usual.
        if (!probeUnanswered || !thrown.transient) throw thrown
        this._chosen = preferred
        return call(preferred)
      }
      this._use(fallback, `answered HTTP ${thrown.status}`)
      return call(fallback)
    }
  }

  /** The preferred path did not answer (`unanswered`): the other path once, then as its answer says. */
  private async _afterNoAnswer<T>(call: FormCall<T>, unanswered: HubSpotError): Promise<T> {
    const { preferred, fallback, fallbackOn } = this._forms
    try {
      const result = await call(fallback, 1)
      this._use(fallback, 'did not answer')
      return result
    } catch (thrown) {
      if (!isHubSpotError(thrown)) throw thrown
      if (thrown.status === undefined) throw unanswered
      // Not served there, or rate-limited before HubSpot looked at the path: the preferred path, as usual.
      if (fallbackOn.includes(thrown.status) || thrown.status === 429) return call(preferred)
      this._use(fallback, 'did not answer')
      if (!thrown.transient) throw thrown
      return call(fallback)
    }
  }

  private _use(path: string, preferredGot: string): void {
    const { api, preferred, logger } = this._forms
    this._chosen = path
    logger.info(`HubSpot ${preferredGot} on the ${api} at ${preferred}; using ${path} instead.`)
  }
}
