import { setTimeout as sleep } from 'node:timers/promises'
import axios, { AxiosInstance, AxiosResponse } from 'axios'
import { z } from '@botpress/sdk'
import { hubspotApiUrl } from '../config/environment'
import { describeIssues } from '../platform/describe'
import { HubSpotError, hubSpotErrorOf, redactSecrets } from './errors'
import { RateBudgetExceeded, RateLimiter } from './rate-limiter'
import { backoffDelay, DEFAULT_RETRY, isTransient, mayRetry, parseRetryAfter, RetrySettings } from './retry-policy'

/** How a call authenticates: the installed account's OAuth token, or the developer key (channel definitions, app webhooks). */
export type HubSpotAuth =
  | { type: 'oauth'; accessToken: () => Promise<string> }
  | { type: 'developer'; apiKey: string; appId: string; appIdIn: 'query' | 'path' }
  | { type: 'none' }

type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>

export type HubSpotRequest<T> = {
  operation: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  auth: HubSpotAuth
  query?: Record<string, QueryValue>
  json?: unknown
  /** Validates `json` before it leaves: a body HubSpot would reject fails here, with the field named. */
  request?: z.ZodTypeAny
  form?: Record<string, string>
  multipart?: FormData
  /** Validates the response body at the boundary; omit for empty responses. */
  response?: z.ZodType<T, z.ZodTypeDef, unknown>
  /** A POST that is safe to repeat (it carries an idempotency key, or only reads). */
  idempotent?: boolean
  /** CRM search endpoints have their own, much lower, per-second limit. */
  search?: boolean
  /** Secrets this request carries beyond the client's own (a token in its path), kept out of error text. */
  secrets?: ReadonlyArray<string>
  /** What a 404 means when it is an expected answer, not a failure: logged as information in these words. */
  notFoundMeans?: string
  /** Fewer attempts than the retry policy allows: 1 to probe a path that may not be served at all. */
  maxAttempts?: number
}

/** Pacers of the installed account; only calls made with its OAuth token count against its budget. */
export type AccountLimiters = { general: RateLimiter; search: RateLimiter }
/** The pacers, or how to find them once the account is known (it is, after the install's token is obtained). */
type LimiterSource = AccountLimiters | (() => Promise<AccountLimiters>)
/** Secrets kept out of error text; a function when they change over the client's life (tokens). */
type SecretSource = ReadonlyArray<string | undefined> | (() => ReadonlyArray<string | undefined>)

export type HttpLogger = { debug(message: string): void; info(message: string): void; warn(message: string): void }

/**
 * HubSpot's error body. The OAuth endpoints name the error in `status` (BAD_REFRESH_TOKEN…) and, since HubSpot
 * adopted RFC 6749's `error` and `error_description`, in those too; the legacy fields win so messages stay the same.
 */
