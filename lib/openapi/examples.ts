// One valid request per operation, for the reference ("Example Value") and the contract test, which sends
// each to a fresh local stack. A fresh stack has requisition `req-sales-sh` and interviewer `iv-demo`; other
// ids here name nothing, so those requests get a documented problem (404), never a 400: the unit test
// parses every example with its route's schemas.
import type { RouteExample } from "../routes/route-spec.js";

const CANDIDATE = "cand-example";
const APPLICATION = "app-example";
const EMAIL = "amy.recruiter@example.com";
/** Far enough ahead to stay in the future for years; inside iv-demo's working hours in Shanghai. */
const LATER = "2030-03-05T02:00:00Z";

const REQUISITION = {
  title: "大客户销售经理（北京）",
  locale: "zh-CN",
  location: "北京",
  roleFamily: "sales",
  ownerEmail: "owner@example.com",
  budget: { min: 300000, max: 450000, currency: "CNY" },
  screening: { requiredKeywords: ["销售"], bonusKeywords: ["SaaS"], minYearsExperience: 3, locations: ["北京"] },
};
const OFFER_POLICY = {
  budget: { min: 300000, max: 420000, currency: "CNY" },
  ownerEmail: "owner@example.com",
  ownerName: "Li Wei",
  approvalChain: [
    { name: "Hiring manager", approvers: [{ email: "manager@example.com", name: "Zhang Min" }], required: 1 },
    { name: "Finance (out of budget only)", approvers: [{ email: "finance@example.com", name: "Chen Jing" }], required: 1, when: "out-of-budget" },
  ],
};

