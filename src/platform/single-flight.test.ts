import { installKey } from './install'
import { singleFlight } from './single-flight'

const botA = { botId: 'bot_a', integrationAlias: 'hitl', integrationId: 'shared_version', webhookId: 'wh_a' }
const botB = { botId: 'bot_b', integrationAlias: 'hitl', integrationId: 'shared_version', webhookId: 'wh_b' }
const botAOtherAlias = { ...botA, integrationAlias: 'hitl2', webhookId: 'wh_a2' }

describe('singleFlight', () => {
  it('shares one run between parallel calls of one install with the same key, then runs again', async () => {
    let runs = 0
    const work = async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 10))
      return runs
    }
    const results = await Promise.all([1, 2, 3].map(() => singleFlight(botA, 'k', work)))
    expect(results).toEqual([1, 1, 1])
    expect(await singleFlight(botA, 'k', work)).toBe(2)
  })

  it('never shares between installs: another bot, or the same bot under another alias, on one integration id', async () => {
    let runs = 0
    const work = async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await Promise.all([botA, botB, botAOtherAlias].map((ctx) => singleFlight(ctx, 'same key', work)))
    expect(runs).toBe(3)
    expect(new Set([botA, botB, botAOtherAlias].map(installKey)).size).toBe(3)
  })

  it('shares a failure too, and forgets it so a retry runs', async () => {
    let runs = 0
    const failing = async () => {
      runs++
      throw new Error('boom')
    }
    await expect(Promise.all([singleFlight(botA, 'f', failing), singleFlight(botA, 'f', failing)])).rejects.toThrow(
      'boom',
    )
    await expect(singleFlight(botA, 'f', failing)).rejects.toThrow('boom')
    expect(runs).toBe(2)
  })
})
