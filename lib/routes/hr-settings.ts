// HR API rows for the deployment's sending rules (core/outreach/sending-rules.ts): quiet hours in the
// candidate's time zone and the daily message cap. Every HR role reads them; admins change them, as the
// other settings (chat robots, message templates). Function: HrApi.
import { READERS } from "../../lambdas/core/access/roles.js";
import { SendingRulesBody } from "../../lambdas/core/outreach/sending-rules.js";
import { route } from "./route-spec.js";

const fn = "HrApi" as const;
const APPLIES =
  "Every journey (application, interview, self-scheduling link, offer, pre-onboarding, nurture, recall, call follow-up) reads the rules when it plans a message, so a change applies to the next message planned. A message already held (see `heldMessages` on GET /hr/candidates/{candidateId}) keeps the time it was planned for; its `message.held` event names the `rulesVersion` it was planned under. Quiet hours also keep interview slots and bookings out of the candidate's night.";
const FIELDS =
  "`quietHours` is `{start, end}` as HH:MM in the candidate's own time zone (an `end` earlier than `start` crosses midnight: 21:00–08:00), or null for no quiet hours; `start` and `end` must differ. `dailyCap` is 1–20 messages per candidate per local day.";

export const hrSettingsRoutes = [
  route({ method: "GET", path: "/hr/settings/sending", fn, auth: "jwt", roles: READERS, operationId: "getSendingRules", summary: "Quiet hours and the daily cap", description: `The sending rules in force: \`quietHours\`, \`dailyCap\`, their \`version\` (0 and \`source: "default"\` while nobody saved any: the deployment's default, from QUIET_HOURS_START / QUIET_HOURS_END / DAILY_MESSAGE_CAP, else 21:00–08:00 and 3), who saved them and when, and the last 20 versions (the audit). ${FIELDS} ${APPLIES}`, tags: ["Settings"], responses: { 200: { description: "The sending rules" } } }),
  route({ method: "PUT", path: "/hr/settings/sending", fn, auth: "jwt", roles: ["admin"], operationId: "putSendingRules", summary: "Change quiet hours and the daily cap", description: `Saves the rules as a new version. \`expectedVersion\` is the version read (0 when never saved): if someone saved in between, the answer is 409 concurrent-change (with \`currentVersion\`) and nothing is written. A refused field comes back as 400 validation-failed with its path: \`quietHours.start\`, \`quietHours.end\` (\`invalid_format\`; \`custom\` when it equals start), \`dailyCap\` (\`too_small\`, \`too_big\`, \`invalid_type\`). ${FIELDS} ${APPLIES}`, tags: ["Settings"], body: { type: "json", schema: SendingRulesBody }, problems: ["concurrent-change"], responses: { 200: { description: "The sending rules as saved" } } }),
  route({ method: "PUT", path: "/hr/console/settings/sending", fn, auth: "console-session", roles: ["admin"], operationId: "consoleSaveSendingRules", summary: "Save quiet hours and the daily cap from the settings page", description: "The same as PUT /hr/settings/sending, with the session cookie and its CSRF token.", tags: ["Console"], body: { type: "json", schema: SendingRulesBody }, problems: ["concurrent-change"], responses: { 200: { description: "The sending rules as saved" } } }),
] as const;
