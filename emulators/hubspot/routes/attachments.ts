/** Message attachments (hubspot-facts.md §3 variants), shared by custom-channel publishing and thread comments. */
import { FILE_USAGE_TYPES } from '../defaults'
import type { HubSpotStore } from '../store'
import type { AttachmentRecord } from '../types'
import { BodyCheck, isRecord } from '../validation'

const ATTACHMENT_TYPES = [
  'FILE',
  'LOCATION',
  'CONTACT',
  'UNSUPPORTED_CONTENT',
  'MESSAGE_HEADER',
  'QUICK_REPLIES',
  'SOCIAL_MEDIA_METADATA',
] as const
const SOCIAL_MEDIA_TYPES = [
  'ARTICLE',
  'AUDIO',
  'CAROUSEL',
  'DOCUMENT',
  'GIF',
  'LINK',
  'NONE',
  'PHOTO',
  'POLL',
  'STORY',
  'VIDEO',
]

/** HubSpot's response always carries `fileUsageType`; when the request omits it we derive it from the MIME type. */
export function defaultUsageType(mimeType: string | undefined): string {
  if (mimeType?.startsWith('image/')) return 'IMAGE'
  if (mimeType?.startsWith('audio/')) return 'AUDIO'
  return 'OTHER'
}

export function readAttachments(
  store: HubSpotStore,
  check: BodyCheck,
  hubId: number,
  list: unknown[] | undefined,
  allowed: readonly string[] = ATTACHMENT_TYPES,
): AttachmentRecord[] {
  if (!list) return []
  const records: AttachmentRecord[] = []
  list.forEach((item, index) => {
    const path = `attachments[${index}]`
    if (!isRecord(item)) return check.invalid(path, 'expected an object')
    const type = check.enumValue(item, 'type', allowed, path)
    if (type === undefined) return
    switch (type) {
      case 'FILE': {
        const fileId = check.id(item, 'fileId', path)
        const usage = check.enumValue(item, 'fileUsageType', FILE_USAGE_TYPES, path, false)
        if (fileId === undefined) return
        const file = store.files.get(fileId)
        // Files are per portal: a file id from another account is as unknown as a made-up one.
        if (!file || file.hubId !== hubId)
          return check.invalid(
            `${path}.fileId`,
            `file ${fileId} does not exist in this HubSpot account`,
            'INVALID_FILE',
          )
        records.push({ type: 'FILE', fileId, fileUsageType: usage ?? defaultUsageType(file.mimeType) })
        return
      }
      case 'LOCATION':
        check.number(item, 'latitude', path)
        check.number(item, 'longitude', path)
        for (const key of ['name', 'address', 'url']) check.string(item, key, path, false)
        break
      case 'CONTACT': {
        const profile = check.object(item, 'contactProfile', path)
        if (profile)
          for (const key of ['addresses', 'emails', 'phones', 'urls'])
            check.array(profile, key, `${path}.contactProfile`)
        break
      }
      case 'MESSAGE_HEADER':
        check.number(item, 'fileId', path, false)
        check.string(item, 'text', path, false)
        break
      case 'QUICK_REPLIES': {
        const replies = check.array(item, 'quickReplies', path) ?? []
        replies.forEach((reply, replyIndex) => {
          const replyPath = `${path}.quickReplies[${replyIndex}]`
          if (!isRecord(reply)) return check.invalid(replyPath, 'expected an object')
          check.string(reply, 'value', replyPath)
          check.enumValue(reply, 'valueType', ['TEXT', 'URL'], replyPath)
          check.string(reply, 'label', replyPath, false)
        })
        break
      }
      case 'SOCIAL_MEDIA_METADATA': {
        const metadata = check.object(item, 'socialMetadata', path)
        if (metadata) check.enumValue(metadata, 'mediaType', SOCIAL_MEDIA_TYPES, `${path}.socialMetadata`)
        break
      }
    }
    records.push(structuredClone(item) as AttachmentRecord)
  })
  return records
}
