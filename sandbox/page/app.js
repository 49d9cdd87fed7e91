/* global document, window, fetch, FileReader, DOMParser, Node, NodeFilter, ResizeObserver, setTimeout, clearTimeout, localStorage */
// The sandbox page. It renders `GET /api/state` (polled) and turns each button into one POST of the sandbox's
// JSON API; it never talks to the emulators or the integration itself.

const POLL_MS = 700
const ERROR_MS = 8000

const $ = (id) => document.getElementById(id)

/** What the page remembers across reloads: who you are in the inbox, which customer you play, the CRM panel. */
const STORAGE_KEY = 'hubspot-inbox-hitl.sandbox'
const stored = (() => {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') ?? {}
  } catch {
    return {}
  }
})()

function remember() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ me: ui.me, customer: ui.customer, crmOpen: ui.crmOpen }))
  } catch {
    // Storage may be off (private window): the page still works, it just forgets on reload.
  }
}

const ui = {
  /** The customer whose chat the customer pane shows (their id). */
  customer: stored.customer ?? null,
  selectedThread: null,
  me: stored.me ?? null,
  /** Whether the CRM panel is open where the window is too narrow to show it beside the thread. */
  crmOpen: stored.crmOpen === true,
  /** Each customer's escalation form and unsent message, so one customer's card never carries over to another. */
  drafts: new Map(),
  /** What the sandbox accepts, from its state: the upload limit in bytes. */
  limits: { uploadBytes: Infinity },
  /** JSON of what each part of the page last rendered, so a poll that changed nothing touches no DOM. */
  rendered: {},
}

// ---- DOM helpers --------------------------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (key === 'className') node.className = value
    else if (key === 'dataset') Object.assign(node.dataset, value)
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else node.setAttribute(key, value === true ? '' : value)
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false))
  return node
}

// ---- Icons: drawn inline, so they show whatever fonts the machine has (emoji fonts are often missing) -------

const ICONS = {
  file: '<path d="M20.5 11.5 12 20a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15 7.5"/>',
  image: '<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="m21 17-5-5-9 8"/>',
  audio: '<path d="M11 5 6 9H3v6h3l5 4z"/><path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13"/>',
  video: '<rect x="3" y="6" width="13" height="12" rx="2"/><path d="m16 10 5-3v10l-5-3z"/>',
  location: '<path d="M12 21s-7-6-7-11.5a7 7 0 0 1 14 0C19 15 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/>',
  card: '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 10h18"/>',
  carousel: '<rect x="7" y="5" width="10" height="14" rx="2"/><path d="M3 7v10M21 7v10"/>',
  choice: '<circle cx="12" cy="12" r="8"/><circle cx="12" cy="12" r="3" fill="currentColor"/>',
  dropdown: '<rect x="3" y="6" width="18" height="12" rx="2"/><path d="m9 11 3 3 3-3"/>',
  bot: '<rect x="4" y="8" width="16" height="11" rx="3"/><path d="M12 4v4M9 13v1M15 13v1"/>',
  check: '<path d="m5 12 5 5 9-10"/>',
  warning: '<path d="M12 3 2 20h20z"/><path d="M12 10v4M12 17v.5"/>',
  suggestion:
    '<path d="M9 18h6M10 21h4"/><path d="M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z"/>',
}

/** An inline icon; `label` names it for screen readers when it stands for a word. */
function icon(name, label) {
  const node = el('span', {
    className: 'icon',
    ...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' }),
  })
  node.innerHTML =
    '<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2" ' +
    `stroke-linecap="round" stroke-linejoin="round">${ICONS[name]}</svg>`
  return node
}

/** The emoji the integration writes into HubSpot messages and notes (src/render), and the icon each one stands for. */
const EMOJI_ICONS = new Map([
  ['🖼', ['image', 'image']],
  ['🔊', ['audio', 'audio']],
  ['🎬', ['video', 'video']],
  ['📎', ['file', 'file']],
  ['📍', ['location', 'location']],
  ['🃏', ['card', 'card']],
  ['🎠', ['carousel', 'carousel']],
  ['🔘', ['choice', 'choices']],
  ['🔽', ['dropdown', 'dropdown']],
  ['🤖', ['bot', 'bot']],
  ['💡', ['suggestion', 'suggestion']],
  ['⚠', ['warning', 'warning']],
])
const EMOJI = /(🖼\uFE0F?|🔊|🎬|📎|📍|🃏|🎠|🔘|🔽|🤖|💡|⚠\uFE0F?)/u

