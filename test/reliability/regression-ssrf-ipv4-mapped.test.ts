/**
 * REGRESSION TEST for a bug the bad-input suite found (fixed in 1b2adff). It was:
 *
 * `urlRefusal` (src/media/address-policy.ts) checks the host of the parsed URL, and WHATWG URL parsing rewrites
 * an IPv4-mapped IPv6 literal in hexadecimal: `http://[::ffff:127.0.0.1]/` has hostname `[::ffff:7f00:1]`.
 * `isPrivateAddress` only recognises the dotted form (`/^::ffff:(\d+\.\d+\.\d+\.\d+)$/`), so the URL is accepted.
 * The connection-time guard (`publicOnlyLookup` in src/media/fetch-media.ts) never runs for an IP literal (Node
 * skips DNS lookup for them), so a customer's "image" at `http://[::ffff:169.254.169.254]/latest/meta-data/` or
 * `http://[::ffff:7f00:1]:8080/admin` is fetched from the integration's own network and re-hosted in HubSpot
 * where an agent can read it (verified: Node connects `http://[::ffff:7f00:1]:<port>/` to a server on 127.0.0.1).
 */
import { isPrivateAddress, urlRefusal } from '../../src/media/address-policy'
import { useHarness } from '../support/harness'
import { acceptedPublishes, escalate, registeredHarness } from '../support/scenario'

const MAPPED = [
  'http://[::ffff:127.0.0.1]/secret.png',
  'http://[::ffff:169.254.169.254]/latest/meta-data/',
  'http://[0:0:0:0:0:ffff:a00:1]/internal.pdf',
]

describe('IPv4-mapped IPv6 literals and the media address policy', () => {
  it.each(MAPPED)('refuses %s', (url) => {
    expect(urlRefusal(url, false)).toBe('private network addresses are not allowed')
  })

  it('recognises the hexadecimal form URL parsing produces', () => {
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]')
    expect(isPrivateAddress('::ffff:7f00:1')).toBe(true)
  })

  const harness = useHarness()

  it('never tries to fetch such a URL sent by a customer, and still gives the agent the link', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    for (const url of MAPPED) await h.sendToAgent(conversationId, 'file', { fileUrl: url, userId })
    // Refused before any request: the policy's reason, not a failed download. With the bug, the first URL really
    // connected to 127.0.0.1:80 (ECONNREFUSED), msw reported the second, and the third got an answer from the network.
    expect(h.logs.text.match(/private network addresses are not allowed/g)).toHaveLength(MAPPED.length)
    expect(h.logs.text).not.toMatch(/\[MSW\]/)
    expect(acceptedPublishes(h).at(-1)!.text).toContain(MAPPED.at(-1))
  })
})
