// The two documents `npm run openapi` writes: the API every deployment serves (from the route table) and
// the local-only routes `npm start` adds. Both are committed; test/unit/openapi.test.ts fails when either
// differs from what this module builds, so a route or schema change must come with `npm run openapi`.
import { fileURLToPath } from "node:url";
import { httpRoutes } from "../http-routes.js";
import { buildOpenApiDocument } from "./openapi-document.js";
import { localRoutes } from "./local-routes.js";

export const OPENAPI_FILE = fileURLToPath(new URL("./openapi.json", import.meta.url));
export const LOCAL_OPENAPI_FILE = fileURLToPath(new URL("./local.openapi.json", import.meta.url));

const TAGS = [
  { name: "Account", description: "Who is signed in." },
  { name: "Candidates", description: "People, their applications, timeline and preferences." },
  { name: "Requisitions", description: "Open positions: budget (annual, in the requisition's currency), keyword rules, owner." },
  { name: "Interviews", description: "Interviewers, availability, scheduling, outcomes and priority flags." },
  { name: "Offers", description: "Offer policies, drafts, review and submission." },
  { name: "Tasks", description: "The HR inbox." },
  { name: "Talent pool", description: "Search, changes, calls, imports, resumes, merges." },
  { name: "Recall", description: "Bringing past candidates back when a role opens." },
  { name: "Re-engagement", description: "Months-later nurture and consent." },
  { name: "Experiments", description: "Message experiments and their verdicts." },
  { name: "Privacy", description: "Export and erasure (admin)." },
  { name: "Teams", description: "Team chat robots." },
  { name: "Settings", description: "The deployment's sending rules: quiet hours in the candidate's time zone and the daily message cap." },
  { name: "Webhooks", description: "Signed deliveries from job boards, and the dead letters kept when one is refused." },
  { name: "Links", description: "Pages candidates, approvers and owners open from a message. GET shows; only the page's POST acts." },
  { name: "Console", description: "The HR console's server-rendered pages (cookie session from Cognito managed login)." },
  { name: "Reference", description: "This document, the reference and the problem types." },
  { name: "Local", description: "Only under `npm start`: emulators and the local token issuer." },
];

const VERSION = "1.0.0";

export function apiDocument() {
  return buildOpenApiDocument(httpRoutes, {
    title: "Hirepath API",
    version: VERSION,
    tags: TAGS,
    description: [
      "Candidate-journey automation for HR teams. HR routes take a Cognito JWT (`Authorization: Bearer …`) whose `cognito:groups` are the caller's roles: `admin`, `recruiter`, `hiring-manager`, `executive`. Each operation lists the roles it allows (`x-roles`).",
      "Job boards post signed webhooks (see the `webhookSignature` scheme). Candidates and approvers open signed, expiring links.",
    ].join("\n\n"),
  });
}

export function localDocument() {
  return buildOpenApiDocument(localRoutes, {
    title: "Hirepath local stack",
    version: VERSION,
    tags: TAGS,
    localOnly: true,
    description: "Routes only `npm start` serves: the outbox's JSON API (what the SES and SMS emulators sent, simulated receipts and replies), the local token issuer (Cognito's stand-in), the team-chat receiver and the journey clock (`/local/clock`). None of them exists on AWS.",
  });
}

/** Stable text: two-space JSON and a final newline, so a regenerated file diffs cleanly. */
export const serialize = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
