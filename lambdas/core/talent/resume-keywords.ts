// Resume text → the words it can be found by. Chinese has no spaces, so words come from ICU's
// dictionary-based segmenter (Intl.Segmenter, built into Node), the same for English. Kept: words
// of two or more characters that are not stop words or bare numbers, the most frequent first.
// They become search entries (field "kw"), so "who in the pool has done 渠道 / Java?" is one Query.

const STOP_WORDS = new Set([
  "的", "和", "与", "及", "在", "了", "是", "有", "我", "对", "等", "为", "并", "从", "到", "以及", "负责", "工作", "经验", "熟悉", "能力", "相关", "进行", "公司", "年",
  "the", "and", "of", "to", "in", "for", "with", "on", "at", "by", "as", "is", "are", "was", "were", "be", "an", "or", "from", "that", "this", "my", "our", "i", "we",
]);

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** The normal form of a keyword: full-width folded (NFKC), lower case, trimmed. */
export const normalizeKeyword = (word: string) => word.normalize("NFKC").toLowerCase().trim();

/** Up to `max` distinct keywords of a text, most frequent first (ties in order of appearance). */
export function resumeKeywords(text: string, max = 60): string[] {
  const counts = new Map<string, number>();
  for (const { segment, isWordLike } of segmenter.segment(text.normalize("NFKC"))) {
    if (!isWordLike) continue;
    const word = normalizeKeyword(segment);
    if ([...word].length < 2 || word.length > 40 || /^\d+(\.\d+)?$/.test(word) || STOP_WORDS.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([word]) => word);
}

/** A query's keyword: the longest word it segments into (a pasted phrase still finds something). */
export function queryKeyword(query: string): string | undefined {
  const words = [...segmenter.segment(query.normalize("NFKC"))].filter((s) => s.isWordLike).map((s) => normalizeKeyword(s.segment));
  return words.sort((a, b) => [...b].length - [...a].length)[0];
}
