/**
 * Files API (hubspot-facts.md §8; spec Files/Files/Rollouts/140950/v3/files.json) plus the emulator's own download route
 * behind signed URLs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { FILE_ACCESS_VALUES, PUBLIC_FILE_ACCESS, UPLOAD_MAX_BYTES } from '../defaults'
import { forbidden, HubSpotError, json, notFound, validationError } from '../errors'
import { fileCategory, fullFileName, renderFile } from '../render'
import type { Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'
import type { FileRecord } from '../types'
import { BodyCheck, isRecord } from '../validation'

const BASE = '/files/v3/files'
export const DOWNLOAD_PATH = '/_emulator/files'
/** Default lifetime of a signed URL; HubSpot's default is not in our doc, one hour is our assumption. */
const DEFAULT_SIGNED_URL_SECONDS = 3600

export function splitFileName(fileName: string): { name: string; extension: string } {
  const dot = fileName.lastIndexOf('.')
  if (dot <= 0) return { name: fileName, extension: '' }
  return { name: fileName.slice(0, dot), extension: fileName.slice(dot + 1).toLowerCase() }
}

/** Stores bytes as a HubSpot file; shared by the upload route and the agent-upload helper. */
export function storeFile(
  store: HubSpotStore,
  input: {
    hubId: number
    fileName: string
    mimeType: string
    bytes: Uint8Array
    access: string
    folderPath?: string
    folderId?: string
  },
): FileRecord {
  if (input.bytes.byteLength > UPLOAD_MAX_BYTES)
    // 413 is our choice (the spec documents no size error); the limit is the emulator's own (README, "Limits the emulator owns").
    throw new HubSpotError(413, {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: `File is ${input.bytes.byteLength} bytes; the maximum is ${UPLOAD_MAX_BYTES} bytes`,
    })
  const { name, extension } = splitFileName(input.fileName)
  const folder = (input.folderPath ?? '').replace(/\/+$/, '')
  const now = store.isoNow()
  const file: FileRecord = {
    id: String(store.nextId('file')),
    hubId: input.hubId,
    name,
    extension,
    mimeType: input.mimeType || 'application/octet-stream',
    size: input.bytes.byteLength,
    access: input.access,
    path: `${folder.startsWith('/') || folder === '' ? folder : `/${folder}`}/${input.fileName}`,
    ...(input.folderId !== undefined ? { parentFolderId: input.folderId } : {}),
    bytes: input.bytes,
    createdAt: now,
    updatedAt: now,
  }
  store.files.set(file.id, file)
  return file
}

async function uploadFile({ store, token, body, url }: RouteContext): Promise<Response> {
  if (body.kind !== 'multipart') throw validationError('Files must be uploaded as multipart/form-data')
  const form = body.value
  const file = form.get('file')
  if (file === null || typeof file === 'string')
    throw validationError('Some required fields were not set: [file]', {
      errors: [{ message: 'file is required', code: 'REQUIRED_FIELD', in: 'file' }],
    })
  const rawOptions = form.get('options')
  if (typeof rawOptions !== 'string') throw validationError('options is required and must be a JSON string with access')
  let options: unknown
  try {
    options = JSON.parse(rawOptions)
  } catch {
    throw validationError('options is not valid JSON')
  }
  if (!isRecord(options)) throw validationError('options must be a JSON object')
  const check = new BodyCheck()
  const access = check.enumValue(options, 'access', FILE_ACCESS_VALUES, 'options')
  check.string(options, 'ttl', 'options', false)
  check.boolean(options, 'overwrite', 'options', false)
  check.enumValue(options, 'duplicateValidationStrategy', ['NONE', 'REJECT', 'RETURN_EXISTING'], 'options', false)
  check.enumValue(options, 'duplicateValidationScope', ['ENTIRE_PORTAL', 'EXACT_FOLDER'], 'options', false)
  check.throwIfAny()
  const folderPath = form.get('folderPath')
  const folderId = form.get('folderId')
  // The spec's field descriptions: "Either 'folderId' or 'folderPath' is required"; the guide says not both.
  if (folderPath !== null && folderId !== null) throw validationError('Set folderPath or folderId, not both')
  if (folderPath === null && folderId === null)
    throw validationError("Either 'folderId' or 'folderPath' is required", {
      errors: [{ message: 'folderPath or folderId is required', code: 'REQUIRED_FIELD', in: 'folderPath' }],
    })
  const fileName = form.get('fileName')
  const record = storeFile(store, {
    hubId: token.hubId,
    fileName: typeof fileName === 'string' && fileName !== '' ? fileName : file.name || 'file',
    mimeType: file.type,
    bytes: new Uint8Array(await file.arrayBuffer()),
    access: access as string,
    ...(typeof folderPath === 'string' ? { folderPath } : {}),
    ...(typeof folderId === 'string' ? { folderId } : {}),
  })
  return json(201, renderFile(store, record), { location: `${url.origin}${BASE}/${record.id}` })
}

