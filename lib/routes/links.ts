// Rows for the links candidates, approvers and owners click. GET only shows; anything that changes state
// is a POST from the page, so a mail scanner prefetching a link changes nothing. Functions: PublicLinks
// (signed tokens: portal, unsubscribe, interviews, self-scheduling, recall) and OfferLinks (short ids
// looked up in the table: offer approvals and responses, never the task token).
import { route } from "./route-spec.js";

const page = { 200: { description: "The page", contentType: "text/html" } };
/**
 * A form's answer is a page too, whatever happened: 201 when it started something, a refusal page (in the
 * person's language, naming its problem code) when it was refused; `problems` lists those refusals.
 */
const formAnswer = {
  200: { description: "The page after acting", contentType: "text/html" },
  201: { description: "The page saying what was started (a recall)", contentType: "text/html" },
};
/** What a signed link's page can refuse with: a changed token, and what the interview and recall pages say. */
const signedLinkProblems = ["link-invalid", "link-used", "slot-taken", "slot-not-offered", "concurrent-change", "recall-refused"] as const;
const offerLinkProblems = ["already-decided"] as const;
const form = { type: "raw", contentTypes: ["application/x-www-form-urlencoded"], description: "The page's form: `action` and the fields the page asks for." } as const;

export const publicLinkRoutes = [
  route({ method: "GET", path: "/l/{linkToken}", fn: "PublicLinks", auth: "signed-link", operationId: "openSignedLink", summary: "Open a signed link", description: "The candidate portal, unsubscribe, interview confirm/reschedule/decline, self-scheduling, or a recall brief's link; the token says which, and expires.", tags: ["Links"], problems: signedLinkProblems, responses: page }),
  route({ method: "GET", path: "/s/{linkId}", fn: "PublicLinks", auth: "signed-link", operationId: "openShortLink", summary: "Open an SMS short link", description: "What an SMS links to: a ten-character id the function looks up, standing for one signed link (same purpose, same expiry). It serves that link's page here, so the long token never travels by SMS.", tags: ["Links"], problems: signedLinkProblems, responses: page }),
  route({ method: "POST", path: "/s/{linkId}", fn: "PublicLinks", auth: "signed-link", operationId: "actOnShortLink", summary: "Act on an SMS short link", description: "The short link page's form: the same actions as on the signed link it stands for.", tags: ["Links"], body: form, problems: signedLinkProblems, responses: formAnswer }),
  route({ method: "POST", path: "/l/{linkToken}", fn: "PublicLinks", auth: "signed-link", operationId: "actOnSignedLink", summary: "Act on a signed link", description: "What the page's form posts: unsubscribe, confirm, reschedule, decline, book a slot, the pre-interview form, start a recall.", tags: ["Links"], body: form, problems: signedLinkProblems, responses: formAnswer }),
] as const;

export const offerLinkRoutes = [
  route({ method: "GET", path: "/o/{linkId}", fn: "OfferLinks", auth: "signed-link", operationId: "openOfferLink", summary: "Open an offer link", description: "An approver's approve/reject page or the candidate's accept/decline/question page. Single use, bound to one person, expiring.", tags: ["Links"], problems: offerLinkProblems, responses: page }),
  route({ method: "POST", path: "/o/{linkId}", fn: "OfferLinks", auth: "signed-link", operationId: "actOnOfferLink", summary: "Decide on an offer link", tags: ["Links"], body: form, problems: offerLinkProblems, responses: formAnswer }),
] as const;
