// Every problem `code` the API answers, with its status and what it means. A problem's `type` is
// `/problems/<code>` (RFC 9457 §3.1.1: a URI reference, resolved against the request's URL), a page the
// API itself serves from this catalogue, and the API reference (/docs) lists the same entries. A code
// missing here fails the tests that check every problem a handler answers.

export interface ProblemType {
  readonly status: number;
  readonly title: string;
  /** What happened and what the caller can do about it. */
  readonly meaning: string;
}

const t = (status: number, title: string, meaning: string): ProblemType => ({ status, title, meaning });

export const PROBLEM_TYPES = {
  // ---- the request itself ----
  "validation-failed": t(400, "The request is not valid", "A path parameter, query parameter or body field is wrong. `errors` lists each one with its field path (`candidate.phone`), a message and a code; a union names its discriminator and the values it allows."),
  "unsupported-media-type": t(415, "Unsupported content type", "The body's `Content-Type` is not one this route accepts. `accepted` lists the ones it does."),
  "method-not-allowed": t(405, "Method not allowed", "The path exists, but not with this method. The `Allow` header (and `allowed`) lists the methods it has."),
  "route-not-found": t(404, "No such route", "No route has this path. The API reference at /docs lists every route."),
  "payload-too-large": t(413, "The request body is too large", "Bodies are limited to 6 MB (Lambda's synchronous payload limit); webhooks to the size in `limitBytes`."),
  throttled: t(429, "Too many requests", "This caller (the signed-in user; on routes without sign-in, the source address) sent more than its limit this minute (`limit`, RATE_LIMIT_PER_MINUTE, default 600). Retry after the seconds in the `Retry-After` header and `retryAfterSeconds`."),
  merged: t(400, "The record was merged", "The person was merged into another record; `detail` names the survivor. Use its id."),
  // ---- who is calling ----
  unauthenticated: t(401, "Sign in first", "No bearer token, or one that failed verification (signature, issuer, app client, expiry). Get a token from Cognito (locally: /local/auth/token?role=…)."),
  forbidden: t(403, "Your role does not allow this", "The caller's Cognito groups do not include a role this route allows. `detail` names the route and the roles it needs."),
  "csrf-rejected": t(403, "The form's CSRF token is missing or wrong", "A console form posted without the page's `x-csrf-token`, or from another origin. Reload the page and try again."),
  "signature-invalid": t(401, "The request is not authenticated", "A signature did not verify."),
  "signature-missing": t(401, "The webhook has no signature", "The source's signature header (or parameter) is absent. The delivery is kept as a dead letter."),
  "signature-malformed": t(401, "The webhook signature is malformed", "The signature header is present but not in the source's format. The delivery is kept as a dead letter."),
  "signature-mismatch": t(401, "The webhook signature does not match", "The HMAC over the raw body (and timestamp, where signed) differs from the one sent: a wrong secret, or a body changed in transit. The delivery is kept as a dead letter."),
  "signature-scheme-deprecated": t(401, "The signature scheme is deprecated", "The generic scheme's v1 (`sha256=` over the body alone) is refused unless WEBHOOK_GENERIC_V1=accept. Sign with v2: `v2=<hex HMAC-SHA256 of \"<timestamp>.<raw body>\">`."),
  "timestamp-missing": t(401, "The webhook has no timestamp", "The source's signed timestamp is absent."),
  "timestamp-stale": t(401, "The webhook timestamp is stale", "The signed timestamp is more than 5 minutes from now, so the delivery may be a replay."),
  "token-mismatch": t(401, "The verification token does not match", "Feishu's URL check carried a verification token other than ours."),
  "decryption-failed": t(401, "The webhook could not be decrypted", "An encrypted (Feishu) body did not decrypt with our Encrypt Key."),
  "delivery-id-missing": t(401, "The webhook has no delivery id", "The delivery id (the idempotency key) is absent, so a retry could not be recognised."),
  "link-invalid": t(401, "This link is not valid", "The link's signature does not verify: it was changed or cut short. Open it from the message again."),
  "sign-in-expired": t(400, "The sign-in expired", "The console's sign-in was started too long ago or in another tab (its state does not match). Start again from the sign-in page."),
  "sign-in-refused": t(400, "The sign-in was refused", "The identity provider refused the sign-in or sent no code. Start again from the sign-in page."),
  "link-expired": t(410, "This link has expired", "Signed links expire. Ask for a new one."),
  // ---- what the request acts on ----
  "not-found": t(404, "Not found", "The record named in the path does not exist (or was erased)."),
  "unknown-source": t(404, "Unknown webhook source", "`{source}` is not one of the job boards Hirepath verifies."),
  "source-not-configured": t(404, "The webhook source has no secret", "The source is known but its secret is not in the secret store yet."),
  "already-exists": t(409, "Already exists", "A record with this id or key exists."),
  "concurrent-change": t(409, "Changed by someone else; reload and retry", "The record changed since you read it (`expectedVersion`), or another request won a race. Read it again and retry."),
  "already-closed": t(409, "Already closed", "The task was closed (or cancelled) already. `task` is its current state; a retry of the same close is safe to ignore."),
  "link-used": t(409, "This link was already used", "Single-use links act once."),
  "slot-not-offered": t(409, "That time is not offered", "The time picked is past, or was never one of the offered slots. The page (or `slots`) lists the open ones."),
  "already-decided": t(409, "Already decided", "The offer step this link decides was decided already, by this link or another way. Nothing was changed."),
  "recall-refused": t(409, "The person cannot be recalled now", "The recall would not start: the person has no talent-pool consent, or is not reachable. Nothing was sent."),
  "slot-taken": t(409, "The slot was just taken", "Another booking claimed part of this time. `slots` lists the open ones."),
  "offer-submitted": t(409, "The offer was already submitted", "A submitted offer is no longer a draft, so PUT cannot change it. Record what changed (a competing offer, a question, a new start date) with POST /hr/candidates/{candidateId}/offers/{offerId}/facts."),
  "offer-is-draft": t(409, "The offer is still a draft", "Facts are recorded on a submitted offer; change a draft with PUT /hr/candidates/{candidateId}/offers/{offerId}."),
  "offer-closed": t(409, "The offer is closed", "A declined, withdrawn or failed offer takes no new facts."),
  "consent-missing": t(409, "The candidate has not consented", "Re-engagement needs the candidate's current `re-engagement` consent. Record it in their preferences (PUT /hr/candidates/{candidateId}/preferences) first."),
  "experiment-stopped": t(409, "The experiment is stopped", "A stopped experiment takes no new assignments."),
  "offer-incomplete": t(422, "The offer is incomplete", "A part of the offer is missing or ambiguous. `errors` names each part and field (`parts.commission.example.payout`)."),
  "clock-backwards": t(409, "Journey time only moves forward", "Local stack only (POST /local/clock): the instant asked for is before the clock's now. `now` and `requested` say both; advance or pick a later instant."),
  "offer-policy-missing": t(422, "The requisition has no offer policy", "Set one with PUT /hr/requisitions/{requisitionId}/offer-policy first."),
  // ---- files ----
  "file-rejected": t(400, "The file cannot be accepted", "The upload was refused for what it is; `detail` says why."),
  "file-too-large": t(413, "The file is too large", "`detail` gives the size and the limit."),
  "unsupported-file-type": t(415, "Unsupported file type", "Imports take CSV or XLSX; resumes PDF or DOCX."),
  "corrupt-file": t(400, "The file is corrupt", "The file's bytes do not read as its type."),
  "empty-file": t(400, "The file is empty", "The upload had no bytes, or no rows."),
  "no-rows": t(400, "The file has no rows", "The export has a header but no data rows."),
  "unmapped-columns": t(400, "Columns are not mapped", "No column maps to a required field. Save a mapping for the source (PUT /hr/talent/import-mappings/{source})."),
  "import-not-found": t(404, "Import not found", "No import job has this id."),
  "file-store-unavailable": t(503, "Uploads are unavailable", "No file store is configured, so the file could not be kept."),
  // ---- the server ----
  internal: t(500, "Internal error", "Something failed on our side. Nothing about it is shown; the logs have the request id."),
} as const satisfies Record<string, ProblemType>;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

/** Where the problem types are served (one page per code) by the API itself. */
export const PROBLEM_TYPE_PREFIX = "/problems/";

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_TYPES, code);
}

/** The problem's `type` for its code: a page the API serves, for every code in the catalogue. */
export function problemTypeUri(code: string): string {
  return isProblemCode(code) ? `${PROBLEM_TYPE_PREFIX}${code}` : "about:blank";
}
