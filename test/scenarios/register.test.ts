import { useHarness } from '../support/harness'

const harness = useHarness()

describe('register', () => {
  it('creates one channel and one account per inbox, however many times it runs', async () => {
    const h = harness()
    for (let run = 0; run < 3; run++) expect((await h.register()).status).toBe(200)
    const channels = h.hubspot.channels()
    expect(channels).toHaveLength(1)
    expect(channels[0]!.webhookUrl).toBe(h.webhookUrl)
    expect(h.hubspot.channelAccounts().filter((a) => a.authorized)).toHaveLength(1)
  })
})
