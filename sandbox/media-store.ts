/**
 * The customer's uploads, served on loopback like a CDN would serve webchat media: the integration downloads
 * them from these URLs (the sandbox sets HITL_ALLOW_PRIVATE_MEDIA_HOSTS=true so loopback is allowed).
 */
import { randomUUID } from 'node:crypto'
import { MAX_ATTACHMENT_BYTES } from '../src/hubspot/limits'

export type StoredMedia = { name: string; mimeType: string; bytes: Uint8Array }

export const MEDIA_PATH = '/media'

/** Keeps the name readable in links while making it safe in a URL path segment. */
const safeName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file'

export class MediaStore {
  private readonly files = new Map<string, StoredMedia>()

  /** `baseUrl` is filled in once the page server knows its port. */
  public baseUrl = ''

  public put(name: string, mimeType: string, bytes: Uint8Array): string {
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES)
      throw new Error(
        `${name} is ${bytes.byteLength} bytes; HubSpot attachments are limited to ${MAX_ATTACHMENT_BYTES}`,
      )
    const id = randomUUID().slice(0, 8)
    const fileName = safeName(name)
    this.files.set(`${id}/${fileName}`, { name: fileName, mimeType: mimeType || 'application/octet-stream', bytes })
    return `${this.baseUrl}${MEDIA_PATH}/${id}/${fileName}`
  }

  /** `key` is the path after `/media/`. */
  public get(key: string): StoredMedia | undefined {
    return this.files.get(key)
  }
}
