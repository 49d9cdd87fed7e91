import { useTenants } from '../support/harness'
import { CLAIM_WARNING, handoff, seedAda, TYPED_WARNING, EMAIL } from '../support/identity'
import { registeredHarness } from '../support/scenario'

const tenants = useTenants()

describe('installs sharing one integration id', () => {
  it('apply each install’s own Link unverified contacts switch', async () => {
    const [linking, notLinking] = tenants([
      { botId: 'bot_linking', hubId: 101_001 },
      { botId: 'bot_not_linking', hubId: 202_002, config: { linkUnverifiedContacts: false } },
    ])
    const contacts = [seedAda(linking!, 101_001), seedAda(notLinking!, 202_002)]
    for (const h of [linking!, notLinking!]) await registeredHarness(h)
    const [a, b] = [await handoff(linking!), await handoff(notLinking!)]
    expect(a.thread.associatedContactId).toBe(contacts[0])
    expect(a.opening.text!.startsWith(TYPED_WARNING)).toBe(true)
    expect(b.thread.associatedContactId).not.toBe(contacts[1])
    expect(b.opening.text!.startsWith(CLAIM_WARNING)).toBe(true)
    expect(b.context).toMatchObject({ found: false, claimedIdentity: { email: EMAIL } })
  })
})
