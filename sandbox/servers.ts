/**
 * The three back-end servers of the sandbox, all on loopback: the HubSpot emulator, the Botpress runtime
 * emulator (both the very emulators the tests use, served by `startHttpServer`), and the integration itself,
 * served by the SDK's own `start(port)` and pointed at the emulators through the environment variables it
 * reads in production. Then the integration is registered, as saving its configuration in Botpress does.
 */
import http from 'node:http'
import integration from '../src'
import { BotpressEmulator } from '../emulators/botpress'
import { monotonicClock } from '../emulators/clock'
import { serverHandle, startHttpServer } from '../emulators/http-adapter'
import { DEFAULT_APP, HubSpotEmulator } from '../emulators/hubspot/hubspot-emulator'
import { configuration } from '../definitions/configuration'
import { readBotpressRc } from '../scripts/botpressrc'
import { ActivityLog } from './activity'
import { findProjectRoot, type SandboxPorts } from './config'
import type { InstallIds } from '../emulators/botpress/runtime-call'
import { IntegrationClient, type Configuration } from './integration-client'

export type Backend = {
  hubspot: HubSpotEmulator
  botpress: BotpressEmulator
  integration: IntegrationClient
  urls: { integration: string; hubspot: string; botpress: string }
  close(): Promise<void>
}

const BOT_ID = 'bot_sandbox'
/** The bot's token towards the runtime API; the emulator insists on it like the real API does. */
const BP_TOKEN = 'bp-runtime-token-for-the-sandbox'

/** The SDK's server listens on every interface and reports nothing; wait for the port or the failure. */
async function startIntegrationServer(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: http.Server = await integration.start(port)
  if (!server.listening)
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
  return serverHandle(server)
}

/** Starts what was asked and, if a later step fails, closes what already runs, so a failed start leaves nothing open. */
export async function startBackend(ports: SandboxPorts, activity: ActivityLog): Promise<Backend> {
  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => {})
  }
  try {
    // One clock for both, so the inbox and the chat date a message and its answer in the order they were written.
    const clock = monotonicClock()
    const hubspot = new HubSpotEmulator({ listingDelay: 0, now: clock })
    const botpress = new BotpressEmulator({
      integrationName: 'hubspot-inbox-hitl',
      token: BP_TOKEN,
      botId: BOT_ID,
      now: () => new Date(clock()),
    })
    const hubspotServer = await startHttpServer(hubspot, ports.hubspot)
    closers.push(hubspotServer.close)
    const botpressServer = await startHttpServer(botpress, ports.botpress)
    closers.push(botpressServer.close)
    const integrationServer = await startIntegrationServer(ports.integration)
    closers.push(integrationServer.close)

    // Read by the integration (and the SDK's Botpress client) on each request, so setting them now is in time.
    process.env.BP_API_URL = botpressServer.url
    process.env.BP_TOKEN = BP_TOKEN
    process.env.HUBSPOT_API_URL = hubspotServer.url
    process.env.BP_WEBHOOK_URL = integrationServer.url
    process.env.HITL_ALLOW_PRIVATE_MEDIA_HOSTS = 'true'
    // Links HubSpot hands out (agent files) must point at the emulator's real address.
    hubspot.setBaseUrl(hubspotServer.url)

    const ids: InstallIds = {
      botId: BOT_ID,
      botUserId: 'user_bot_sandbox',
      integrationId: 'intver_sandbox',
      alias: readBotpressRc(findProjectRoot()).integrationAlias,
      webhookId: 'wh_sandbox',
    }
    // Parsed by the definition's schema as Botpress does on save, so every field has its default value.
    const config: Configuration = configuration.schema.parse({
      clientId: DEFAULT_APP.clientId,
      clientSecret: DEFAULT_APP.clientSecret,
      appId: DEFAULT_APP.appId,
      developerApiKey: DEFAULT_APP.developerApiKey,
      refreshToken: hubspot.issueRefreshToken(),
      inboxIds: hubspot.portal().inboxes.map((inbox) => inbox.id),
    })
    const client = new IntegrationClient(integrationServer.url, ids, config, ({ operation, detail, status, ms }) =>
      activity.add({
        source: operation === 'webhook_received' ? 'hubspot' : 'botpress',
        summary: detail ? `${operation} ${detail}` : operation,
        status,
        ms,
      }),
    )
    await client.register()
    return {
      hubspot,
      botpress,
      integration: client,
      urls: { integration: integrationServer.url, hubspot: hubspotServer.url, botpress: botpressServer.url },
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}
