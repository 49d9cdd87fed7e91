/**
 * The page and the small JSON API it drives. The page never talks to the emulators or the integration itself:
 * each button is one POST here, which drives one side of the handoff; the page polls `GET /api/state`.
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import { serverHandle } from '../emulators/http-adapter'
import path from 'node:path'
import type { ActivityLog } from './activity'
import { findProjectRoot } from './config'
import type { CrmSide } from './crm-side'
import type { CustomerSide, EscalationForm } from './customer-side'
import { FILE_ROUTE, type InboxSide } from './inbox-side'
import { IntegrationCallError } from './integration-client'
import { MEDIA_PATH, type MediaStore } from './media-store'
import { Mutex } from '../emulators/mutex'

export type PageDeps = {
  customers: CustomerSide[]
  inbox: InboxSide
  crm: CrmSide
  media: MediaStore
  activity: ActivityLog
}

class BadRequest extends Error {}

/** Refused before its body is read: the body is larger than any request the page sends. */
class TooLarge extends BadRequest {}

/** The largest file the page uploads (a customer's or an agent's). */
export const MAX_UPLOAD_BYTES = 10_000_000
/** The file in base64 (4 bytes per 3) plus the JSON around it. */
const MAX_BODY_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 64_000

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB`

function tooLarge(bodyBytes: number): TooLarge {
  return new TooLarge(
    `The file is too large: the sandbox takes files up to ${megabytes(MAX_UPLOAD_BYTES)}, and this one is about ` +
      `${megabytes((bodyBytes * 3) / 4)}. Pick a smaller file.`,
  )
}

/** Where the page serves each agent's picture: the emulator's agents point here instead of a made-up host. */
export const avatarPath = (userId: number) => `/avatars/${userId}.svg`
const AVATAR_COLORS = ['#1e7b45', '#7a4cc2', '#b9461f', '#2f6db5']

/** A round picture with the agent's initials, drawn here so the sandbox needs no network. */
function avatarSvg(name: string, userId: number): string {
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase()
  const color = AVATAR_COLORS[userId % AVATAR_COLORS.length]
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="${color}"/>` +
    `<text x="32" y="41" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${initials}</text></svg>`
  )
}

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
}

const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const

type Body = Record<string, unknown>

function text(body: Body, field: string, required = false): string {
  const value = body[field]
  if (value === undefined || value === null || value === '') {
    if (required) throw new BadRequest(`"${field}" is missing: fill it in and try again.`)
    return ''
  }
  if (typeof value !== 'string') throw new BadRequest(`"${field}" must be text.`)
  return value
}

function upload(body: Body, field: string): { name: string; mimeType: string; bytes: Uint8Array } | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object') throw new BadRequest(`"${field}" must be an object with name, mimeType and data.`)
  const file = value as Body
  return {
    name: text(file, 'name', true),
    mimeType: text(file, 'mimeType') || 'application/octet-stream',
    bytes: new Uint8Array(Buffer.from(text(file, 'data', true), 'base64')),
  }
}

async function readJson(req: http.IncomingMessage): Promise<Body> {
  // The announced size is checked before any byte is read, so a too-large file is refused at once.
  const announced = Number(req.headers['content-length'] ?? 0)
  if (announced > MAX_BODY_BYTES) throw tooLarge(announced)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw tooLarge(size)
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new BadRequest('The request body is not valid JSON.')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new BadRequest('The request body must be a JSON object.')
  return parsed as Body
}

function escalationForm(body: Body): EscalationForm {
  const priority = text(body, 'priority')
  if (priority && !(PRIORITIES as readonly string[]).includes(priority))
    throw new BadRequest(`The priority must be one of ${PRIORITIES.join(', ')}, or none.`)
  if (!text(body, 'title').trim()) throw new BadRequest('Give the handoff a title: the agent sees it first.')
  const customerEmail = text(body, 'customerEmail').trim()
  const assistMode = text(body, 'assistMode')
  if (assistMode && assistMode !== 'on' && assistMode !== 'off')
    throw new BadRequest('Assist mode must be on, off, or left to the configuration.')
  const assignTo = text(body, 'assignTo').trim()
  const identityVerified = body.identityVerified ?? false
  if (typeof identityVerified !== 'boolean') throw new BadRequest('"identityVerified" must be true or false.')
  return {
    contact: text(body, 'contact').trim(),
    title: text(body, 'title', true),
    description: text(body, 'description'),
    ...(priority ? { priority: priority as EscalationForm['priority'] } : {}),
    ...(customerEmail ? { customerEmail } : {}),
    ...(assistMode ? { assistMode: assistMode === 'on' } : {}),
    ...(assignTo ? { assignTo } : {}),
    ...(identityVerified ? { identityVerified } : {}),
  }
}

/** The customer a request is for: `customer` names one by id; the first one when it is left out. */
function customerOf(customers: CustomerSide[], body: Body): CustomerSide {
  const id = text(body, 'customer')
  const customer = id ? customers.find((candidate) => candidate.profile.id === id) : customers[0]
  if (!customer)
    throw new BadRequest(
      `There is no customer "${id}"; the sandbox has ${customers.map((known) => known.profile.id).join(', ')}.`,
    )
  return customer
}

