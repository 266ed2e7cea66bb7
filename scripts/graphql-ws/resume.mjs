// The README's resume recipe, run with the official graphql-ws client against two wenzheng
// processes on one database: follow inquiryEvents on process A, submit through B, restart A
// (its sockets close with 1001; while it is down the client's reconnects are refused),
// keep submitting through B, and check that every inquiry arrives exactly once, in order.
//
// Usage: node resume.mjs <wenzheng binary>   (DATABASE_URL, JWT_SECRET set; directory seeded)
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const bin = process.argv[2];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function start(port) {
  const child = spawn(bin, ["serve"], {
    env: { ...process.env, BIND: `127.0.0.1:${port}`, ESCALATION_INTERVAL_SECS: "0", SEARCH_POLL_SECS: "0",
      // The script submits fifteen inquiries from one address: no anonymous hourly limit here.
      ANONYMOUS_SUBMISSIONS_PER_HOUR: "0", RUST_LOG: process.env.RUST_LOG ?? "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function ready(port) {
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`server on ${port} did not start`);
}

async function stop(child) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

let submitted = [];
async function submit(port, subject) {
  const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "mutation($i: SubmitInquiryInput!) { submitInquiry(input: $i) { inquiry { reference } } }",
      variables: { i: { kind: "CONSULTATION", channel: "MOBILE_APP", districtCode: "441202",
        subject, body: `${subject}，请问怎么办理？` } },
    }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  submitted.push(body.data.submitInquiry.inquiry.reference);
}

const [portA, portB] = [await freePort(), await freePort()];
let a = start(portA);
const b = start(portB);
await Promise.all([ready(portA), ready(portB)]);
const token = execFileSync(bin, ["token", "--role", "SUPERVISOR", "--districts", "441202"], {
  env: process.env, stdio: ["ignore", "pipe", "ignore"],
}).toString().trim();

const received = [];
const closes = [];
const client = createClient({
  url: `ws://127.0.0.1:${portA}/graphql/ws`,
  webSocketImpl: WebSocket,
  connectionParams: { token },
  retryAttempts: Infinity,
  shouldRetry: () => true,
  retryWait: () => sleep(300),
  on: { closed: (event) => closes.push(event?.code) },
});

// The README recipe.
function follow(after = null) {
  const payload = {
    query: `subscription($code: String!, $after: String) {
      inquiryEvents(districtCode: $code, after: $after) { cursor event reference } }`,
    variables: { code: "441202", after },
  };
  client.subscribe(payload, {
    next: ({ data, errors }) => {
      if (data) {
        payload.variables.after = data.inquiryEvents.cursor;
        if (data.inquiryEvents.event === "inquiry.received") received.push(data.inquiryEvents.reference);
      }
      const ext = errors?.[0]?.extensions ?? {};
      if (ext.code) console.error("subscription error", JSON.stringify(errors));
      if (ext.lastCursor) payload.variables.after = ext.lastCursor;
    },
    error: (e) => { console.error("error", JSON.stringify(e)); setTimeout(() => follow(payload.variables.after), 1000); },
    complete: () => {},
  });
}

async function until(predicate, what, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let status = 0;
try {
  follow();
  await sleep(1000);
  for (let i = 0; i < 5; i++) await submit(portB, `重启前的咨询${i}`);
  await until(() => received.length >= 5, "the first five");

  await stop(a); // sockets close with 1001
  for (let i = 0; i < 7; i++) await submit(portB, `服务重启期间的咨询${i}`);
  await sleep(1500); // the client's reconnects are refused meanwhile
  a = start(portA);
  await ready(portA);
  for (let i = 0; i < 3; i++) await submit(portB, `重启后的咨询${i}`);
  await until(() => received.length >= submitted.length, "every inquiry");
  await sleep(1000); // nothing more may arrive

  const same = JSON.stringify(received) === JSON.stringify(submitted);
  console.log(`graphql-ws resume: ${received.length} received of ${submitted.length} submitted; close codes ${JSON.stringify(closes)}`);
  if (!same) {
    console.error("expected", submitted, "received", received);
    status = 1;
  }
  if (!closes.includes(1001)) {
    console.error("the restart did not close the socket with 1001");
    status = 1;
  }
} catch (e) {
  console.error(e);
  status = 1;
} finally {
  await client.dispose();
  await stop(a);
  await stop(b);
}
process.exit(status);
