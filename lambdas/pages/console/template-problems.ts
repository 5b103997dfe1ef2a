// A template text's problems in the settings page's language. The API answers with problem+json whose
// field issues carry a stable `code`, the field's `path` and `params` (the variable's name, the segment
// count …); the page words each one itself, in zh-CN or en, from those.
//
// Why the console and not Accept-Language: the problem codes and paths are the API's contract, shared by
// scripts, the OpenAPI reference and tests, and stay one language whatever the caller's headers say; the
// page already knows its language (?lang=, the session) and is the only place a person reads them. The
// same table renders the server's first preview and is handed to the page's script for live problems.
import type { Locale } from "../../core/shared/model.js";
import type { HtmlProblem, TextIssue } from "../../core/outreach/template-text.js";

type Words = {
  codes: Record<Exclude<TextIssue["code"], "html_invalid" | "subject_invalid">, string>;
  optOutMissing: string;
  blockOutOfPlace: string;
  html: Record<HtmlProblem, string>;
  subject: { multiline: string; html: string };
  /** Problem codes of the answer itself (problem+json `code`), for what is not a field issue. */
  answer: Record<string, string>;
  /** Any other answer: %status% is the HTTP status. */
  failed: string;
};

/** `%name%` marks where a param goes: `{{…}}` is what HR writes, so it cannot be the marker. */
export const PROBLEM_WORDS: Record<Locale, Words> = {
  "zh-CN": {
    codes: {
      empty_text: "不能为空。",
      unknown_variable: "{{%variable%}} 不是这个模板可以用的变量。可以用：%allowed%",
      malformed_variable: "变量的 {{ 和 }} 没有成对：请写成 {{candidateName}} 这样。",
      required_variable_missing: "这条消息必须包含 {{%variable%}}：它是这条消息要送达的内容或链接。",
      sms_too_long: "按常见长度的内容，这条短信有 %segments% 条（%encoding%，%characters% 个字符，含签名），这条消息最多 %budget% 条。",
      channel_not_sent: "这条消息只通过邮件发送，没有短信文案。",
    },
    optOutMissing: "短信必须告诉对方如何退订：请加上 {{optOut}}（回复TD退订）。",
    blockOutOfPlace: "{{%variable%}} 是邮件里的一整块内容（表格），只能放在正文里，单独一行。",
    html: {
      not_a_tag: "“%tag%…”不是邮件能用的标签：正文里的“<”请写成 &lt;。",
      tag_not_allowed: "不能使用 %tag%：只能用 b、strong、i、em、u、br、p、ul、ol、li 和 a href。",
      attribute_not_allowed: "%tag%：只有 <a> 可以带属性，而且只能是 href。",
      href_invalid: "%tag%：链接只能指向 {{…Url}} 变量，或 https://、mailto: 地址。",
      href_missing: "<a> 需要 href。",
      void_closed: "%tag% 不需要结束标签。",
      close_mismatch: "%tag% 与前面打开的标签不对应。",
      close_unopened: "%tag% 结束了一个没有打开的标签。",
      nesting_invalid: "%tag% 不能放在这个标签里面。",
      never_closed: "%tag% 没有结束标签。",
    },
    subject: { multiline: "邮件主题只能是一行。", html: "邮件主题是纯文本，不能有 HTML。" },
    answer: { "validation-failed": "请求的格式不对，请刷新页面后再试。", forbidden: "您没有修改模板的权限。", unauthenticated: "登录已过期，请重新登录。" },
    failed: "没有保存成功（HTTP %status%），请稍后再试。",
  },
  en: {
    codes: {
      empty_text: "This cannot be empty.",
      unknown_variable: "{{%variable%}} is not a variable this template can use. It can use: %allowed%",
      malformed_variable: "A {{ without its }} (or the other way round): write variables as {{candidateName}}.",
      required_variable_missing: "This message must carry {{%variable%}}: it is what the message exists to deliver.",
      sms_too_long: "With typical values this SMS is %segments% segments (%encoding%, %characters% characters, signature included); this message may take %budget%.",
      channel_not_sent: "This message goes by email only: it has no SMS text.",
    },
    optOutMissing: "An SMS must tell people how to opt out: add {{optOut}} (Reply STOP to opt out).",
    blockOutOfPlace: "{{%variable%}} is a whole part of the email (a table): it goes in the body, on a line of its own.",
    html: {
      not_a_tag: "\"%tag%…\" is not a tag this email can carry: write &lt; for a \"<\" in the text.",
      tag_not_allowed: "%tag% is not allowed: use b, strong, i, em, u, br, p, ul, ol, li or a href.",
      attribute_not_allowed: "%tag%: only <a> may have an attribute, and only href.",
      href_invalid: "%tag%: a link goes to a {{…Url}} variable or an https:// or mailto: address.",
      href_missing: "<a> needs an href.",
      void_closed: "%tag% closes nothing.",
      close_mismatch: "%tag% does not match the tag opened before it.",
      close_unopened: "%tag% closes a tag that was never opened.",
      nesting_invalid: "%tag% cannot sit inside the tag around it.",
      never_closed: "%tag% is never closed.",
    },
    subject: { multiline: "A subject is one line.", html: "A subject is plain text: no HTML." },
    answer: { "validation-failed": "The request was not in the expected form; reload the page and try again.", forbidden: "You may not change templates.", unauthenticated: "Your sign-in has expired; sign in again." },
    failed: "Not saved (HTTP %status%); please try again.",
  },
};

