import { isIP } from 'node:net'

/** Private, loopback, link-local and otherwise non-public ranges, IPv4 and IPv6 (with IPv4 embedded in IPv6). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return isPrivateV4(address)
  if (family === 6) return isPrivateV6(address)
  return false
}

function isPrivateV4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number)
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  )
}

/** The eight 16-bit groups of an IPv6 address, with `::` expanded and a trailing dotted IPv4 converted. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1]!.split('.').map(Number)
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const left = part(head)
  const right = part(tail)
  return tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
}

function isPrivateV6(address: string): boolean {
  const g = ipv6Groups(address)
  const embeddedV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  // URL parsing writes an IPv4-mapped address in hex (::ffff:7f00:1): check the IPv4 inside, in every form
  // that routes to it: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d).
  if (zeros(0, 5) && g[5] === 0xffff) return isPrivateV4(embeddedV4(g[6]!, g[7]!))
  if (zeros(0, 6) && !(g[6] === 0 && g[7]! <= 1)) return isPrivateV4(embeddedV4(g[6]!, g[7]!))
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return isPrivateV4(embeddedV4(g[6]!, g[7]!))
  const first = g[0]!
  return (
    zeros(0, 8) || // ::
    (zeros(0, 7) && g[7] === 1) || // ::1
    (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
    (first & 0xffc0) === 0xfe80 || // fe80::/10 link-local
    (first & 0xffc0) === 0xfec0 || // fec0::/10 site-local (deprecated, still private)
    (first & 0xff00) === 0xff00 // multicast
  )
}

/** Why a URL may not be fetched, or undefined when its scheme and literal host are acceptable. */
export function urlRefusal(rawUrl: string, allowPrivateHosts: boolean): string | undefined {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return 'not a valid URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the ${url.protocol} scheme is not allowed`
  if (url.username || url.password) return 'URLs with credentials are not allowed'
  if (allowPrivateHosts) return undefined
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return 'local addresses are not allowed'
  if (isPrivateAddress(host)) return 'private network addresses are not allowed'
  return undefined
}
