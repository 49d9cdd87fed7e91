import { identityWarning, sessionIdentity } from './verification'

const email = { kind: 'email' as const, email: 'ada@example.com' }
const phone = { kind: 'phone' as const, phone: '+14155550123' }
const visitor = { kind: 'visitor' as const, visitorId: 'v1' }
const decide = (identity: typeof email | typeof phone | typeof visitor, verified: boolean, linkUnverified: boolean) =>
  sessionIdentity(identity, { verified, linkUnverified, visitorId: 'user_1' })

describe('sessionIdentity', () => {
  it('sends an unverified email as an anonymous visitor, keeping it as a claim, only when linking is off', () => {
    expect(decide(email, false, false)).toEqual({
      sender: { kind: 'visitor', visitorId: 'user_1' },
      claimed: email,
      verified: false,
    })
    expect(decide(email, false, true)).toEqual({ sender: email, verified: false })
    expect(decide(phone, true, false)).toEqual({ sender: phone, verified: true })
    expect(decide(visitor, false, false)).toEqual({ sender: visitor, verified: false })
  })
})

describe('identityWarning', () => {
  it('names the typed value and its kind, in markdown with the value escaped and in plain text', () => {
    const warning = identityWarning({ sender: { kind: 'email', email: 'a_b*c@example.com' }, verified: false })
    expect(warning!.text).toBe(
      '⚠️ Unverified identity: the email a_b*c@example.com was typed by the customer and not verified. Anyone can type any email: make sure you are talking to its owner before sharing account details.',
    )
    expect(warning!.markdown).toContain('**⚠️ Unverified identity:** the email a\\_b\\*c@example.com was typed')
    expect(identityWarning({ sender: phone, verified: false })!.text).toContain('the phone number +14155550123 was')
  })

  it('presents an unlinked value as a claim, with a search link when there is one', () => {
    const claim = decide(phone, false, false)
    const url = 'https://app.hubspot.com/contacts/1/objects/0-1/views/all/list?query=%2B14155550123'
    const warning = identityWarning(claim, url)!
    expect(warning.text).toBe(
      `⚠️ Unverified identity: the customer says their phone number is +14155550123 (typed, not verified). This conversation is not linked to any contact: check who they are, then find the contact and link it. Find it in HubSpot: ${url}`,
    )
    expect(warning.markdown).toContain(`[Find it in HubSpot contacts](${url})`)
    expect(identityWarning(claim)!.text).not.toContain('Find it in HubSpot')
  })

  it('says nothing for a verified identity or an anonymous visitor', () => {
    expect(identityWarning(decide(email, true, true))).toBeUndefined()
    expect(identityWarning(decide(email, true, false))).toBeUndefined()
    expect(identityWarning(decide(visitor, false, true))).toBeUndefined()
  })
})
