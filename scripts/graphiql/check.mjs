// Opens wenzheng's GraphiQL page in headless Chromium with no outside network (every host
// name but 127.0.0.1 fails to resolve; anything else goes to a proxy that is not there), runs
// a query anonymously, picks a demo token from the token bar and runs a query as that officer,
// reading each result from GraphiQL's result pane. Fails if the page asks for anything outside
// its origin, a request fails or answers an error, the Content-Security-Policy refuses
// something, or a script throws.
//
// Usage: node check.mjs <base url, e.g. http://127.0.0.1:8080>   (CHROMIUM: the browser binary)
import puppeteer from "puppeteer-core";

const base = process.argv[2];
const origin = new URL(base).origin;
const started = Date.now();
const problems = [];

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
  ],
});

function fail(message) {
  problems.push(message);
}

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const requests = [];
  page.on("request", (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(origin + "/") && !r.url().startsWith("data:")) fail(`outside request: ${r.url()}`);
  });
  page.on("requestfailed", (r) => fail(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) {
      fail(`HTTP ${r.status()}: ${r.url()}`);
      r.text().then((t) => t && fail(`  ${r.url()} answered: ${t.slice(0, 300)}`), () => {});
    }
  });
  page.on("pageerror", (e) => fail(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") fail(`console error: ${m.text()}`);
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP refused ${e.blockedURI || "inline"} (${e.violatedDirective})`);
    });
  });

  const response = await page.goto(`${base}/graphql`, { waitUntil: "load" });
  const csp = response.headers()["content-security-policy"] ?? "";
  if (!csp.includes("script-src 'self'")) fail(`page without a strict CSP: ${csp}`);
  await page.waitForSelector(".graphiql-query-editor .CodeMirror");

  async function run(query, expect) {
    await page.evaluate((q) => {
      document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue(q);
      document.querySelector(".graphiql-response .CodeMirror").CodeMirror.setValue("");
    }, query);
    await page.click(".graphiql-execute-button");
    try {
      await page.waitForFunction(
        (text) => document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue().includes(text),
        {},
        expect,
      );
    } catch {
      const got = await page.evaluate(() => document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue());
      fail(`${query}: expected ${expect} in the result pane, got ${got.slice(0, 300) || "nothing"}`);
    }
  }

  // Anonymous first: the bar starts empty.
  await run("{ __typename }", '"__typename": "QueryRoot"');

  // The demo tokens (serve --demo) appear in the bar; the supervisor's is sent as a bearer token.
  await page.waitForSelector("#wz-demo:not([hidden]) option:nth-child(2)");
  const value = await page.evaluate(() => {
    const option = [...document.querySelectorAll("#wz-demo option")].find((o) => o.textContent.startsWith("SUPERVISOR"));
    return option?.value;
  });
  if (!value) fail("no SUPERVISOR demo token offered");
  else {
    await page.select("#wz-demo", value);
    await run("{ me { role districts { code } } }", '"role": "SUPERVISOR"');
    const stored = await page.evaluate(() => sessionStorage.getItem("wenzheng.graphiql.token"));
    if (stored !== value) fail("the chosen token is not in sessionStorage");
  }

  const assets = requests.filter((u) => u.includes("/graphql/assets/")).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length === 0) {
    console.log(`graphiql: page, ${assets} assets and 2 queries through the page, offline, in ${seconds} s`);
  }
} catch (e) {
  fail(`${e.message}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of [...new Set(problems)]) console.error(`graphiql: ${p}`);
  process.exit(1);
}
