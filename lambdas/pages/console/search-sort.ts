// The orders the search page can show a page of results in (the route's query schema names them too).
export const SEARCH_SORTS = ["recent", "name", "status", "rating"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