/** Replaces those emoji in the text under `root` with drawn icons (HubSpot's own UI shows them with the agent's fonts). */
function drawEmoji(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const texts = []
  while (walker.nextNode()) if (EMOJI.test(walker.currentNode.textContent)) texts.push(walker.currentNode)
  for (const text of texts) {
    const parts = text.textContent.split(EMOJI)
    text.replaceWith(
      ...parts.map((part, index) => {
        if (index % 2 === 0) return part
        const [name, label] = EMOJI_ICONS.get(part.replace('\uFE0F', ''))
        return icon(name, label)
      }),
    )
  }
  return root
}

document.querySelectorAll('.icon-slot').forEach((slot) => slot.replaceWith(icon(slot.dataset.icon)))

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

const escapeHtml = (text) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Per message list: whether it follows new items, and when the page itself last scrolled it. */
const pins = new Map()

/**
 * Keeps a message list scrolled to its newest item, also when images load or the list shrinks after the
 * render, unless the user scrolled up to read. Scroll events right after our own scrolling are ours, not the user's.
 */
function pinToBottom(list) {
  let pin = pins.get(list)
  if (!pin) {
    pin = {
      pinned: true,
      scrolledAt: 0,
      stick: () => {
        if (!pin.pinned) return
        pin.scrolledAt = Date.now()
        list.scrollTop = list.scrollHeight
      },
    }
    pins.set(list, pin)
    list.addEventListener('scroll', () => {
      if (Date.now() - pin.scrolledAt < 300) return
      pin.pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 40
    })
    list.addEventListener('load', pin.stick, true)
    // The list also shrinks when what is under it grows (the escalation form, the reply toolbar).
    new ResizeObserver(pin.stick).observe(list)
  }
  pin.stick()
}

/** Renders only when the value changed since the last render of `key`. */
function renderIfChanged(key, value, render) {
  const json = JSON.stringify(value)
  if (ui.rendered[key] === json) return
  ui.rendered[key] = json
  render(value)
}

// ---- Markdown (what Botpress messages carry) and HTML (what HubSpot shows) ---------------------------------

/** A small, safe markdown subset: the text is escaped first, then only known tags are inserted. */
function renderMarkdown(markdown) {
  const kept = []
  const keep = (html) => `\uE000${kept.push(html) - 1}\uE001`
  const inline = (line) =>
    line
      .replace(/`([^`]+)`/g, (_, code) => keep(`<code>${code}</code>`))
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label, url) =>
        keep(`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`),
      )
      .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_, a, b) => `<strong>${a ?? b}</strong>`)
      .replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
      .replace(/(^|[^\w_])_([^_\s][^_]*)_/g, '$1<em>$2</em>')
  const blocks = escapeHtml(markdown ?? '')
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split('\n')
      const item = (line) => `<li>${inline(line.replace(/^\s*(?:[-*]|\d+\.)\s+/, ''))}</li>`
      if (lines.every((line) => /^\s*[-*]\s+/.test(line))) return `<ul>${lines.map(item).join('')}</ul>`
      if (lines.every((line) => /^\s*\d+\.\s+/.test(line))) return `<ol>${lines.map(item).join('')}</ol>`
      return `<p>${lines.map(inline).join('<br>')}</p>`
    })
  const html = blocks.join('').replace(/\uE000(\d+)\uE001/g, (_, index) => kept[Number(index)])
  const container = el('div', { className: 'md' })
  container.innerHTML = html
  return container
}

const KEEP_TAGS = new Set(['P', 'BR', 'B', 'STRONG', 'I', 'EM', 'U', 'S', 'A', 'UL', 'OL', 'LI', 'BLOCKQUOTE'])
const KEEP_MORE = new Set(['CODE', 'PRE', 'DIV', 'SPAN', 'H1', 'H2', 'H3', 'IMG'])
const DROP_TAGS = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'MATH'])

/** HubSpot's record pages (contacts 0-1, tickets 0-5), which the integration links to from the thread and notes. */
const RECORD_URL = /^https:\/\/app\.hubspot\.com\/contacts\/\d+\/record\/(0-1|0-5)\/\d+/
const crmRecordOf = (href) => ({ '0-1': 'contact', '0-5': 'ticket' })[RECORD_URL.exec(href)?.[1]]
const CRM_LINK_TITLE = "Opens the sandbox's CRM panel (in a real account, the record in HubSpot)"

/** HubSpot rich text, as the inbox shows it: formatting and http(s) links kept, anything active dropped. */
function sanitizedHtml(html) {
  const source = new DOMParser().parseFromString(html, 'text/html').body
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) to.append(node.textContent)
      if (node.nodeType !== Node.ELEMENT_NODE || DROP_TAGS.has(node.tagName)) continue
      if (!KEEP_TAGS.has(node.tagName) && !KEEP_MORE.has(node.tagName)) {
        copy(node, to)
        continue
      }
      const clean = document.createElement(node.tagName)
      const href = node.getAttribute('href') ?? ''
      const src = node.getAttribute('src') ?? ''
      const record = node.tagName === 'A' && crmRecordOf(href)
      if (record) {
        Object.assign(clean, { href: '#crm', title: CRM_LINK_TITLE })
        clean.dataset.crmLink = record
      } else if (node.tagName === 'A' && /^https?:/i.test(href))
        Object.assign(clean, { href, target: '_blank', rel: 'noopener' })
      if (node.tagName === 'IMG' && !/^https?:/i.test(src)) continue
      if (node.tagName === 'IMG') clean.src = src
      copy(node, clean)
      to.append(clean)
    }
  }
  const out = el('div', { className: 'rich' })
  copy(source, out)
  return out
}

// ---- HTTP ---------------------------------------------------------------------------------------------------

async function post(path, body = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`)
  return answer.result
}

