/**
 * Shared set-up for the emulator's own tests: the emulator behind msw, and the real `@botpress/client` in front, so
 * any drift between the emulator's wire format and what the client sends or expects shows up.
 */
import { Client, isApiError, type ClientProps } from '@botpress/client'
import { setupServer } from 'msw/node'
import { mswHandler } from '../http-adapter'
import { BotpressEmulator, type BotpressEmulatorOptions } from './botpress-emulator'

export const baseUrl = 'http://botpress-emulator.test'
export const integrationName = 'hubspot-inbox-hitl'

const defaults: BotpressEmulatorOptions = { integrationName, token: 'test-token', botId: 'bot-1' }

/** Registers jest hooks; `harness.emulator` is fresh for each test and may be replaced by one with other options. */
export function useEmulatorHarness(): { emulator: BotpressEmulator } {
  const harness = { emulator: new BotpressEmulator(defaults) }
  const server = setupServer(mswHandler(baseUrl, { handle: (request) => harness.emulator.handle(request) }))
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  beforeEach(() => {
    harness.emulator = new BotpressEmulator(defaults)
  })
  return harness
}

export function makeClient(props: Partial<ClientProps> = {}): Client {
  return new Client({
    apiUrl: baseUrl,
    botId: 'bot-1',
    integrationId: 'int-1',
    integrationAlias: integrationName,
    token: 'test-token',
    ...props,
  })
}

/** The error the client threw, so assertions can look at its `code` and `type`. */
export async function apiErrorOf(promise: Promise<unknown>): Promise<{ code: number; type: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isApiError(error)) return { code: error.code, type: error.type, message: error.message }
    throw error
  }
  throw new Error('expected the call to fail')
}

export async function seedConversationAndUser(client: Client) {
  const { conversation } = await client.getOrCreateConversation({ channel: 'hitl', tags: { threadId: 't-1' } })
  const { user } = await client.getOrCreateUser({ tags: { email: 'u1@example.com' } })
  return { conversation, user }
}