const hubspotErrorBody = z
  .object({
    category: z.string().optional(),
    subCategory: z.string().optional(),
    message: z.string().optional(),
    correlationId: z.string().optional(),
    status: z.string().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .passthrough()

/**
 * The single HTTP path to HubSpot. It owns authentication, retries, error translation and response
 * validation, so the endpoint modules stay declarative. Logs name the operation and status, never a URL:
 * channel-definition URLs carry the developer key in their query.
 */
export class HubSpotHttp {
  private readonly _axios: AxiosInstance

  public constructor(
    private readonly _logger: HttpLogger,
    private readonly _secrets: SecretSource,
    private readonly _limiters?: LimiterSource,
    private readonly _retry: RetrySettings = DEFAULT_RETRY,
  ) {
    this._axios = axios.create({ timeout: 10_000, validateStatus: () => true, maxRedirects: 0 })
  }

  public async send<T = void>(request: HubSpotRequest<T>): Promise<T> {
    if (request.request) {
      const checked = request.request.safeParse(request.json)
      if (!checked.success) {
        const problem = describeIssues(checked.error, { root: 'body', max: 3 })
        throw new HubSpotError({
          operation: request.operation,
          hubspotMessage: `invalid request (${problem})`,
          transient: false,
        })
      }
    }
    const safeToRepeat = request.method !== 'POST' || request.idempotent === true
    const maxAttempts = Math.min(this._retry.maxAttempts, request.maxAttempts ?? Infinity)
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      const limiter = await this._limiterOf(request)
      const release = await this._pace(request, limiter, started + this._retry.budgetMs)
      let outcome: T | HubSpotError
      try {
        outcome = await this._attempt(request, limiter)
      } finally {
        release()
      }
      if (!(outcome instanceof HubSpotError)) return outcome
      const { details } = outcome
      // No status means the request never got an answer: a timeout or a dropped connection.
      const attemptOutcome = {
        status: details.status,
        networkError: details.status === undefined,
        retryAfterMs: details.retryAfterMs,
      }
      const canWait = Date.now() - started < this._retry.budgetMs
      if (attempt >= maxAttempts || !canWait || !mayRetry(attemptOutcome, safeToRepeat)) throw outcome
      const delay = backoffDelay(attempt, attemptOutcome, this._retry)
      if (Date.now() - started + delay > this._retry.budgetMs) throw outcome
      this._logger.debug(
        `HubSpot ${request.operation}: attempt ${attempt} failed (${details.status ?? 'network'}), retrying in ${delay} ms`,
      )
      await sleep(delay)
    }
  }

  /** Waits for the account's rate budget; past the call's time budget it fails like a 429 would. */
  private async _pace(
    request: HubSpotRequest<unknown>,
    limiter: RateLimiter | undefined,
    deadline: number,
  ): Promise<() => void> {
    if (!limiter) return () => {}
    try {
      return await limiter.acquire(deadline)
    } catch (thrown) {
      if (!(thrown instanceof RateBudgetExceeded)) throw thrown
      throw hubSpotErrorOf({
        operation: request.operation,
        status: 429,
        hubspotMessage: 'the account is at its API rate limit for longer than this call can wait',
        transient: true,
      })
    }
  }

  private async _limiterOf(request: HubSpotRequest<unknown>): Promise<RateLimiter | undefined> {
    if (request.auth.type !== 'oauth' || !this._limiters) return undefined
    const limiters = typeof this._limiters === 'function' ? await this._limiters() : this._limiters
    return request.search ? limiters.search : limiters.general
  }

  /** One attempt: the parsed body, or the HubSpotError describing why it failed. */
  private async _attempt<T>(request: HubSpotRequest<T>, limiter: RateLimiter | undefined): Promise<T | HubSpotError> {
    // Outside the try: a token that cannot be obtained is not a network failure, and must not be retried as one.
    const headers = await this._headers(request)
    let response: AxiosResponse
    try {
      response = await this._axios.request({
        method: request.method,
        baseURL: hubspotApiUrl(),
        url: this._path(request),
        params: this._query(request),
        paramsSerializer: { indexes: null },
        headers,
        data: request.multipart ?? (request.form ? new URLSearchParams(request.form).toString() : request.json),
      })
    } catch (thrown) {
      // Only the error code leaves this function: axios errors hold the full URL, developer key included.
      const code = (thrown as { code?: string }).code ?? 'network error'
      return new HubSpotError({ operation: request.operation, transient: true, hubspotMessage: code })
    }
    limiter?.observe(response.headers as Record<string, unknown>, response.status)
    if (response.status >= 200 && response.status < 300) return this._parse(request, response)
    return this._toError(request, response)
  }

  private _path(request: HubSpotRequest<unknown>): string {
    const { auth } = request
    return auth.type === 'developer' && auth.appIdIn === 'path'
      ? request.path.replace('{appId}', encodeURIComponent(auth.appId))
      : request.path
  }

  private _query(request: HubSpotRequest<unknown>): Record<string, QueryValue> {
    const { auth } = request
    const query = { ...request.query }
    if (auth.type === 'developer') {
      query.hapikey = auth.apiKey
      if (auth.appIdIn === 'query') query.appId = auth.appId
    }
    return query
  }

  private async _headers(request: HubSpotRequest<unknown>): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (request.auth.type === 'oauth') headers.authorization = `Bearer ${await request.auth.accessToken()}`
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded'
    else if (request.json !== undefined) headers['content-type'] = 'application/json'
    return headers
  }

  private _parse<T>(request: HubSpotRequest<T>, response: AxiosResponse): T | HubSpotError {
    this._logger.debug(`HubSpot ${request.operation}: HTTP ${response.status}`)
    if (!request.response) return undefined as T
    const parsed = request.response.safeParse(response.data)
    if (parsed.success) return parsed.data
    const problem = describeIssues(parsed.error, { root: 'body', max: 3 })
    return new HubSpotError({
      operation: request.operation,
      status: response.status,
      hubspotMessage: `unexpected response (${problem})`,
      transient: false,
    })
  }

  private _toError(request: HubSpotRequest<unknown>, response: AxiosResponse): HubSpotError {
    const body = hubspotErrorBody.safeParse(response.data)
    const info = body.success ? body.data : {}
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'] as string | undefined)
    const own = typeof this._secrets === 'function' ? this._secrets() : this._secrets
    const secrets = [...own, ...(request.secrets ?? [])]
    const redact = (text: string | undefined) => (text === undefined ? undefined : redactSecrets(text, secrets))
    const status = response.status
    const category = redact(info.category ?? info.status ?? info.error)
    const error = hubSpotErrorOf({
      operation: request.operation,
      status,
      category,
      subCategory: redact(info.subCategory),
      hubspotMessage: redact(info.message ?? info.error_description),
      correlationId: info.correlationId,
      transient: isTransient({ status }),
      retryAfterMs,
      auth: request.auth.type,
    })
    if (status === 404 && request.notFoundMeans)
      this._logger.info(`HubSpot ${request.operation}: ${request.notFoundMeans} (HTTP 404, expected)`)
    else this._logger.debug(`HubSpot ${request.operation}: HTTP ${status} ${category ?? ''}`)
    return error
  }
}