type Issue = { code: string; message?: string; params?: Record<string, string | number> };

const fill = (words: string, params: Record<string, string | number> = {}) => words.replace(/%(\w+)%/g, (_, k: string) => String(params[k] ?? ""));

/** One field issue in the page's language; a code this table does not know keeps the API's words. */
export function problemWords(issue: Issue, locale: Locale): string {
  return sayProblem(issue, PROBLEM_WORDS[locale]);
}

// The page's script has the same function (problemScript), so the live preview's problems and a refused
// save's read exactly as the server-rendered ones.
function sayProblem(issue: Issue, w: Words): string {
  const p = issue.params ?? {};
  const fillIn = (words: string) => words.replace(/%(\w+)%/g, (_, k: string) => String(p[k] ?? ""));
  if (issue.code === "html_invalid" && typeof p.reason === "string" && p.reason in w.html) return fillIn(w.html[p.reason as HtmlProblem]);
  if (issue.code === "subject_invalid") return p.reason === "html" ? w.subject.html : w.subject.multiline;
  if (issue.code === "required_variable_missing" && p.variable === "optOut") return w.optOutMissing;
  if (issue.code === "unknown_variable" && p.place === "block") return fillIn(w.blockOutOfPlace);
  const words = (w.codes as Record<string, string>)[issue.code];
  return words ? fillIn(words) : issue.message ?? issue.code;
}

/** What a failed save says when the answer is not a list of field issues (409 has its own words on the page). */
export function answerWords(answer: { code?: string; status: number }, locale: Locale): string {
  const w = PROBLEM_WORDS[locale];
  return (answer.code && w.answer[answer.code]) || fill(w.failed, { status: answer.status });
}

/**
 * The page script's copy of the words and of sayProblem, written out as the browser runs it (a bundler may
 * rewrite a function's own source); test/unit/template-problems.test.ts checks the two agree on every code.
 */
export function problemScript(locale: Locale): string {
  return `const PROBLEM_WORDS = ${JSON.stringify(PROBLEM_WORDS[locale]).replace(/</g, "\\u003c")};
const say = (issue) => {
  const w = PROBLEM_WORDS, p = issue.params || {};
  const fillIn = (words) => words.replace(/%(\\w+)%/g, (_, k) => String(p[k] ?? ""));
  if (issue.code === "html_invalid" && typeof p.reason === "string" && p.reason in w.html) return fillIn(w.html[p.reason]);
  if (issue.code === "subject_invalid") return p.reason === "html" ? w.subject.html : w.subject.multiline;
  if (issue.code === "required_variable_missing" && p.variable === "optOut") return w.optOutMissing;
  if (issue.code === "unknown_variable" && p.place === "block") return fillIn(w.blockOutOfPlace);
  const words = w.codes[issue.code];
  return words ? fillIn(words) : issue.message || issue.code;
};
const answerWords = (json, status) => (json.code && PROBLEM_WORDS.answer[json.code]) || PROBLEM_WORDS.failed.replace("%status%", String(status));`;
}
