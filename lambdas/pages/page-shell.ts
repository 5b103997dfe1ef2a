// The page shell every server-rendered page shares (zh-CN-friendly fonts, a readable column).
// Pages add only their own CSS.
import { escapeHtml } from "../core/shared/escape-html.js";
import type { Locale } from "../core/shared/model.js";
import type { JobLine } from "../core/portal/link-job.js";

export { escapeHtml };

export type { JobLine };

/** Which job and company: a candidate may have applied to several, and links travel without context. */
export function jobLineHtml(job: JobLine | undefined): string {
  if (!job) return "";
  return `<p class="job" translate="no"><strong>${escapeHtml(job.title)}</strong>${job.company ? ` · ${escapeHtml(job.company)}` : ""}</p>`;
}

export function htmlPage(options: { locale: Locale; title: string; body: string; css?: string; maxWidthPx?: number }): string {
  const { locale, title, body, css = "", maxWidthPx = 560 } = options;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",Arial,sans-serif;max-width:${maxWidthPx}px;margin:32px auto;padding:0 16px;color:#1f2937}
${css}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