const errorTimers = {}

function showError(pane, error) {
  const box = $(`${pane}-error`)
  box.textContent = error ? String(error.message ?? error) : ''
  box.hidden = !error
  clearTimeout(errorTimers[pane])
  if (error) errorTimers[pane] = setTimeout(() => showError(pane, null), ERROR_MS)
}

/** Runs one action with its controls disabled, shows its error in the pane, then refreshes at once. */
async function act(pane, controls, action) {
  controls.forEach((control) => (control.disabled = true))
  try {
    await action()
    showError(pane, null)
  } catch (error) {
    showError(pane, error)
  } finally {
    controls.forEach((control) => (control.disabled = false))
    await refresh()
  }
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () =>
      resolve({
        name: file.name,
        mimeType: file.type || 'application/octet-stream',
        data: String(reader.result).split(',')[1] ?? '',
      })
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

// ---- Customer pane ------------------------------------------------------------------------------------------

/** Pictures that failed once are not tried again at each render. */
const brokenPictures = new Set()

function avatar(author) {
  const initials = el('span', { className: 'avatar', 'aria-hidden': 'true' }, initialsOf(author?.name))
  if (!author?.pictureUrl || brokenPictures.has(author.pictureUrl)) return initials
  // The emulator's agents have avatars on a CDN that is unreachable offline: show initials instead.
  return el('img', {
    className: 'avatar',
    src: author.pictureUrl,
    alt: '',
    onerror: (event) => {
      brokenPictures.add(author.pictureUrl)
      event.target.replaceWith(initials)
    },
  })
}

const initialsOf = (name = '?') =>
  name
    .split(/\s+/)
    .map((part) => part[0])
    .join('')
    .slice(0, 2)
    .toUpperCase()

function messageContent(type, payload) {
  switch (type) {
    case 'text':
      return renderMarkdown(payload.text)
    case 'markdown':
      return renderMarkdown(payload.markdown)
    case 'image':
      return el(
        'a',
        { className: 'media', href: payload.imageUrl, target: '_blank', rel: 'noopener' },
        el('img', { src: payload.imageUrl, alt: payload.title ?? 'image' }),
      )
    case 'audio':
      return el('audio', { controls: true, src: payload.audioUrl })
    case 'video':
      return el('video', { controls: true, src: payload.videoUrl, width: '220' })
    case 'file':
      return el(
        'a',
        { href: payload.fileUrl, target: '_blank', rel: 'noopener', className: 'file-link' },
        icon('file'),
        payload.title ?? 'File',
      )
    case 'choice':
      return el(
        'div',
        {},
        renderMarkdown(payload.text),
        el(
          'div',
          { className: 'choices' },
          payload.options.map((option) =>
            el(
              'button',
              { type: 'button', onclick: () => say(option.label, false), dataset: { choice: option.value } },
              option.label,
            ),
          ),
        ),
      )
    case 'bloc':
      return el(
        'div',
        {},
        payload.items.map((item) => messageContent(item.type, item.payload)),
      )
    default:
      return el('code', {}, `${type}: ${JSON.stringify(payload)}`)
  }
}

function chatEntry(entry) {
  if (entry.role === 'notice') return el('li', { className: 'notice' }, entry.payload.text)
  const delivery = entry.delivery
  return el(
    'li',
    { className: `msg ${entry.role}`, dataset: { role: entry.role, type: entry.type } },
    entry.role === 'agent' && avatar(entry.author),
    el(
      'div',
      {},
      entry.role === 'agent' && el('div', { className: 'author' }, entry.author?.name ?? 'Agent'),
      el(
        'div',
        { className: `bubble ${entry.type === 'image' ? 'picture' : ''}` },
        messageContent(entry.type, entry.payload),
      ),
      delivery &&
        el(
          'div',
          { className: `delivery ${delivery.ok ? '' : 'failed'}` },
          icon(delivery.ok ? 'check' : 'warning'),
          ` ${delivery.detail}`,
        ),
    ),
  )
}

const STATUS_TEXT = { assigned: (session) => `With ${session.agentName}`, waiting: () => 'Waiting for an agent' }
const statusText = (session) => (session ? STATUS_TEXT[session.status](session) : 'Chatting with the bot')

/** One tab per customer, each with its own chat and session; the pane shows the selected one. */
function renderCustomers(customers, threads) {
  if (!customers.some((customer) => customer.id === ui.customer)) ui.customer = customers[0]?.id ?? null
  if (!ui.drafts.has(ui.customer)) showDraft(customers.find((customer) => customer.id === ui.customer))
  const tabs = customers.map(({ id, name, session }) => ({
    id,
    name,
    status: session?.status ?? 'bot',
    text: statusText(session),
  }))
  renderIfChanged('tabs', { tabs, selected: ui.customer }, () =>
    $('customer-tabs').replaceChildren(
      ...tabs.map((tab) =>
        el(
          'button',
          {
            type: 'button',
            role: 'tab',
            className: 'customer-tab',
            'aria-selected': String(tab.id === ui.customer),
            dataset: { customer: tab.id },
            onclick: () => selectCustomer(tab.id, customers, threads),
          },
          el('span', { className: 'tab-name' }, tab.name),
          el('span', { className: `badge ${tab.status}` }, tab.text),
        ),
      ),
    ),
  )
  const selected = customers.find((customer) => customer.id === ui.customer)
  if (selected) renderCustomer(selected, threads)
}

const FORM_FIELDS = [
  'contact',
  'title',
  'priority',
  'description',
  'customerEmail',
  'assistMode',
  'assignTo',
  'identityVerified',
]
const fieldValue = (field) => (field.type === 'checkbox' ? field.checked : field.value)

/** The customer's own escalation form and unsent message; the first time, their card as the sandbox fills it in. */
function draftOf(customer) {
  if (!ui.drafts.has(customer.id))
    ui.drafts.set(customer.id, {
      form: {
        contact: customer.defaultContact ?? '',
        title: customer.card?.title ?? '',
        priority: customer.card?.priority ?? '',
        description: customer.card?.description ?? '',
        customerEmail: '',
        assistMode: '',
        assignTo: '',
        identityVerified: false,
      },
      message: '',
    })
  return ui.drafts.get(customer.id)
}

function showDraft(customer) {
  if (!customer) return
  const { form, message } = draftOf(customer)
  const fields = $('escalate-form').elements
  for (const name of FORM_FIELDS) fields[name][fields[name].type === 'checkbox' ? 'checked' : 'value'] = form[name]
  $('say-text').value = message
}

function keepDraft(customerId) {
  const draft = ui.drafts.get(customerId)
  if (!draft) return
  const fields = $('escalate-form').elements
  for (const name of FORM_FIELDS) draft.form[name] = fieldValue(fields[name])
  draft.message = $('say-text').value
}

function selectCustomer(id, customers, threads) {
  if (id === ui.customer) return
  keepDraft(ui.customer)
  ui.customer = id
  remember()
  ui.rendered.chat = undefined
  ui.rendered.session = undefined
  showDraft(customers.find((customer) => customer.id === id))
  renderCustomers(customers, threads)
}

/** `email:ada@example.com` → ada@example.com; an anonymous visitor has no address to show. */
const linkedAddress = (identity) => (/^(email|phone):/.test(identity ?? '') ? identity.replace(/^\w+:/, '') : null)

/**
 * The plugin links a customer to the integration's user once, at the first escalation: a later card's email or
 * phone does not change how HubSpot knows them. Said where the user types it.
 */
function contactHint({ name, linkedAs }) {
  if (!linkedAs) return null
  const address = linkedAddress(linkedAs)
  return address
    ? `${name} is linked as ${address} since the first escalation: the HITL plugin links a customer once, so ` +
        'another email or phone here is not used.'
    : `${name} is linked without an email or phone since the first escalation: the HITL plugin links a customer ` +
        'once, so "Email or phone" is not used now; "Customer email" (the card\'s Extra configuration) names them.'
}

/**
 * The plugin knows the session's agent from what the integration told it: it keeps the previous session's agent
 * until another is assigned, and an Unassign does not clear it, so HubSpot can show someone else.
 */
function agentHint(session, threads) {
  if (session?.status !== 'assigned') return null
  const thread = threads.find((candidate) => candidate.id === session.threadId)
  const inHubSpot = thread?.assigneeName ?? null
  if (!thread || inHubSpot === session.agentName) return null
  return (
    `HubSpot shows ${inHubSpot ?? 'nobody'} as the assignee. The HITL plugin keeps the agent it last heard of ` +
    '(from a previous session, or before an Unassign) until another agent is assigned.'
  )
}

function showHint(id, text) {
  $(id).textContent = text ?? ''
  $(id).hidden = !text
}

function renderCustomer(customer, threads) {
  const { entries, session } = customer
  renderIfChanged('chat', entries, () => {
    const chat = $('chat')
    chat.replaceChildren(...entries.map(chatEntry))
    pinToBottom(chat)
  })
  showHint('contact-hint', contactHint(customer))
  showHint('agent-hint', agentHint(session, threads))
  renderIfChanged('session', session ?? null, () => {
    const badge = $('session-status')
    const status = session?.status ?? 'bot'
    badge.className = `badge ${status}`
    badge.textContent = statusText(session)
    $('escalate-form').hidden = Boolean(session)
    $('session-open').hidden = !session
    if (session)
      $('session-text').textContent =
        `Handoff open: HubSpot thread ${session.threadId ?? '…'}` +
        (status === 'assigned' ? `, ${session.agentName} is answering.` : ', waiting for an agent.')
  })
}

function say(text, markdown = $('say-markdown').checked) {
  return act('customer', [$('say-form').querySelector('button[type=submit]')], () =>
    post('/api/customer/say', { customer: ui.customer, text, markdown }),
  )
}

// ---- Inbox pane ---------------------------------------------------------------------------------------------

/** HubSpot's routing: who new threads are assigned to as soon as they exist. */
function renderRouting(agents, routing) {
  renderIfChanged('routing', { agents, routing }, () =>
    $('routing').replaceChildren(
      el('option', { value: '', selected: !routing }, 'Nobody'),
      ...agents.map((agent) =>
        el(
          'option',
          { value: agent.actorId, selected: agent.actorId === routing },
          `Assign new threads to ${agent.name}`,
        ),
      ),
    ),
  )
}

function renderAgents(agents) {
  renderIfChanged('agents', agents, () => {
    if (!agents.some((agent) => agent.actorId === ui.me)) ui.me = agents[0]?.actorId ?? null
    $('me').replaceChildren(
      ...agents.map((agent) => el('option', { value: agent.actorId, selected: agent.actorId === ui.me }, agent.name)),
    )
    ui.rendered.thread = undefined
  })
}

function renderThreads(threads) {
  if (!ui.selectedThread && threads.length > 0) ui.selectedThread = threads[0].id
  renderIfChanged('threads', { threads, selected: ui.selectedThread }, () => {
    $('no-threads').hidden = threads.length > 0
    $('threads').replaceChildren(
      ...threads.map((thread) =>
        el(
          'li',
          {
            className: thread.id === ui.selectedThread ? 'selected' : '',
            dataset: { thread: thread.id },
            onclick: () => {
              ui.selectedThread = thread.id
              refresh()
            },
          },
          el(
            'div',
            { className: 'row' },
            el('strong', {}, thread.contact.split(' · ')[0]),
            el('span', { className: `badge ${thread.status.toLowerCase()}` }, thread.status),
          ),
          drawEmoji(el('div', { className: 'preview' }, thread.preview || '…')),
          el('div', { className: 'muted small' }, `${thread.assigneeName ?? 'Unassigned'} · ${thread.inboxName}`),
        ),
      ),
    )
  })
}

function attachmentLink(attachment) {
  const image = attachment.mimeType.startsWith('image/')
  return el(
    'a',
    { href: attachment.url, target: '_blank', rel: 'noopener', title: attachment.name, className: 'attachment' },
    image ? el('img', { src: attachment.url, alt: attachment.name }) : [icon('file'), attachment.name],
  )
}

function threadItem(item) {
  if (item.kind === 'event') return el('li', { className: 'item event' }, `${item.text} · ${time(item.at)}`)
  const side = item.kind === 'comment' ? 'comment' : item.direction === 'INCOMING' ? 'incoming' : 'outgoing'
  const status = item.direction === 'OUTGOING' && item.status
  return el(
    'li',
    { className: `item ${side}`, dataset: { kind: item.kind } },
    el(
      'div',
      { className: 'meta' },
      el('span', {}, item.kind === 'comment' && el('span', { className: 'label' }, 'Internal comment · '), item.sender),
      el(
        'span',
        { title: item.statusDetail ?? '' },
        time(item.at),
        status && el('span', { className: `status-${status.toLowerCase()}` }, ` · ${status}`),
      ),
    ),
    drawEmoji(el('div', { className: 'body' }, item.richText ? sanitizedHtml(item.richText) : el('p', {}, item.text))),
    item.attachments.length > 0 && el('div', { className: 'attachments' }, item.attachments.map(attachmentLink)),
    status === 'FAILED' && el('div', { className: 'status-failed small' }, `Not delivered: ${item.statusDetail ?? ''}`),
  )
}

function renderThread(selected, agents) {
  $('thread').hidden = !selected
  $('thread-placeholder').hidden = Boolean(selected)
  if (!selected) return
  renderIfChanged('thread', selected, () => {
    $('thread-contact').textContent = selected.contact
    $('thread-status').textContent = selected.status
    $('thread-status').className = `badge ${selected.status.toLowerCase()}`
    $('thread-meta').textContent =
      `${selected.inboxName} · thread ${selected.id} · ${selected.assigneeName ? `assigned to ${selected.assigneeName}` : 'unassigned'}`
    $('assignee').replaceChildren(
      el('option', { value: '' }, 'Unassigned'),
      ...agents.map((agent) =>
        el('option', { value: agent.actorId, selected: agent.actorId === (selected.assignedTo ?? ui.me) }, agent.name),
      ),
    )
    $('close-thread').disabled = selected.status === 'CLOSED'
    const items = $('thread-items')
    if (items.dataset.thread !== selected.id && pins.has(items)) pins.get(items).pinned = true
    items.dataset.thread = selected.id
    items.replaceChildren(...selected.items.map(threadItem))
    pinToBottom(items)
  })
}

function renderActivity(entries) {
  renderIfChanged('activity', entries, () => {
    const source = { botpress: 'Botpress →', hubspot: 'HubSpot →', sandbox: 'sandbox:' }
    $('activity').replaceChildren(
      ...entries
        .slice()
        .reverse()
        .map((entry) =>
          el(
            'li',
            { className: entry.status >= 400 ? 'bad' : '' },
            `${time(entry.at)}  ${source[entry.source]} ${entry.summary}` +
              (entry.status ? `  ${entry.status}` : '') +
              (entry.ms !== undefined ? `  ${entry.ms} ms` : ''),
          ),
        ),
    )
  })
}

// ---- CRM panel: the selected thread's contact, ticket and notes ---------------------------------------------

/** Ids of the notes shown in full, kept across renders. */
const expandedNotes = new Set()
const NOTE_EXCERPT_CHARS = 240

const dateTime = (iso) =>
  new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })

