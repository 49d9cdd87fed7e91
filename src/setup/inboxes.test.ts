import { selectableInboxIds } from './inboxes'

describe('selectableInboxIds', () => {
  it('is the configured inboxes when none was connected from HubSpot (or nothing is registered yet)', () => {
    expect(selectableInboxIds(['1', '2'], undefined)).toEqual(['1', '2'])
    expect(selectableInboxIds(['1'], { channelAccounts: { '1': 'a1' } })).toEqual(['1'])
  })

  it('adds, after the configured ones, the inboxes connected from HubSpot that have a channel account', () => {
    const channel = {
      channelAccounts: { '1': 'a1', '7': 'a7', '9': 'a9' },
      inboxesConnectedInHubSpot: ['9', '7', '8'],
    }
    expect(selectableInboxIds(['1'], channel)).toEqual(['1', '9', '7'])
  })

  it('lists an inbox once when it is both configured and connected from HubSpot', () => {
    const channel = { channelAccounts: { '1': 'a1', '2': 'a2' }, inboxesConnectedInHubSpot: ['2'] }
    expect(selectableInboxIds(['2', '1'], channel)).toEqual(['2', '1'])
  })

  it('never offers an account that exists only for an inbox nobody configured or connected from HubSpot', () => {
    expect(selectableInboxIds(['1'], { channelAccounts: { '1': 'a1', '5': 'a5' } })).toEqual(['1'])
  })
})
