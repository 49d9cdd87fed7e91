/**
 * Shared by the emulator's own tests: an msw server that routes a fake HubSpot origin to a fresh emulator per
 * test, plain-fetch helpers, and a valid baseline (channel, account, message) that tests then break on purpose.
 */
import { setupServer } from 'msw/node'
import { mswHandler } from '../http-adapter'
import { HubSpotEmulator, type HubSpotEmulatorOptions } from './hubspot-emulator'

export const BASE = 'https://api.hubapi.com'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert response bodies field by field
export type Json = any

export type ApiResponse = { status: number; body: Json; headers: Headers }

export function useHubSpot(defaults: HubSpotEmulatorOptions = { listingDelay: 0 }) {
  const server = setupServer()
  const state = {
    emulator: new HubSpotEmulator(defaults),
    /** Replaces the emulator (e.g. with a fake clock) for the rest of the test. */
    reset(options: HubSpotEmulatorOptions = defaults): HubSpotEmulator {
      state.emulator = new HubSpotEmulator(options)
      server.resetHandlers(mswHandler(BASE, state.emulator))
      return state.emulator
    },
  }
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => state.reset())
  afterAll(() => server.close())
  return state
}

export type ApiOptions = {
  token?: string
  /** Developer-key auth; `true` uses the emulator's app, an object overrides key/appId (null omits). */
  dev?: { key?: string | null; appId?: string | null }
  json?: unknown
  form?: Record<string, string>
  body?: NonNullable<RequestInit['body']>
  query?: Record<string, string>
}

export async function api(
  emulator: HubSpotEmulator,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<ApiResponse> {
  const url = new URL(path, BASE)
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value)
  if (options.dev) {
    const key = options.dev.key === undefined ? emulator.app.developerApiKey : options.dev.key
    const appId = options.dev.appId === undefined ? emulator.app.appId : options.dev.appId
    if (key !== null) url.searchParams.set('hapikey', key)
    if (appId !== null && path.startsWith('/conversations')) url.searchParams.set('appId', appId)
  }
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: NonNullable<RequestInit['body']> | undefined = options.body
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(options.form).toString()
  }
  const response = await fetch(url, { method, headers, body })
  const text = await response.text()
  let parsed: Json = text
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    // not JSON (file downloads)
  }
  return { status: response.status, body: parsed, headers: response.headers }
}

export const DEV = { dev: {} } as const

export const CAPABILITIES = {
  deliveryIdentifierTypes: ['HS_EMAIL_ADDRESS', 'HS_PHONE_NUMBER', 'CHANNEL_SPECIFIC_OPAQUE_ID'],
  threadingModel: 'INTEGRATION_THREAD_ID',
  richText: ['HYPERLINK', 'BOLD', 'ITALIC'],
  allowInlineImages: false,
  allowOutgoingMessages: true,
  allowConversationStart: false,
  allowMultipleRecipients: false,
  outgoingAttachmentTypes: ['FILE'],
  allowedFileAttachmentMimeTypes: ['image/*', 'application/pdf'],
  maxFileAttachmentCount: 2,
  maxFileAttachmentSizeBytes: 10_000_000,
  maxTotalFileAttachmentSizeBytes: 20_000_000,
}

export const WEBHOOK_URL = 'https://webhook.botpress.test/hubspot'

/** Creates a channel (developer key) and one authorized account on the first inbox (OAuth), through the API. */
export async function setupChannel(emulator: HubSpotEmulator, capabilities: Record<string, unknown> = CAPABILITIES) {
  const token = emulator.issueAccessToken()
  const channel = await api(emulator, 'POST', '/conversations/v3/custom-channels', {
    ...DEV,
    json: { name: 'Botpress', capabilities, webhookUrl: WEBHOOK_URL },
  })
  if (channel.status !== 201) throw new Error(`setupChannel: ${JSON.stringify(channel.body)}`)
  const inboxId = emulator.portal().inboxes[0]?.id as string
  const account = await api(emulator, 'POST', `/conversations/v3/custom-channels/${channel.body.id}/channel-accounts`, {
    token,
    json: {
      inboxId,
      name: 'Botpress bot',
      authorized: true,
      deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: `botpress-${inboxId}` },
    },
  })
  if (account.status !== 201) throw new Error(`setupChannel: ${JSON.stringify(account.body)}`)
  return { token, channelId: channel.body.id as string, accountId: account.body.id as string, inboxId }
}

export function incomingMessage(accountId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channelAccountId: accountId,
    messageDirection: 'INCOMING',
    integrationThreadId: 'bp-conv-1',
    senders: [{ name: 'Vera Visitor', deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'vera@example.com' } }],
    recipients: [{ deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'botpress-147001' } }],
    text: 'Hello, I need a human',
    timestamp: '2026-01-02T03:04:05.000Z',
    attachments: [],
    ...overrides,
  }
}

export function publish(emulator: HubSpotEmulator, token: string, channelId: string, body: unknown) {
  return api(emulator, 'POST', `/conversations/v3/custom-channels/${channelId}/messages`, { token, json: body })
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