/** The text of rendered HTML, a line per paragraph, list item and `<br>`. */
function textOf(node) {
  const lines = ['']
  const walk = (parent) => {
    for (const child of parent.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) lines[lines.length - 1] += child.textContent
      else if (child.tagName === 'BR') lines.push('')
      else {
        walk(child)
        if (/^(P|DIV|LI|H1|H2|H3|BLOCKQUOTE|PRE|UL|OL)$/.test(child.tagName)) lines.push('')
      }
    }
  }
  walk(node)
  return lines
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n')
}

/** One `dt`/`dd` pair; a missing value shows as a muted "none" rather than being left out. */
const field = (label, value, title) => [
  el('dt', {}, label),
  value ? el('dd', { title }, value) : el('dd', { className: 'muted' }, 'none'),
]

function crmSection(name, title, id, ...content) {
  return el(
    'section',
    { className: 'crm-section', dataset: { crm: name } },
    el('h3', {}, title, id && el('span', { className: 'record-id', title: 'HubSpot record id' }, `#${id}`)),
    ...content,
  )
}

function crmContact(contact) {
  if (!contact)
    return crmSection(
      'contact',
      'Contact',
      null,
      el('p', { className: 'muted' }, 'No linked contact: the customer is anonymous (no email or phone).'),
    )
  if (!contact.found)
    return crmSection('contact', 'Contact', contact.id, el('p', { className: 'muted' }, 'Not found in HubSpot.'))
  return crmSection(
    'contact',
    'Contact',
    contact.id,
    el('dl', {}, field('Name', contact.name), field('Email', contact.email), field('Phone', contact.phone)),
  )
}

