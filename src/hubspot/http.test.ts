import { z } from '@botpress/sdk'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
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
