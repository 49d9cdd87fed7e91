/** The emulators' random fault mode, which the fault suite relies on. */
import { BotpressEmulator } from '../../emulators/botpress'
import { HubSpotEmulator } from '../../emulators/hubspot/hubspot-emulator'
import { RANDOM_FAULT_KINDS, RandomFaults, seededRandom, type DrawnFault } from '../../emulators/random-faults'

const draws = (faults: RandomFaults, count: number, call = { operation: 'op', method: 'GET' }) =>
  Array.from({ length: count }, () => faults.draw(call))

describe('RandomFaults', () => {
  it('replays the same faults for the same seed, and others for another seed', () => {
    const run = (seed: number) => draws(new RandomFaults({ rate: 0.3, seed }), 200)
    expect(run(42)).toEqual(run(42))
    expect(run(42)).not.toEqual(run(43))
    expect(seededRandom(1)()).toBe(seededRandom(1)())
  })

  it('fails about `rate` of the calls, with every kind', () => {
    const faults = new RandomFaults({ rate: 0.1, seed: 1, burstMax: 0 })
    const drawn = draws(faults, 20_000).filter((fault): fault is DrawnFault => fault !== undefined)
    expect(drawn.length / 20_000).toBeGreaterThan(0.09)
    expect(drawn.length / 20_000).toBeLessThan(0.11)
    for (const kind of RANDOM_FAULT_KINDS) expect(faults.counts[kind]).toBeGreaterThan(150)
    expect(faults.considered).toBe(20_000)
  })

  it('never or always fails at rate 0 or 1', () => {
    expect(draws(new RandomFaults({ rate: 0, seed: 1 }), 500).every((fault) => fault === undefined)).toBe(true)
    expect(draws(new RandomFaults({ rate: 1, seed: 1 }), 500).every((fault) => fault !== undefined)).toBe(true)
  })

  it('only faults the chosen kinds, operations and methods', () => {
    const faults = new RandomFaults({ rate: 1, seed: 3, kinds: ['503', 'slow'], operations: ['a'], methods: ['post'] })
    expect(faults.draw({ operation: 'b', method: 'POST' })).toBeUndefined()
    expect(faults.draw({ operation: 'a', method: 'GET' })).toBeUndefined()
    expect(faults.draw({ method: 'POST' })).toBeUndefined()
    const kinds = draws(faults, 100, { operation: 'a', method: 'POST' }).map((fault) => fault!.kind)
    expect(new Set(kinds)).toEqual(new Set(['503', 'slow']))
  })

  it('turns a drawn 429 into a burst, and keeps Retry-After and slow delays within their ranges', () => {
    const faults = new RandomFaults({ rate: 0.05, seed: 9, burstMax: 3, retryAfterSeconds: [0, 1], slowMs: [50, 300] })
    const drawn = draws(faults, 5_000)
    let longest = 0
    let run = 0
    for (const fault of drawn) {
      run = fault?.kind === '429' || fault?.kind === '429-retry-after' ? run + 1 : 0
      longest = Math.max(longest, run)
      if (fault?.kind === '429-retry-after') expect([0, 1]).toContain(fault.retryAfterSeconds)
      if (fault?.kind === 'slow') expect(fault.delayMs).toBeGreaterThanOrEqual(50)
      if (fault?.kind === 'slow') expect(fault.delayMs).toBeLessThanOrEqual(300)
    }
    expect(longest).toBeGreaterThan(1)
    expect(longest).toBeLessThanOrEqual(4 * 2) // two bursts may touch
  })

  it('refuses a rate outside 0..1 and an empty list of kinds', () => {
    expect(() => new RandomFaults({ rate: 1.5, seed: 1 })).toThrow(/rate/)
    expect(() => new RandomFaults({ rate: 0.5, seed: 1, kinds: [] })).toThrow(/kinds/)
  })
})

const refresh = (hubspot: HubSpotEmulator, refreshToken: string) =>
  hubspot.handle(
    new Request('https://api.hubapi.test/oauth/2026-03/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: hubspot.app.clientId,
        client_secret: hubspot.app.clientSecret,
      }).toString(),
    }),
  )

