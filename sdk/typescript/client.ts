// The Cyber Care partner client for TypeScript: openapi-fetch over the types that
// openapi-typescript generates from the partner document (schema.d.ts, `make sdk`).
//
//   const api = partnerClient("https://api.cybercare.example", process.env.CYBERCARE_API_KEY!);
//   const { data, error } = await api.POST("/api/v1/quotes", {
//     params: { header: { "Idempotency-Key": crypto.randomUUID() } },
//     body: { product_code: "cyber-care-be", language: "fr" },
//   });
//
// `error` is the problem+json answer (`Problem`): switch on `error.code`.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths, webhooks } from "./schema";

export type { components, paths, webhooks };
export type Problem = components["schemas"]["Problem"];
export type EventPage = components["schemas"]["EventPage"];
/** One event of the feed or of a webhook delivery: narrow it on `type`. */
export type PartnerEvent = EventPage["events"][number];
export type PartnerClient = Client<paths>;

export function partnerClient(baseUrl: string, apiKey: string): PartnerClient {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

/** Every event after `after`, following the pages while `has_more`. */
export async function* events(api: PartnerClient, after?: string): AsyncGenerator<PartnerEvent> {
  let cursor = after;
  for (;;) {
    const { data, error } = await api.GET("/api/v1/events", {
      params: { query: { after: cursor, limit: 500 } },
    });
    if (error) throw new Error(`${error.code}: ${error.detail}`);
    yield* data.events;
    if (!data.has_more) return;
    cursor = data.next_cursor;
  }
}

/** The postcode a household moved to, from a typed event (an example of narrowing). */
export function movedTo(event: PartnerEvent): string | null {
  return event.type === "household.address_changed" ? (event.data.postcode ?? null) : null;
}
