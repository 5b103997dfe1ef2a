// HTML for people: escaping, and the page shell every server-rendered page shares (zh-CN-friendly
// fonts, a readable column). Pages add only their own CSS.
import type { Locale } from "./model.js";

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function htmlPage(options: { locale: Locale; title: string; body: string; css?: string; maxWidthPx?: number }): string {
  const { locale, title, body, css = "", maxWidthPx = 560 } = options;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",Arial,sans-serif;max-width:${maxWidthPx}px;margin:32px auto;padding:0 16px;color:#1f2937}
${css}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
