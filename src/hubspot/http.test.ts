import { z } from '@botpress/sdk'
import { HubSpotHttp } from './http'
import { messageEgg } from './schemas'

const quiet = { debug: () => {}, warn: () => {} }

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