/** One handler per button of the page. */
function actions({ customers, inbox }: PageDeps): Record<string, (body: Body) => Promise<unknown>> {
  return {
    '/api/customer/say': (body) =>
      body.markdown === true
        ? customerOf(customers, body).say({ type: 'markdown', markdown: text(body, 'text', true) })
        : customerOf(customers, body).say({ type: 'text', text: text(body, 'text', true) }),
    '/api/customer/upload': (body) => {
      const kind = text(body, 'kind', true)
      if (kind !== 'image' && kind !== 'file') throw new BadRequest('The upload\'s "kind" must be "image" or "file".')
      return customerOf(customers, body).upload({ kind, ...upload(body, 'file')! })
    },
    '/api/customer/escalate': (body) => customerOf(customers, body).escalate(escalationForm(body)),
    '/api/customer/end': (body) => customerOf(customers, body).endSession(),
    '/api/inbox/routing': async (body) => {
      inbox.routeNewThreadsTo = text(body, 'actorId') || null
    },
    '/api/inbox/assign': (body) => inbox.assign(text(body, 'threadId', true), text(body, 'actorId') || null),
    '/api/inbox/reply': (body) => {
      const attachment = upload(body, 'attachment')
      if (!text(body, 'text').trim() && !attachment) throw new BadRequest('Write a reply or attach a file, then Send.')
      return inbox.reply({
        threadId: text(body, 'threadId', true),
        actorId: text(body, 'actorId', true),
        text: text(body, 'text'),
        richText: text(body, 'richText'),
        ...(attachment ? { attachment } : {}),
      })
    },
    '/api/inbox/comment': (body) =>
      inbox.comment(text(body, 'threadId', true), text(body, 'actorId', true), text(body, 'text', true)),
    '/api/inbox/close': (body) => inbox.close(text(body, 'threadId', true)),
  }
}

/**
 * The integration failing is a 502. Anything else an action throws is a refusal the page shows as it is
 * ("a session is already open", the emulator's "the thread is archived"), except programming errors.
 */
function statusOf(error: unknown): number {
  if (error instanceof TooLarge) return 413
  if (error instanceof IntegrationCallError) return 502
  if (error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError) return 500
  return 400
}

function send(res: http.ServerResponse, status: number, body: string | Uint8Array, type: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8')

export async function startPageServer(
  port: number,
  deps: PageDeps,
): Promise<{ url: string; loopbackUrl: string; close(): Promise<void> }> {
  const pageDir = path.join(findProjectRoot(), 'sandbox', 'page')
  const handlers = actions(deps)
  const mutex = new Mutex()

  const state = (threadId: string | null) => {
    const threads = deps.inbox.threads()
    const selected = threads.find((thread) => thread.id === threadId)
    return {
      customers: deps.customers.map((customer) => customer.view()),
      inbox: {
        agents: deps.inbox.agents(),
        routing: deps.inbox.routeNewThreadsTo,
        threads,
        selected: selected ? { ...selected, items: deps.inbox.thread(selected.id) } : null,
      },
      // What the CRM layer wrote for the selected thread: its contact, ticket and notes.
      crm: selected ? deps.crm.view(selected.id) : null,
      activity: deps.activity.list(),
      limits: { uploadBytes: MAX_UPLOAD_BYTES },
    }
  }

  const route = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const method = req.method ?? 'GET'
    const page = STATIC_FILES[url.pathname]
    if (method === 'GET' && page) return send(res, 200, await fs.readFile(path.join(pageDir, page.file)), page.type)
    if (method === 'GET' && url.pathname === '/api/state')
      return sendJson(res, 200, state(url.searchParams.get('thread')))
    if (method === 'GET' && url.pathname.startsWith(`${MEDIA_PATH}/`)) {
      const media = deps.media.get(decodeURIComponent(url.pathname.slice(MEDIA_PATH.length + 1)))
      return media
        ? send(res, 200, media.bytes, media.mimeType)
        : sendJson(res, 404, { error: 'No such file: the sandbox keeps uploads only while it runs.' })
    }
    const avatar = /^\/avatars\/(\d+)\.svg$/.exec(url.pathname)
    const agent = avatar && deps.inbox.agents().find((known) => known.actorId === `A-${avatar[1]}`)
    if (method === 'GET' && agent) return send(res, 200, avatarSvg(agent.name, Number(avatar![1])), 'image/svg+xml')
    if (method === 'GET' && url.pathname.startsWith(`${FILE_ROUTE}/`)) {
      const signed = await deps.inbox.fileUrl(decodeURIComponent(url.pathname.slice(FILE_ROUTE.length + 1)))
      res.writeHead(302, { location: signed, 'cache-control': 'no-store' })
      return res.end()
    }
    const handler = handlers[url.pathname]
    if (method === 'POST' && handler) {
      const body = await readJson(req)
      const result = await mutex.run(() => handler(body))
      return sendJson(res, 200, { ok: true, result: result ?? null })
    }
    sendJson(res, 404, { error: `No route for ${method} ${url.pathname}.` })
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      const status = statusOf(error)
      deps.activity.add({ source: 'sandbox', summary: `${req.method} ${req.url}: ${message}`, status })
      // Refused unread: the rest of the body is not wanted, so the connection closes after the answer.
      if (!res.headersSent && error instanceof TooLarge) res.setHeader('connection', 'close')
      if (!res.headersSent) sendJson(res, status, { error: message })
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const { url: loopbackUrl, close } = serverHandle(server)
  return { url: `http://localhost:${new URL(loopbackUrl).port}/`, loopbackUrl, close }
}
