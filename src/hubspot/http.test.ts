import { z } from '@botpress/sdk'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import {
  HubSpotBadRequestError,
  HubSpotConflictError,
  HubSpotError,
  HubSpotNotFoundError,
  HubSpotRateLimitedError,
} from './errors'
import { HubSpotHttp } from './http'
import { messageEgg } from './schemas'

const quiet = { debug: () => {}, info: () => {}, warn: () => {} }

describe('HubSpotHttp request validation', () => {
  it('refuses a body HubSpot would reject before sending anything, naming the field', async () => {
    const http = new HubSpotHttp(quiet, [])
    const accessToken = jest.fn(async () => 'token')
    const sending = http.send({
      operation: 'publish a message in the inbox',
      method: 'POST',
      path: '/conversations/v3/custom-channels/1/messages',
      auth: { type: 'oauth', accessToken },
      json: {
        channelAccountId: '1',
        messageDirection: 'SIDEWAYS',
        senders: [],
        recipients: [],
        text: 'x',
        timestamp: 'yesterday',
        attachments: [],
      },
      request: messageEgg,
      response: z.object({}),
    })
    await expect(sending).rejects.toThrow(
      /HubSpot could not publish a message in the inbox \(no response, invalid request \(messageDirection: .*\)/,
    )
    // Not even a token was needed: nothing left the process.
    expect(accessToken).not.toHaveBeenCalled()
  })
})

describe('HubSpotHttp error text', () => {
  const server = setupServer(
    http.patch('*/conversations/v3/custom-channels/:channelId/channel-account-staging-tokens/:token', ({ params }) =>
      HttpResponse.json(
        {
          status: 'error',
          category: `BAD_TOKEN ${String(params.token)}`,
          message: `Token ${String(params.token)} is invalid`,
        },
        { status: 400 },
      ),
    ),
    http.post('*/oauth/2026-03/token', () =>
      HttpResponse.json({ error: 'invalid_grant', error_description: 'refresh token revoked' }, { status: 400 }),
    ),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('reads an OAuth error that carries only the RFC 6749 fields', async () => {
    const sending = new HubSpotHttp(quiet, []).send({
      operation: 'refresh the access token',
      method: 'POST',
      path: '/oauth/2026-03/token',
      auth: { type: 'none' },
      form: { grant_type: 'refresh_token' },
    })
    await expect(sending).rejects.toThrow(
      'HubSpot could not refresh the access token (HTTP 400, invalid_grant, refresh token revoked).',
    )
  })

  it("keeps a token the request carries in its path out of the error, even when HubSpot's answer repeats it", async () => {
    const token = 'staging-account-token-0123456789'
    const sending = new HubSpotHttp(quiet, []).send({
      operation: 'finish connecting the inbox',
      method: 'PATCH',
      path: `/conversations/v3/custom-channels/1001/channel-account-staging-tokens/${token}`,
      auth: { type: 'none' },
      secrets: [token],
      response: z.object({}),
    })
    const error = await sending.catch((thrown: Error) => thrown)
    expect(String((error as Error).message)).toMatch(/HTTP 400, BAD_TOKEN \[redacted\], Token \[redacted\] is invalid/)
    expect(JSON.stringify(error)).not.toContain(token)
  })
})

describe('HubSpotHttp typed errors', () => {
  const answers: Record<string, [status: number, body: object]> = {
    gone: [404, { category: 'OBJECT_NOT_FOUND', message: 'resource not found' }],
    malformed: [400, { category: 'VALIDATION_ERROR', message: 'Property values were not valid' }],
    duplicate: [409, { category: 'CONFLICT', message: 'Contact already exists. Existing ID: 4501' }],
    used: [409, { category: 'CONFLICT', message: 'The staging token was already used' }],
    busy: [429, { category: 'RATE_LIMITS', message: 'You have reached your secondly limit.' }],
    broken: [500, { category: 'INTERNAL_ERROR', message: 'internal error' }],
  }
  const server = setupServer(
    http.get('*/typed/:answer', ({ params }) => {
      const [status, body] = answers[String(params.answer)]!
      return HttpResponse.json({ status: 'error', ...body }, { status })
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  const once = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1_000 }
  const failureOf = (answer: string) =>
    new HubSpotHttp(quiet, [], undefined, once)
      .send({ operation: 'read a record', method: 'GET', path: `/typed/${answer}`, auth: { type: 'none' } })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      )

  it.each([
    ['gone', HubSpotNotFoundError],
    ['malformed', HubSpotBadRequestError],
    ['duplicate', HubSpotConflictError],
    ['busy', HubSpotRateLimitedError],
  ])('raises the class a caller tests for: %s', async (answer, expected) => {
    const failure = await failureOf(answer)
    expect(failure).toBeInstanceOf(expected)
    expect(failure).toBeInstanceOf(HubSpotError)
  })

  it('raises a plain HubSpotError for a failure no caller tells apart', async () => {
    const failure = await failureOf('broken')
    expect(failure).toBeInstanceOf(HubSpotError)
    for (const typed of [HubSpotNotFoundError, HubSpotBadRequestError, HubSpotConflictError, HubSpotRateLimitedError])
      expect(failure).not.toBeInstanceOf(typed)
  })

  it('names the existing record of a conflict when HubSpot names it, and none otherwise', async () => {
    expect(((await failureOf('duplicate')) as HubSpotConflictError).existingId).toBe('4501')
    expect(((await failureOf('used')) as HubSpotConflictError).existingId).toBeUndefined()
  })
})
