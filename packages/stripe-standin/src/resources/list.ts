import { invalidRequest } from "../errors";
import type { ParamReader } from "../params";

export interface StripeList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export interface PageParams {
  limit: number;
  startingAfter: string | undefined;
  endingBefore: string | undefined;
}

/** Reads `limit` (1..100, default 10), `starting_after` and `ending_before`. */
export function readPageParams(reader: ParamReader): PageParams {
  const limit = reader.integer("limit", 1, 100) ?? 10;
  const startingAfter = reader.string("starting_after", 255) ?? undefined;
  const endingBefore = reader.string("ending_before", 255) ?? undefined;
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest(
      "You may only specify one of these parameters: starting_after, ending_before.",
      "ending_before",
    );
  }
  return { limit, startingAfter, endingBefore };
}

/**
 * Pages through records newest first, like Stripe. A cursor must name a record of the same
 * (filtered) list; an unknown cursor is a 400 `resource_missing`.
 */
export function paginate<R extends { id: string }, T>(
  recordsOldestFirst: R[],
  page: PageParams,
  url: string,
  render: (record: R) => T,
): StripeList<T> {
  const newestFirst = [...recordsOldestFirst].reverse();
  let start = 0;
  let end = newestFirst.length;
  if (page.startingAfter !== undefined) {
    const at = newestFirst.findIndex((record) => record.id === page.startingAfter);
    if (at === -1) {
      throw cursorMissing(page.startingAfter, "starting_after");
    }
    start = at + 1;
  }
  if (page.endingBefore !== undefined) {
    const at = newestFirst.findIndex((record) => record.id === page.endingBefore);
    if (at === -1) {
      throw cursorMissing(page.endingBefore, "ending_before");
    }
    end = at;
    start = Math.max(0, end - page.limit);
  }
  const slice = newestFirst.slice(start, Math.min(end, start + page.limit));
  const hasMore =
    page.endingBefore !== undefined ? start > 0 : start + slice.length < newestFirst.length;
  return { object: "list", data: slice.map(render), has_more: hasMore, url };
}

function cursorMissing(id: string, param: string) {
  return invalidRequest(`No such object: '${id}'`, param, "resource_missing");
}