function crmTicket(ticket) {
  if (!ticket)
    return crmSection('ticket', 'Ticket', null, el('p', { className: 'muted' }, 'No ticket for this handoff.'))
  if (!ticket.found)
    return crmSection('ticket', 'Ticket', ticket.id, el('p', { className: 'muted' }, 'Not found in HubSpot.'))
  const { stage, pipeline, priority, owner, marker } = ticket
  const state = stage?.closed === true ? 'closed' : stage?.closed === false ? 'open' : 'unknown'
  return crmSection(
    'ticket',
    'Ticket',
    ticket.id,
    el('p', { className: 'subject' }, ticket.subject ?? '(no subject)'),
    el(
      'p',
      { className: 'stage' },
      el(
        'span',
        { className: `badge ${state}`, dataset: { crm: 'stage', state }, title: stage && `stage ${stage.id}` },
        stage ? (stage.label ?? `stage ${stage.id}`) : 'no stage',
      ),
      el(
        'span',
        { className: 'muted small' },
        pipeline ? (pipeline.label ?? `pipeline ${pipeline.id}`) : 'no pipeline',
      ),
    ),
    el(
      'dl',
      {},
      field('Priority', priority?.label, priority?.value),
      field(
        'Owner',
        owner && (owner.name ?? owner.id),
        owner && [owner.email, `owner ${owner.id}`].filter(Boolean).join(' · '),
      ),
      field(marker.label, marker.valueLabel, `${marker.property} = ${marker.value ?? '(not set)'}`),
      ticket.closedAt && field('Closed', dateTime(ticket.closedAt)),
    ),
  )
}