function fileFor(store: HubSpotStore, hubId: number, fileId: string): FileRecord {
  const file = store.files.get(fileId)
  if (!file || file.hubId !== hubId) throw notFound(`File ${fileId} does not exist`)
  return file
}

function getFile({ store, token, params }: RouteContext): Response {
  return json(200, renderFile(store, fileFor(store, token.hubId, params.fileId as string)))
}

const downloadSignature = (store: HubSpotStore, fileId: string, expires: number) =>
  createHmac('sha256', store.fileSigningKey).update(`${fileId}:${expires}`).digest('base64url')

function signedUrl({ store, token, params, url }: RouteContext): Response {
  const file = fileFor(store, token.hubId, params.fileId as string)
  const seconds = Number(url.searchParams.get('expirationSeconds') ?? DEFAULT_SIGNED_URL_SECONDS)
  if (!Number.isInteger(seconds) || seconds < 1) throw validationError('expirationSeconds must be a positive integer')
  const size = url.searchParams.get('size')
  if (size !== null && !['thumb', 'icon', 'medium', 'preview'].includes(size))
    throw validationError('size must be one of thumb, icon, medium, preview')
  const expires = store.now() + seconds * 1000
  const signature = downloadSignature(store, file.id, expires)
  return json(200, {
    url: `${url.origin}${DOWNLOAD_PATH}/${file.id}?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires).toISOString(),
    name: file.name,
    extension: file.extension,
    size: file.size,
    type: fileCategory(file.mimeType),
  })
}

/** Public files download freely; private ones need an unexpired signature from the signed-url endpoint. */
function download({ store, params, url }: RouteContext): Response {
  const file = store.files.get(params.fileId as string)
  if (!file) throw notFound(`File ${params.fileId} does not exist`)
  if (!PUBLIC_FILE_ACCESS.includes(file.access)) {
    const expires = Number(url.searchParams.get('expires'))
    const given = Buffer.from(url.searchParams.get('signature') ?? '')
    const expected = Buffer.from(downloadSignature(store, file.id, expires))
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw forbidden('This file is private: download it through a signed URL')
    if (store.now() >= expires) throw forbidden('This signed URL has expired')
  }
  return new Response(file.bytes, {
    status: 200,
    headers: {
      'content-type': file.mimeType,
      'content-length': String(file.size),
      'content-disposition': `inline; filename="${fullFileName(file)}"`,
    },
  })
}

const READ = { kind: 'bearer', anyOfScopes: ['files', 'files.read', 'files.ui_hidden.read'] } as const
const WRITE = { kind: 'bearer', anyOfScopes: ['files', 'files.write', 'files.ui_hidden.write'] } as const

export const fileRoutes: Route[] = [
  { name: 'uploadFile', method: 'POST', path: BASE, auth: WRITE, handle: uploadFile },
  { name: 'getFile', method: 'GET', path: `${BASE}/:fileId`, auth: READ, handle: getFile },
  { name: 'getSignedUrl', method: 'GET', path: `${BASE}/:fileId/signed-url`, auth: READ, handle: signedUrl },
  { name: 'downloadFile', method: 'GET', path: `${DOWNLOAD_PATH}/:fileId`, auth: { kind: 'none' }, handle: download },
]
