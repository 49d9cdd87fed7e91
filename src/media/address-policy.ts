import { isIP } from 'node:net'

/**
 * Private, loopback, link-local and every other range of IANA's special-purpose address registries, IPv4 and IPv6
 * (IPv4 embedded in IPv6 is checked as that IPv4). A media URL has no business on any of them.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return isPrivateV4(address)
  if (family === 6) return isPrivateV6(address)
  return false
}

/** IPv4 special-purpose blocks (IANA registry) besides the ranges tested by their first octets below. */
const SPECIAL_V4_SLASH_24 = new Set([
  '192.0.0', // IETF protocol assignments
  '192.0.2', // documentation (TEST-NET-1)
  '192.31.196', // AS112-v4
  '192.52.193', // AMT
  '192.88.99', // deprecated 6to4 relay anycast
  '192.175.48', // direct delegation AS112
  '198.51.100', // documentation (TEST-NET-2)
  '203.0.113', // documentation (TEST-NET-3)
])

function isPrivateV4(address: string): boolean {
  const [a = 0, b = 0, c = 0] = address.split('.').map(Number)
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    SPECIAL_V4_SLASH_24.has(`${a}.${b}.${c}`) ||
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
  const [first = 0, second = 0, third = 0] = g
  return (
    zeros(0, 8) || // ::
    (zeros(0, 7) && g[7] === 1) || // ::1
    (first === 0x64 && second === 0xff9b && third === 1) || // 64:ff9b:1::/48 local-use NAT64
    (first === 0x100 && zeros(1, 3) && g[3]! <= 1) || // 100::/64 discard-only, 100:0:0:1::/64 dummy prefix
    (first === 0x2001 && second < 0x200) || // 2001::/23 IETF protocol assignments (Teredo, benchmarking, ORCHID…)
    (first === 0x2001 && second === 0xdb8) || // 2001:db8::/32 documentation
    first === 0x2002 || // 2002::/16 6to4, whose relays reach any IPv4 address
    (first === 0x2620 && second === 0x4f && third === 0x8000) || // 2620:4f:8000::/48 direct delegation AS112
    (first === 0x3fff && second < 0x1000) || // 3fff::/20 documentation
    first === 0x5f00 || // 5f00::/16 segment routing (SRv6) SIDs
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
