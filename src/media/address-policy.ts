import { isIP } from 'node:net'

/** Private, loopback, link-local and otherwise non-public ranges (IPv4, and IPv6 including mapped IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return isPrivateV4(address)
  if (family === 6) {
    const lower = address.toLowerCase()
    const mapped = lower.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/)
    if (mapped) return isPrivateV4(mapped[1]!)
    return (
      lower === '::' ||
      lower === '::1' ||
      lower.startsWith('fc') ||
      lower.startsWith('fd') ||
      /^fe[89ab]/.test(lower) ||
      lower.startsWith('ff')
    )
  }
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
