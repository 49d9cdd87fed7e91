import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import axios from 'axios'
import { allowPrivateMediaHosts } from '../config/environment'
import { MAX_ATTACHMENT_BYTES } from '../hubspot/limits'
import { isPrivateAddress, urlRefusal } from './address-policy'

type FetchedMedia = { bytes: Uint8Array; mimeType: string; fileName: string }

/**
 * Bounds of one download: HubSpot's attachment size, redirects, and time: `idleMs` without a byte, `deadlineMs`
 * in all however the bytes trickle in (a server dripping a byte now and then never trips an idle timeout).
 */
const LIMITS = { maxBytes: MAX_ATTACHMENT_BYTES, idleMs: 10_000, deadlineMs: 10_000, maxRedirects: 3 }

class MediaFetchError extends Error {
  public constructor(reason: string) {
    super(reason)
    this.name = 'MediaFetchError'
  }
}

/**
 * Refuses, at connection time, hosts that resolve to private addresses: checking the name before the
 * request would let DNS answer differently the second time (rebinding).
 */
const publicOnlyLookup: typeof dns.lookup = ((
  hostname: string,
  options: dns.LookupOptions,
  callback: (...args: unknown[]) => void,
) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error)
    const list = addresses as dns.LookupAddress[]
    const refused = list.find((entry) => isPrivateAddress(entry.address))
    if (refused) return callback(new MediaFetchError(`${hostname} resolves to a private address`))
    if (options.all) return callback(null, list)
    const [first] = list
    return callback(null, first?.address, first?.family)
  })
}) as typeof dns.lookup

const EXTENSION_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
}

export function fileNameOf(url: string, fallback: string): string {
  try {
    const base = decodeURIComponent(path.posix.basename(new URL(url).pathname))
    return base && base !== '/' ? base.slice(0, 200) : fallback
  } catch {
    return fallback
  }
}

/**
 * This file's deadline, ended early by the caller's `signal` (the message's). A plain timer and controller rather
 * than AbortSignal.any, which the oldest Node the cloud runtime may run lacks.
 */
function deadlineOf(signal: AbortSignal | undefined): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController()
  const abort = () => controller.abort()
  const timer = setTimeout(abort, LIMITS.deadlineMs)
  if (signal?.aborted) abort()
  signal?.addEventListener('abort', abort)
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', abort)
    },
  }
}

/**
 * Downloads customer media so it can be re-hosted in HubSpot: http(s) only, public hosts only, bounded in size and
 * time. `signal` ends it early (the deadline of the whole message).
 */
export async function fetchMedia(url: string, signal?: AbortSignal): Promise<FetchedMedia> {
  const allowPrivate = allowPrivateMediaHosts()
  const refusal = urlRefusal(url, allowPrivate)
  if (refusal) throw new MediaFetchError(refusal)
  const agentOptions = allowPrivate ? {} : { lookup: publicOnlyLookup }
  const deadline = deadlineOf(signal)
  try {
    const response = await axios.get<ArrayBuffer>(url, {
      responseType: 'arraybuffer',
      timeout: LIMITS.idleMs,
      signal: deadline.signal,
      maxRedirects: LIMITS.maxRedirects,
      maxContentLength: LIMITS.maxBytes,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      // Each redirect target is checked like the original URL.
      beforeRedirect: (options: { href?: string }) => {
        const next = options.href && urlRefusal(options.href, allowPrivate)
        if (next) throw new MediaFetchError(`redirect refused: ${next}`)
      },
      validateStatus: (status) => status >= 200 && status < 300,
    })
    const bytes = new Uint8Array(response.data)
    if (bytes.byteLength > LIMITS.maxBytes) throw new MediaFetchError(`larger than ${LIMITS.maxBytes} bytes`)
    const fileName = fileNameOf(url, 'attachment')
    const declared = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
    const mimeType = declared || EXTENSION_TYPES[path.extname(fileName).toLowerCase()] || 'application/octet-stream'
    return { bytes, mimeType, fileName }
  } catch (thrown) {
    if (thrown instanceof MediaFetchError) throw thrown
    if (axios.isCancel(thrown)) throw new MediaFetchError('the download took too long')
    const error = thrown as { code?: string; response?: { status?: number }; message?: string }
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message ?? ''))
      throw new MediaFetchError(`larger than ${LIMITS.maxBytes} bytes`)
    const cause = (thrown as { cause?: unknown }).cause
    if (cause instanceof MediaFetchError) throw cause
    throw new MediaFetchError(
      error.response?.status ? `HTTP ${error.response.status}` : (error.code ?? 'download failed'),
    )
  } finally {
    deadline.clear()
  }
}
