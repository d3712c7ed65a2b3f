// The CRM.COM Self-Service API for TypeScript: the types openapi-typescript generates from openapi.json
// (src/schema.d.ts, `make clients`) with openapi-fetch. Nothing here is written by hand but this wiring.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type CrmClient = Client<paths>;

/** A client of the API at `baseUrl` (http://127.0.0.1:3000 for `make run`) that sends the application's api_key,
 * and a signed-in contact's access token as the bearer token when given one. */
export function createCrmClient(
  baseUrl: string,
  apiKey: string,
  accessToken?: string,
  options: ClientOptions = {},
): CrmClient {
  const headers: Record<string, string> = { api_key: apiKey };
  if (accessToken !== undefined) headers["Authorization"] = `Bearer ${accessToken}`;
  return createClient<paths>({ ...options, baseUrl, headers: { ...(options.headers as object), ...headers } });
}
