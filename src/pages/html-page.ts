import type { Response } from '@botpress/sdk'
import { escapeHtml } from '../render/escape-html'

/** A short page for the person who went through a connect flow in their browser, with an optional way onwards. */
export function htmlPage(
  status: number,
  title: string,
  message: string,
  link?: { href: string; text: string },
): Response {
  const onwards = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${onwards}</body></html>`,
  }
}
