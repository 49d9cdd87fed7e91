/**
 * One deployed integration version serves many bots from one warm process: every install gets the same
 * `x-integration-id`. These scenarios run several installs of one integration id in one process, each on its
 * own HubSpot account (a portal of one emulated HubSpot with one app), and check that nothing one install
 * keeps in memory (tokens, rate pacing, pipelines, agents) reaches another.
 */
import { Harness, useTenants } from '../support/harness'
import { escalate, loggedConnectLink, registeredHarness } from '../support/scenario'

const tenants = useTenants()

const PORTAL_A = 101_001
const PORTAL_B = 202_002
const EMAIL = 'maria@example.com'

type ContactContext = { found: boolean; contact?: { id: string; name: string } }

function seedMaria(h: Harness, hubId: number, lastname: string): string {
  return h.hubspot.seedContact({ hubId, properties: { firstname: 'Maria', lastname, email: EMAIL } })
}

const contextOf = (h: Harness) => h.action<ContactContext>('getContactContext', { email: EMAIL })

/** The admin opens the logged connect link and approves the app in HubSpot account `hubId`. */
async function connectWithOAuth(h: Harness, hubId: number) {
  const { path, query } = loggedConnectLink(h)
  const start = await h.browse(path, query)
  expect(start.status).toBe(302)
  const location = new URL(start.headers.location!)
  const code = h.hubspot.issueAuthorizationCode({ hubId, redirectUri: location.searchParams.get('redirect_uri')! })
  const page = await h.browse('/oauth/callback', `code=${code}&state=${location.searchParams.get('state')}`)
  expect(page.status).toBe(200)
}

describe('installs sharing one integration id', () => {
  it('gives a bot that never connected HubSpot no access to another bot’s account', async () => {
    const [a, b] = tenants([
      { botId: 'bot_a', hubId: PORTAL_A },
      { botId: 'bot_b', hubId: PORTAL_B, config: { refreshToken: undefined } },
    ])
    expect(a!.ids.integrationId).toBe(b!.ids.integrationId)
    seedMaria(a!, PORTAL_A, 'Garcia')
    await registeredHarness(a!)
    await registeredHarness(b!)
    expect((await contextOf(a!)).contact?.name).toBe('Maria Garcia')

    await expect(contextOf(b!)).rejects.toThrow(/HubSpot account is not connected/)
  })

  it('sends each install’s calls with its own token, also when one is connected through OAuth', async () => {
    const [a, b] = tenants([
      { botId: 'bot_a', hubId: PORTAL_A },
      { botId: 'bot_b', hubId: PORTAL_B, config: { refreshToken: undefined } },
    ])
    seedMaria(a!, PORTAL_A, 'in A')
    seedMaria(b!, PORTAL_B, 'in B')
    await registeredHarness(a!)
    await registeredHarness(b!)
    await connectWithOAuth(b!, PORTAL_B)

    // Interleaved, so each finds the other's token in the process's memory if the memory is shared.
    expect((await contextOf(a!)).contact?.name).toBe('Maria in A')
    expect((await contextOf(b!)).contact?.name).toBe('Maria in B')
    expect((await contextOf(a!)).contact?.name).toBe('Maria in A')
  })

  it('keeps a bot with two aliases on two HubSpot accounts apart, agents included', async () => {
    const [first, second] = tenants([
      { botId: 'bot_x', alias: 'hubspot-eu', hubId: PORTAL_A },
      { botId: 'bot_x', alias: 'hubspot-us', hubId: PORTAL_B },
    ])
    seedMaria(first!, PORTAL_A, 'in EU')
    seedMaria(second!, PORTAL_B, 'in US')
    await registeredHarness(first!)
    await registeredHarness(second!)
    expect((await contextOf(first!)).contact?.name).toBe('Maria in EU')
    expect((await contextOf(second!)).contact?.name).toBe('Maria in US')

    // The same HubSpot user id answers in both accounts: each install has its own Botpress user for the agent.
    for (const h of [first!, second!]) {
      const { threadId, conversationId } = await escalate(h)
      const reply = await h.deliver(
        h.hubspot.agentReply({ threadId, actorId: 'A-5001', text: `hello from ${h.ids.alias}` }),
      )
      expect(reply.status).toBe(200)
      const message = [...h.botpress.store.messages.values()].find(
        (m) =>
          m.conversationId === conversationId && (m.payload as { text?: string }).text === `hello from ${h.ids.alias}`,
      )
      expect(message).toBeDefined()
      expect(h.botpress.store.users.get(message!.userId)?.tags).toMatchObject({ hubspotActorId: 'A-5001' })
    }
  })

  it('reads pipelines of each install’s own account', async () => {
    const [a, b] = tenants([
      { botId: 'bot_a', hubId: PORTAL_A },
      { botId: 'bot_b', hubId: PORTAL_B },
    ])
    const pipelineOfB = b!.hubspot.addPipeline({
      hubId: PORTAL_B,
      label: 'Bot escalations',
      stages: [{ label: 'New' }],
    })
    await registeredHarness(a!)
    const response = await b!.register({ ...b!.config, ticketPipelineId: pipelineOfB })
    expect(response.status).toBe(200)
  })

  it('does not pause one account’s calls for another account’s 429', async () => {
    const [a, b] = tenants([
      { botId: 'bot_a', hubId: PORTAL_A },
      { botId: 'bot_b', hubId: PORTAL_B },
    ])
    await registeredHarness(a!)
    await registeredHarness(b!)
    await contextOf(a!)
    await contextOf(b!)
    a!.hubspot.injectFault({ operation: 'searchContacts', status: 429, retryAfterSeconds: 3 })
    const slowA = contextOf(a!)
    while (!a!.hubspot.callsTo('searchContacts').some((call) => call.faulted))
      await new Promise((r) => setTimeout(r, 5))

    const started = Date.now()
    await contextOf(b!)
    const waitedB = Date.now() - started
    expect(waitedB).toBeLessThan(1500)
    await slowA
  })
})