function crmNote(note) {
  const full = drawEmoji(sanitizedHtml(note.body))
  const text = textOf(full)
  const long = text.length > NOTE_EXCERPT_CHARS
  // Cut at the last word boundary before the limit.
  const cut = text.slice(0, NOTE_EXCERPT_CHARS).replace(/\s+\S*$/, '')
  const excerpt = drawEmoji(el('p', { className: 'excerpt' }, long ? `${cut}…` : text || '(empty note)'))
  const item = el(
    'li',
    { className: 'note', dataset: { note: note.id } },
    el('div', { className: 'meta' }, `${dateTime(note.at)} · on the ${note.on.join(' and the ')}`),
  )
  const show = (expanded) => {
    item.replaceChildren(item.firstChild, expanded ? el('div', { className: 'note-full' }, full) : excerpt)
    if (!long) return
    item.append(
      el(
        'button',
        {
          type: 'button',
          className: 'link-button note-toggle',
          'aria-expanded': String(expanded),
          onclick: () => {
            if (expanded) expandedNotes.delete(note.id)
            else expandedNotes.add(note.id)
            show(!expanded)
          },
        },
        expanded ? 'Show less' : 'Show the full note',
      ),
    )
  }
  show(expandedNotes.has(note.id))
  return item
}

function crmNotes(notes, ticket) {
  const none = ticket?.stage?.closed ? 'None.' : 'None yet: the transcript is written here when the session ends.'
  return crmSection(
    'notes',
    `Notes (${notes.length})`,
    null,
    notes.length > 0 ? el('ol', { className: 'notes' }, notes.map(crmNote)) : el('p', { className: 'muted' }, none),
  )
}