describe('HubSpot emulator, random mode', () => {
  it('applies a call then drops its answer (processed-then-dropped), and drops a reset call without applying it', async () => {
    const hubspot = new HubSpotEmulator({ listingDelay: 0 })
    const refreshToken = hubspot.issueRefreshToken()
    const tokens = () => hubspot.store.accessTokens.size

    hubspot.setRandomFaults({ rate: 1, seed: 1, kinds: ['processed-then-dropped'] })
    const before = tokens()
    expect((await refresh(hubspot, refreshToken)).type).toBe('error')
    expect(tokens()).toBe(before + 1)
    expect(hubspot.calls.at(-1)).toMatchObject({ operation: 'refreshToken', status: 200, faulted: true })

    hubspot.setRandomFaults({ rate: 1, seed: 1, kinds: ['connection-reset'] })
    expect((await refresh(hubspot, refreshToken)).type).toBe('error')
    expect(tokens()).toBe(before + 1)
    expect(hubspot.randomFaultStats).toEqual({
      counts: expect.objectContaining({ 'connection-reset': 1 }),
      considered: 1,
    })

    hubspot.clearFaults()
    expect((await refresh(hubspot, refreshToken)).status).toBe(200)
    expect(hubspot.randomFaultStats).toBeUndefined()
  })

  it('answers 429 with HubSpot’s body, with Retry-After only for that kind; scripted faults come first', async () => {
    const hubspot = new HubSpotEmulator({ listingDelay: 0 })
    const refreshToken = hubspot.issueRefreshToken()
    hubspot.setRandomFaults({ rate: 1, seed: 5, kinds: ['429-retry-after'], burstMax: 0 })
    hubspot.injectFault({ operation: 'refreshToken', status: 503 })
    expect((await refresh(hubspot, refreshToken)).status).toBe(503)
    const limited = await refresh(hubspot, refreshToken)
    expect(limited.status).toBe(429)
    expect(['0', '1']).toContain(limited.headers.get('retry-after'))
    expect(await limited.json()).toMatchObject({ category: 'RATE_LIMITS' })
    hubspot.setRandomFaults({ rate: 1, seed: 5, kinds: ['429'], burstMax: 0 })
    expect((await refresh(hubspot, refreshToken)).headers.get('retry-after')).toBeNull()
  })
})

describe('Botpress emulator, random mode', () => {
  const createUser = (botpress: BotpressEmulator) =>
    botpress.handle(
      new Request('https://api.botpress.test/v1/chat/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-id': 'bot_1', 'x-integration-alias': 'hitl' },
        body: JSON.stringify({ tags: {} }),
      }),
    )

  it('applies a call then drops its answer, or drops it unapplied, or fails it with Retry-After: 0', async () => {
    const botpress = new BotpressEmulator()
    botpress.setRandomFaults({ rate: 1, seed: 1, kinds: ['processed-then-dropped'] })
    expect((await createUser(botpress)).type).toBe('error')
    expect(botpress.users).toHaveLength(1)

    botpress.setRandomFaults({ rate: 1, seed: 1, kinds: ['connection-reset'] })
    expect((await createUser(botpress)).type).toBe('error')
    expect(botpress.users).toHaveLength(1)

    botpress.setRandomFaults({ rate: 1, seed: 1, kinds: ['502'] })
    const failed = await createUser(botpress)
    expect(failed.status).toBe(502)
    expect(failed.headers.get('retry-after')).toBe('0')
    expect(botpress.users).toHaveLength(1)
    expect(botpress.randomFaultStats!.counts['502']).toBe(1)

    botpress.setRandomFaults(undefined)
    expect((await createUser(botpress)).status).toBe(200)
    expect(botpress.users).toHaveLength(2)
  })

  it('keeps the scripted injectFault contract', async () => {
    const botpress = new BotpressEmulator()
    botpress.setRandomFaults({ rate: 0, seed: 1 })
    botpress.injectFault({ operation: 'createUser', status: 503, times: 2 })
    expect((await createUser(botpress)).status).toBe(503)
    expect(botpress.pendingFaults).toBe(1)
    expect((await createUser(botpress)).status).toBe(503)
    expect((await createUser(botpress)).status).toBe(200)
  })
})
