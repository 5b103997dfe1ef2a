// How each webhook source signs its deliveries, for the API reference. The verification itself lives in
// lambdas/core/intake (webhook-signature.ts, ats-webhooks.ts, lever-webhook.ts, feishu-webhook.ts); a test
// checks that every source the intake accepts has a row here.

export interface WebhookSourceDoc {
  readonly source: string;
  readonly signature: string;
  readonly deliveryId: string;
  readonly reference: string;
}

export const WEBHOOK_SOURCES: readonly WebhookSourceDoc[] = [
  {
    source: "generic",
    signature:
      '`X-Hirepath-Signature: v2=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` with `X-Hirepath-Timestamp` (unix seconds, within ±5 minutes). v1 (`sha256=<hex>` of the body alone) is refused unless WEBHOOK_GENERIC_V1=accept.',
    deliveryId: "`X-Hirepath-Delivery` (the idempotency key)",
    reference: "this API: the body is the GenericApplicationWebhook schema below",
  },
  { source: "greenhouse", signature: "`Signature: sha256 <hex HMAC-SHA256(secret, body)>`", deliveryId: "`Greenhouse-Event-ID`, else a hash of the body", reference: "developers.greenhouse.io/webhooks.html" },
  { source: "ashby", signature: "`Ashby-Signature: sha256=<hex HMAC-SHA256(secret, body)>`", deliveryId: "`applicationSubmit-<application id>`", reference: "developers.ashbyhq.com/docs/authenticating-webhooks" },
  { source: "workable", signature: "`X-Workable-Signature: <hex HMAC-SHA256(secret, body)>`", deliveryId: "`<firing_rule>-<id>`", reference: "workable.readme.io/reference/webhooks" },
  { source: "moka", signature: "`?sign=<hex HMAC-SHA256(secret, body)>` in the URL", deliveryId: "the body's `id`", reference: "mokahr.moyincloud.com (webhooks的安全保障)" },
  {
    source: "lever",
    signature: "`signature` in the body: hex HMAC-SHA256(signature token, `token` + `triggeredAt`), `triggeredAt` within ±5 minutes",
    deliveryId: "`<token>-<triggeredAt>`",
    reference: "hire.lever.co/developer/documentation (Webhooks)",
  },
  {
    source: "feishu",
    signature:
      "`X-Lark-Signature`: hex sha256(`X-Lark-Request-Timestamp` + `X-Lark-Request-Nonce` + Encrypt Key + body), timestamp within ±5 minutes; `{\"encrypt\": …}` bodies are AES-256-CBC with key sha256(Encrypt Key); the `url_verification` challenge is echoed only with our Verification Token",
    deliveryId: "`header.event_id`",
    reference: "open.feishu.cn (事件订阅概述)",
  },
];

export function webhookSourcesMarkdown(): string {
  const rows = WEBHOOK_SOURCES.map((s) => `| \`${s.source}\` | ${s.signature} | ${s.deliveryId} | ${s.reference} |`);
  return [
    "Job boards sign each delivery; `POST /webhooks/{source}` verifies the source's own scheme against the raw bytes, with the per-source secret kept in Secrets Manager (locally `.data/secrets.json`). A refused delivery gets 401 and is kept as a dead letter.",
    "",
    "| source | signature | delivery id | docs |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}