function renderCrm(crm) {
  renderIfChanged('crm', crm, () => {
    const slot = $('crm-slot')
    if (!crm) return slot.replaceChildren(el('p', { className: 'muted' }, 'No conversation selected.'))
    if (!crm.conversationId)
      return slot.replaceChildren(el('p', { className: 'muted' }, 'No Botpress session is linked to this thread.'))
    slot.replaceChildren(crmContact(crm.contact), crmTicket(crm.ticket), crmNotes(crm.notes, crm.ticket))
  })
}

// ---- State ----------------------------------------------------------------------------------------------------

let pollTimer

async function refresh() {
  const query = ui.selectedThread ? `?thread=${encodeURIComponent(ui.selectedThread)}` : ''
  try {
    const state = await fetch(`/api/state${query}`).then((response) => response.json())
    ui.limits = state.limits
    renderCustomers(state.customers, state.inbox.threads)
    renderRouting(state.inbox.agents, state.inbox.routing)
    renderAgents(state.inbox.agents)
    renderThreads(state.inbox.threads)
    renderThread(state.inbox.selected, state.inbox.agents)
    renderCrm(state.crm)
    renderActivity(state.activity)
    document.body.dataset.ready = 'true'
  } catch {
    // The sandbox may be stopping or restarting; the next poll tries again.
  }
}

async function poll() {
  await refresh()
  pollTimer = setTimeout(poll, POLL_MS)
}

// ---- Wiring -------------------------------------------------------------------------------------------------

function wireCustomer() {
  $('say-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const input = $('say-text')
    const text = input.value.trim()
    if (!text) return
    input.value = ''
    say(text)
  })
  $('say-file').addEventListener('change', (event) => {
    const file = event.target.files[0]
    if (!file) return
    if (tooLarge('customer', file)) return void (event.target.value = '')
    act('customer', [], async () => {
      const upload = await readFile(file)
      event.target.value = ''
      const kind = file.type.startsWith('image/') ? 'image' : 'file'
      await post('/api/customer/upload', { customer: ui.customer, kind, file: upload })
    })
  })
  $('escalate-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const form = Object.fromEntries(FORM_FIELDS.map((name) => [name, fieldValue(event.target.elements[name])]))
    if (!form.title.trim())
      return showError('customer', new Error('Give the handoff a title: the agent sees it first.'))
    act('customer', [$('escalate')], () => post('/api/customer/escalate', { ...form, customer: ui.customer }))
  })
  $('end-session').addEventListener('click', () =>
    act('customer', [$('end-session')], () => post('/api/customer/end', { customer: ui.customer })),
  )
}

