// The README's walk-through through the generated TypeScript client (openapi-typescript types + openapi-fetch).
//
//   cd clients/typescript && npx tsc && CRM_URL=http://127.0.0.1:3000 CRM_API_KEY=pk_test_... node dist/examples/walkthrough.js
//
// Register, sign in, read and update the contact with If-Match, a one-time code and validate-otp, refresh, the
// inbox, upload and read a file, a printout, sign out. The only HTTP written by hand reads the local runtime's
// outbox (/_local/outbox) for the one-time code. Between the account steps and the inbox it prints
// `CONTACT <contact id> <organisation id> <email>` and waits for a line on stdin: time for an operator to put a
// communication and a printable invoice (INVOICE inv-42) on the contact; run by hand, press Enter.
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";

import { createCrmClient, type Schemas } from "../src/index.js";

const BASE_URL = process.env["CRM_URL"] ?? "http://127.0.0.1:3000";
const API_KEY = process.env["CRM_API_KEY"] ?? "";
const PASSWORD = "walk through 42";

function check(condition: unknown, what: unknown): asserts condition {
  if (!condition) throw new Error(`walk-through failed: ${JSON.stringify(what)}`);
}

function step(name: string): void {
  console.log(`step ${name}`);
}

type SignInAnswer = Schemas["RegisterAnswer"] | Schemas["AuthenticateAnswer"];
function isTokens(answer: SignInAnswer | undefined): answer is Schemas["TokensAnswer"] {
  return answer !== undefined && "access_token" in answer;
}

async function mailedCode(to: string): Promise<string> {
  // The local runtime's outbox: the one hand-written HTTP call.
  for (let attempt = 0; attempt < 50; attempt++) {
    const outbox = (await (await fetch(`${BASE_URL}/_local/outbox`)).json()) as {
      messages: { to: string | null; body: string }[];
    };
    const bodies = outbox.messages.filter((m) => (m.to ?? "").includes(to)).map((m) => m.body);
    const found = bodies.length ? /\b(\d{6})\b/.exec(bodies[bodies.length - 1] ?? "") : null;
    if (found?.[1]) return found[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code was sent to ${to}`);
}

async function readLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  const line = await new Promise<string>((resolve) => lines.once("line", resolve));
  lines.close();
  return line;
}

async function main(): Promise<void> {
  const email = `walk-${randomUUID().slice(0, 10)}@example.com`;
  const app = createCrmClient(BASE_URL, API_KEY);

  step("register");
  const registered = await app.POST("/self-service/v1/contacts/register", {
    params: { header: { "Idempotency-Key": randomUUID() } },
    body: { first_name: "Jane", last_name: "Doe", identity: { provider: "EMAIL", username: email, password: PASSWORD } },
  });
  check(isTokens(registered.data), registered.error);
  const contactId = registered.data.contact.id;

  step("authenticate");
  const signedIn = await app.POST("/self-service/v1/contacts/authenticate", {
    body: { provider: "EMAIL", username: email, password: PASSWORD },
  });
  check(isTokens(signedIn.data), signedIn.error);
  let me = createCrmClient(BASE_URL, API_KEY, signedIn.data.access_token);

  step("read and update the contact with If-Match");
  const path = { id: contactId };
  const read = await me.GET("/self-service/v1/contacts/{id}", { params: { path } });
  check(read.data, read.error);
  const etag = read.response.headers.get("ETag");
  check(etag, "no ETag");
  const updated = await me.PUT("/self-service/v1/contacts/{id}", {
    params: { path, header: { "If-Match": etag } },
    body: { title: "Ms" },
  });
  check(updated.data?.id === contactId, updated.error);
  const stale = await me.PUT("/self-service/v1/contacts/{id}", {
    params: { path, header: { "If-Match": etag } },
    body: { title: "Dr" },
  });
  check(stale.response.status === 409 && stale.error?.error === "CRM.EXCEPTIONS.CONFLICTEXCEPTION", stale.error);
  const contact = await me.GET("/self-service/v1/contacts/{id}", { params: { path } });
  check(contact.data?.title === "Ms", contact.data);

  step("one-time code and validate-otp");
  const sent = await app.POST("/self-service/v1/contacts/otp", {
    body: { send_method: "EMAIL", credentials: [{ name: "EMAIL", value: email }] },
  });
  check(sent.data, sent.error);
  const byCode = await app.POST("/self-service/v1/contacts/validate-otp", {
    body: { auth_otp: sent.data.auth_otp, code: await mailedCode(email) },
  });
  check(byCode.data?.contact.id === contactId, byCode.error);

  step("refresh");
  const refreshed = await app.POST("/self-service/v1/contacts/refresh", {
    params: { header: { refresh_token: byCode.data.refresh_token } },
  });
  check(refreshed.data && refreshed.data.refresh_token !== byCode.data.refresh_token, refreshed.error);
  me = createCrmClient(BASE_URL, API_KEY, refreshed.data.access_token);

  const organisationId = contact.data.organisations[0]?.id;
  console.log(`CONTACT ${contactId} ${organisationId} ${email}`);
  await readLine();

  step("inbox");
  const inbox = async () =>
    me.GET("/self-service/v1/contacts/{id}/communications", { params: { path, query: { type: "INAPP" } } });
  let page = await inbox();
  for (let attempt = 0; attempt < 100 && page.data?.content.length === 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200)); // the back office's event arrives asynchronously
    page = await inbox();
  }
  check(page.data?.content[0]?.channel === "INAPP", page.error ?? page.data);

  step("upload and read a file");
  const uploaded = await me.POST("/self-service/v1/upload/files", {
    body: { file: "hello, CRM\n" },
    bodySerializer(body) {
      const form = new FormData();
      form.append("file", new Blob([body.file], { type: "text/plain" }), "hello.txt");
      return form;
    },
  });
  check(uploaded.data, uploaded.error);
  const file = await me.GET("/self-service/v1/files/{id}", { params: { path: { id: uploaded.data.id } } });
  check(file.data?.name === "hello.txt", file.error ?? file.data);

  step("printout");
  const printout = await me.POST("/self-service/v1/printout", {
    body: { format: "PDF", entity: { type: "INVOICE", id: "inv-42" } },
  });
  check(printout.response.status === 201 && printout.data, printout.error);
  const pdf = await me.GET("/self-service/v1/files/{id}", { params: { path: { id: printout.data.id } } });
  check(pdf.data, pdf.error);

  step("sign out");
  const signedOut = await me.POST("/self-service/v1/contacts/{id}/sign_out", { params: { path } });
  check(signedOut.response.status === 200, signedOut.error);
  const after = await me.GET("/self-service/v1/contacts/{id}", { params: { path } });
  check(after.response.status === 401 && after.error, after.data);
  console.log("walk-through done");
}

await main();
