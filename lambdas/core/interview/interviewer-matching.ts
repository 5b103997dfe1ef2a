// Suggests interviewers whose tags (industry, skills, customer segment) overlap the candidate's, and
// says why. A candidate's tags are the interviewer tags found in their résumé and the requisition;
// a tag may list alternatives ("saas|软件即服务") so Chinese and English résumés both match.
import type { Interviewer, Locale } from "../shared/model.js";

export interface InterviewerSuggestion {
  interviewerId: string;
  name: string;
  score: number;
  sharedTags: string[];
  reason: Record<Locale, string>;
}

const normalize = (s: string) => s.normalize("NFKC").toLowerCase();

/** Whether a tag (or one of its "|" alternatives, or its words joined by "-") appears in the text. */
export function tagMatches(tag: string, text: string): boolean {
  const haystack = normalize(text);
  return tag
    .split("|")
    .map((t) => normalize(t.trim()))
    .filter(Boolean)
    .some((t) => haystack.includes(t) || haystack.includes(t.replace(/-/g, " ")));
}

export function suggestInterviewers(candidateText: string, extraTags: readonly string[], interviewers: readonly Interviewer[], limit = 5): InterviewerSuggestion[] {
  const wanted = new Set(extraTags.map(normalize));
  return interviewers
    .map((iv) => {
      const shared = iv.tags.filter((tag) => tagMatches(tag, candidateText) || wanted.has(normalize(tag)));
      // Overlap relative to the interviewer's tags, so a specialist who matches fully outranks a
      // generalist who matches one of many; ties go to more shared tags.
      const score = iv.tags.length ? shared.length / iv.tags.length : 0;
      const list = shared.map((t) => t.split("|")[0]!).join("、");
      return {
        interviewerId: iv.interviewerId,
        name: iv.name,
        score: Math.round(score * 100) / 100,
        sharedTags: shared,
        reason: {
          "zh-CN": shared.length ? `共同标签 ${shared.length}/${iv.tags.length}：${list}` : "没有共同标签",
          en: shared.length ? `Shares ${shared.length} of ${iv.tags.length} tags: ${shared.map((t) => t.split("|")[0]).join(", ")}` : "No shared tags",
        },
      };
    })
    .filter((s) => s.sharedTags.length > 0)
    .sort((a, b) => b.score - a.score || b.sharedTags.length - a.sharedTags.length || a.name.localeCompare(b.name))
    .slice(0, limit);
}