export const REQUEST_EXAMPLES: Readonly<Record<string, RouteExample>> = {
  // ---- HR API ----
  listCandidates: { query: { limit: "10" } },
  getCandidate: { params: { candidateId: CANDIDATE } },
  getApplication: { params: { candidateId: CANDIDATE, applicationId: APPLICATION } },
  overrideScreen: { params: { candidateId: CANDIDATE, applicationId: APPLICATION }, body: { decision: "advance", reason: "Strong enterprise sales record despite fewer years" } },
  putRequisition: { params: { requisitionId: "req-example-bj" }, body: REQUISITION },
  listDeadLetters: { query: { limit: "10" } },
  replayDeadLetter: { params: { deadLetterId: "dl-example" } },
  getPreferences: { params: { candidateId: CANDIDATE } },
  putPreferences: { params: { candidateId: CANDIDATE }, body: { channel: "sms", caresAbout: ["flexible hours"], bestTime: "weekday evenings", language: "en", consents: { "talent-pool": { granted: true } } } },
  putConsent: { params: { candidateId: CANDIDATE }, body: { granted: true, expiresAt: "2031-01-01T00:00:00Z" } },
  getReEngagement: { params: { candidateId: CANDIDATE } },
  putReEngagement: { params: { candidateId: CANDIDATE }, body: { fireAt: LATER, nurture: true } },
  cancelReEngagement: { params: { candidateId: CANDIDATE } },
  recordPolicyChange: { body: { summary: "Remote work two days a week for sales roles" } },
  putOfferPolicy: { params: { requisitionId: "req-sales-sh" }, body: OFFER_POLICY },
  putOfferDraft: {
    params: { candidateId: CANDIDATE, offerId: "offer-example" },
    body: {
      applicationId: APPLICATION,
      locale: "zh-CN",
      parts: {
        basePay: { amount: 25000, currency: "CNY", period: "month", monthsPerYear: 14 },
        commission: { kind: "formula", rate: 0.05, base: "revenue", threshold: 200000, period: "quarter", example: { achieved: 500000, payout: 15000 } },
        bonus: { kind: "target", targetPercent: 10, basis: "company targets" },
        benefits: ["五险一金"],
        probation: { months: 3, payPercent: 80 },
        startDate: "2030-06-01",
        location: "上海",
        responseDeadline: "2030-05-08T10:00:00+08:00",
      },
      candidateExpectation: { amount: 30000, currency: "CNY", period: "month", monthsPerYear: 13 },
      competingOffer: false,
    },
  },
  getOffer: { params: { candidateId: CANDIDATE, offerId: "offer-example" } },
  submitOffer: { params: { candidateId: CANDIDATE, offerId: "offer-example" } },
  recordOfferFact: { params: { candidateId: CANDIDATE, offerId: "offer-example" }, body: { kind: "competing-offer", note: "另一家公司给了 40 万 / Another company offered 400k", idempotencyKey: "call-2030-05-06" } },
  getTask: { params: { taskId: "task-example" } },
  completeTask: { params: { taskId: "task-example" }, body: { resolution: "Called the candidate: the start date works" } },
  completeTaskLegacy: { params: { taskId: "task-example" }, body: { resolution: "Called back, interview confirmed" } },
  cancelTask: { params: { taskId: "task-example" }, body: { reason: "The candidate withdrew" } },
  putInterviewer: { params: { interviewerId: "iv-example" }, body: { name: "Wang Fang", email: "wang.fang@example.com", title: { "zh-CN": "销售总监", en: "Sales director" }, tags: ["sales", "saas"] } },
  putAvailability: { params: { interviewerId: "iv-demo" }, body: { availability: [{ startsAt: "2030-03-05T01:00:00Z", endsAt: "2030-03-05T09:00:00Z" }] } },
  listSlots: { params: { interviewerId: "iv-demo" }, query: { candidateId: CANDIDATE, durationMinutes: "60", days: "7" } },
  scheduleInterview: { body: { candidateId: CANDIDATE, applicationId: APPLICATION, interviewerId: "iv-demo", startsAt: LATER, durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/interview", recruiterEmail: EMAIL } },
  listInterviews: { params: { candidateId: CANDIDATE } },
  rescheduleInterview: { params: { candidateId: CANDIDATE, interviewId: "iv-int-example" }, body: { startsAt: "2030-03-06T02:00:00Z", expectedVersion: 1 } },
  cancelInterview: { params: { candidateId: CANDIDATE, interviewId: "iv-int-example" }, body: { reason: "The role was filled" } },
  recordInterviewOutcome: { params: { candidateId: CANDIDATE, interviewId: "iv-int-example" }, body: { outcome: "attended" } },
  sendSchedulingLink: { params: { candidateId: CANDIDATE, applicationId: APPLICATION }, body: { interviewerId: "iv-demo", mode: "video", videoUrl: "https://meet.example.com/demo", recruiterEmail: EMAIL, validDays: 7 } },
  putTeamChatRobots: { params: { teamId: "team-sales" }, body: { robots: [{ kind: "wecom", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=example" }] } },
  flagPriority: { params: { candidateId: CANDIDATE }, body: { applicationId: APPLICATION, mustInterviewBy: LATER, recruiterEmail: EMAIL, note: "Ex-competitor enterprise lead" } },
  listPriorityFlags: {},
  postReassurance: { params: { candidateId: CANDIDATE }, body: { applicationId: APPLICATION, kind: "resume-read" } },
  suggestInterviewers: { params: { candidateId: CANDIDATE }, query: { applicationId: APPLICATION, limit: "3" } },
  // ---- talent pool ----
  getTalentCandidate: { params: { candidateId: CANDIDATE } },
  exportCandidate: { params: { candidateId: CANDIDATE } },
  eraseCandidate: { params: { candidateId: "cand-erase-example" } },
  searchTalent: { query: { status: "rejected", minRating: "4", limit: "10" } },
  recordTalentChange: { params: { candidateId: CANDIDATE }, body: { type: "status", status: "contacted", reason: "Reached by phone", idempotencyKey: "change-example-1" } },
  logCall: { params: { candidateId: CANDIDATE }, body: { attemptKey: "call-example-1", at: "2030-03-05T06:30:00Z", outcome: "no-answer", note: "Voicemail" } },
  startRecall: { params: { candidateId: CANDIDATE }, body: { requisitionId: "req-sales-sh", channel: "sms" } },
  recordRecallOutcome: { params: { candidateId: CANDIDATE, recallId: "recall-example" }, body: { outcome: "interested" } },
  mergeCandidates: { body: { survivorId: CANDIDATE, duplicateId: "cand-duplicate", reason: "Same person, two phone numbers" } },
  reindexTalent: { query: { limit: "50" } },
  getBestTime: { query: { roleFamily: "sales" } },
  putExperiment: { params: { experimentId: "exp-subject-line" }, body: { name: "Subject line: role vs company", roleFamily: "sales", arms: ["role-first", "company-first"] } },
  getExperiment: { params: { experimentId: "exp-subject-line" } },
  assignExperimentArm: { params: { experimentId: "exp-subject-line" }, body: { candidateId: CANDIDATE } },
  recordExperimentResponse: { params: { experimentId: "exp-subject-line" }, body: { candidateId: CANDIDATE } },
  getImport: { params: { importId: "import-example" }, query: { outcome: "rejected" } },
  putImportMapping: { params: { source: "boss" }, body: { columns: { 姓名: "name", 手机: "phone", 邮箱: "email", 期望薪资: "expectedSalary" } } },
  // ---- webhooks (the contract test signs the generic one with the stack's secret) ----
  receiveWebhook: {
    params: { source: "generic" },
    body: {
      event: "application.created",
      candidate: { name: "王小明", email: "xiaoming@example.com", phone: "13800138000", locale: "zh-CN", timeZone: "Asia/Shanghai" },
      application: { requisitionId: "req-sales-sh", externalId: "board-app-1001", resumeText: "5年SaaS大客户销售经验", yearsExperience: 5, location: "上海" },
    },
  },
  // ---- console pages ----
  consoleSearchPage: { query: { status: "rejected", lang: "en" } },
  consoleCandidatePage: { params: { candidateId: CANDIDATE }, query: { lang: "en" } },
  consoleExperimentPage: { params: { experimentId: "exp-subject-line" }, query: { lang: "en" } },
  consoleImportPage: { params: { importId: "import-example" }, query: { lang: "en" } },
  consoleLogCall: { params: { candidateId: CANDIDATE }, body: { attemptKey: "console-call-example-1", outcome: "reached", note: "Interested, call back Friday" } },
  consoleBestTimePage: { query: { lang: "en" } },
  consoleRequisitionBoardPage: { params: { requisitionId: "req-sales-sh" }, query: { lang: "en" } },
  consoleEditRequisitionPage: { params: { requisitionId: "req-sales-sh" } },
  consoleSaveRequisition: { params: { requisitionId: "req-example-console" }, body: { requisition: REQUISITION, offerPolicy: OFFER_POLICY } },
  consoleOverrideScreen: { params: { candidateId: CANDIDATE, applicationId: APPLICATION }, body: { decision: "hold", reason: "Waiting for the hiring manager" } },
  consoleRecordTalentChange: { params: { candidateId: CANDIDATE }, body: { type: "note", text: "Prefers a call after 18:00" } },
  consoleBulkTalentChange: { body: { batchKey: "bulk-example-1", candidateIds: [CANDIDATE, "cand-example-2"], addTag: "2030-campus" } },
  consoleNotFound: { params: { proxy: "no-such-page" } },
  consolePutPreferences: { params: { candidateId: CANDIDATE }, body: { channel: "email", bestTime: "weekday mornings" } },
  consoleRecallPage: { params: { requisitionId: "req-sales-sh" }, query: { lang: "zh-CN" } },
  consoleImportsPage: { query: { lang: "en" } },
  consoleReportsPage: { query: { lang: "en" } },
  consoleHiringReportPage: { query: { lang: "zh-CN", period: "90" } },
  getHiringReport: { query: { period: "90" } },
  consoleSchedulePage: { params: { candidateId: CANDIDATE }, query: { applicationId: APPLICATION, lang: "en" } },
  consoleScheduleInterview: { body: { candidateId: CANDIDATE, applicationId: APPLICATION, interviewerId: "iv-example", startsAt: "2030-06-03T02:00:00.000Z", durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/abc", recruiterEmail: "recruiter@example.com" } },
  consoleSendSchedulingLink: { params: { candidateId: CANDIDATE, applicationId: APPLICATION }, body: { interviewerId: "iv-example", durationMinutes: 45, mode: "video", videoUrl: "https://meet.example.com/abc", recruiterEmail: "recruiter@example.com", validDays: 5 } },
  consoleOfferPage: { params: { candidateId: CANDIDATE, offerId: "offer-example-console" }, query: { lang: "zh-CN" } },
  consoleSaveOfferDraft: { params: { candidateId: CANDIDATE, offerId: "offer-example-console" }, body: { applicationId: APPLICATION, parts: { basePay: { amount: 30000, currency: "CNY", period: "month", monthsPerYear: 13 } } } },
  consoleSubmitOffer: { params: { candidateId: CANDIDATE, offerId: "offer-example-console" } },
  consoleTasksPage: { query: { kind: "offer,interview", lang: "zh-CN" } },
  consoleCompleteTask: { params: { taskId: "task-example" }, body: { resolution: "Answered: the sign-on bonus is paid with the first salary" } },
  consoleCancelTask: { params: { taskId: "task-example" }, body: { reason: "The candidate withdrew" } },
  // ---- the reference ----
  getOpenApiDocument: {},
  getApiReference: {},
  getApiReferenceAsset: { params: { asset: "swagger-ui.css" } },
  getProblemType: { params: { code: "validation-failed" } },
  // ---- local only ----
  localIssueToken: { query: { role: "recruiter", email: "amy@example.com" } },
  localListMessages: { query: { channel: "email", limit: "5" } },
  localSteerClock: { body: { advance: "PT1M" } },
  localInboundSms: { body: { from: "+8613800138000", body: "STOP" } },
};