/** The editor's content as paragraphs: Chromium writes the first line as bare text and the next ones in divs. */
function composerHtml(editor) {
  const blocks = []
  let inline = ''
  const flush = () => {
    if (inline.trim()) blocks.push(`<p>${inline}</p>`)
    inline = ''
  }
  for (const node of editor.childNodes) {
    const isBlock = node.nodeType === Node.ELEMENT_NODE && /^(DIV|P|UL|OL|BLOCKQUOTE)$/.test(node.tagName)
    if (!isBlock) {
      inline += node.nodeType === Node.TEXT_NODE ? escapeHtml(node.textContent) : (node.outerHTML ?? '')
      continue
    }
    flush()
    blocks.push(node.tagName === 'DIV' ? `<p>${node.innerHTML}</p>` : node.outerHTML)
  }
  flush()
  return blocks.join('')
}

/** Refuses a file above the sandbox's limit at once, naming the limit, instead of uploading it to be refused. */
function tooLarge(pane, file) {
  if (file.size <= ui.limits.uploadBytes) return false
  const mb = (bytes) => `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB`
  showError(
    pane,
    new Error(
      `${file.name} is ${mb(file.size)}: the sandbox takes files up to ${mb(ui.limits.uploadBytes)}. Pick a smaller file.`,
    ),
  )
  return true
}

/** The CRM panel beside the thread; where the window is narrow it folds, and record links open it. */
function showCrm(open) {
  ui.crmOpen = open
  remember()
  $('crm').classList.toggle('open', open)
  $('crm-toggle').setAttribute('aria-expanded', String(open))
}

function wireCrm() {
  showCrm(ui.crmOpen)
  $('crm-toggle').addEventListener('click', () => showCrm(!ui.crmOpen))
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[data-crm-link]')
    if (!link) return
    event.preventDefault()
    showCrm(true)
    const section = document.querySelector(`#crm-slot [data-crm="${link.dataset.crmLink}"]`) ?? $('crm')
    section.scrollIntoView({ block: 'nearest' })
    section.classList.remove('flash')
    void section.offsetWidth
    section.classList.add('flash')
  })
}

function wireInbox() {
  $('me').addEventListener('change', (event) => {
    ui.me = event.target.value
    remember()
  })
  $('routing').addEventListener('change', (event) =>
    act('inbox', [$('routing')], () => post('/api/inbox/routing', { actorId: event.target.value || null })),
  )
  $('assign').addEventListener('click', () =>
    act('inbox', [$('assign')], () =>
      post('/api/inbox/assign', { threadId: ui.selectedThread, actorId: $('assignee').value || null }),
    ),
  )
  $('close-thread').addEventListener('click', () =>
    act('inbox', [$('close-thread')], () => post('/api/inbox/close', { threadId: ui.selectedThread })),
  )
  const form = $('reply-form')
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'mode') return
    const commenting = event.target.value === 'comment'
    form.classList.toggle('commenting', commenting)
    form.querySelector('.toolbar').hidden = commenting
    $('reply-file-label').hidden = commenting
    $('editor').dataset.placeholder = commenting ? 'Write a note only your team sees…' : 'Write a reply…'
  })
  for (const tool of form.querySelectorAll('.tool')) {
    // Keep the editor's selection: the toolbar acts on it.
    tool.addEventListener('mousedown', (event) => event.preventDefault())
    tool.addEventListener('click', () => {
      const command = tool.dataset.command
      const value = command === 'createLink' ? window.prompt('Link address', 'https://') : undefined
      if (command === 'createLink' && !value) return
      document.execCommand(command, false, value)
    })
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const editor = $('editor')
    const text = editor.innerText.trim()
    const commenting = form.elements.mode.value === 'comment'
    const file = $('reply-file').files[0]
    if (!commenting && !text && !file)
      return showError('inbox', new Error('Write a reply or attach a file, then Send.'))
    if (commenting && !text) return showError('inbox', new Error('Write the comment first, then Send.'))
    if (!commenting && file && tooLarge('inbox', file)) return
    act('inbox', [$('reply-send')], async () => {
      if (commenting) await post('/api/inbox/comment', { threadId: ui.selectedThread, actorId: ui.me, text })
      else
        await post('/api/inbox/reply', {
          threadId: ui.selectedThread,
          actorId: ui.me,
          text,
          // HubSpot's composer sends HTML along with the plain text.
          richText: text ? composerHtml(editor) : '',
          attachment: file ? await readFile(file) : undefined,
        })
      editor.replaceChildren()
      $('reply-file').value = ''
    })
  })
}

wireCustomer()
wireInbox()
wireCrm()
poll()
window.addEventListener('beforeunload', () => clearTimeout(pollTimer))
