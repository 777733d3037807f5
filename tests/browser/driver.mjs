// Drives Debian's Chromium for the Java end-to-end tests (Browser.java): one JSON command a line
// on stdin, one JSON answer a line on stdout. Tabs are named by the test; each tab's console
// errors and page errors are kept for the test to read.
//   {"op":"open","tab":"a","url":"..."}              -> {"ok":true}
//   {"op":"waitFor","tab":"a","js":"expr","timeout":ms} -> {"ok":true,"value":<expr's truthy value>}
//   {"op":"eval","tab":"a","js":"expr"}               -> {"ok":true,"value":...}
//   {"op":"click","tab":"a","selector":"css"}
//   {"op":"screenshot","tab":"a","path":"file.png"}
//   {"op":"errors","tab":"a"}                         -> {"ok":true,"value":["..."]}
//   {"op":"close","tab":"a"}, {"op":"quit"}
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
// The machine's network is closed: Chromium's own background connections are turned off.
// Playwright gives it a new empty profile (and removes it after).
const browser = await chromium.launch({
  executablePath: process.env.SPM_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const tabs = new Map();

async function run(cmd) {
  const tab = tabs.get(cmd.tab);
  switch (cmd.op) {
    case "open": {
      const page = await context.newPage();
      const errors = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
      page.on("pageerror", (e) => errors.push("page error: " + e.message));
      tabs.set(cmd.tab, { page, errors });
      const response = await page.goto(cmd.url, { waitUntil: "load" });
      return response ? response.status() : null;
    }
    case "waitFor": {
      // Polled through evaluate (the DevTools protocol): waitForFunction would eval in the page,
      // which the dashboard's content security policy forbids.
      const deadline = Date.now() + (cmd.timeout || 30000);
      let value;
      while (!(value = await tab.page.evaluate(cmd.js))) {
        if (Date.now() > deadline) {
          throw new Error("not true within " + (cmd.timeout || 30000) + " ms (last value: " + JSON.stringify(value) + ")");
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return value;
    }
    case "eval":
      return await tab.page.evaluate(cmd.js);
    case "click":
      await tab.page.click(cmd.selector, { timeout: cmd.timeout || 10000 });
      return null;
    case "screenshot":
      await tab.page.screenshot({ path: cmd.path, fullPage: true });
      return null;
    case "errors":
      return tab.errors;
    case "close":
      await tab.page.close();
      tabs.delete(cmd.tab);
      return null;
    case "quit":
      return null;
    default:
      throw new Error("unknown op " + cmd.op);
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let cmd;
  try {
    cmd = JSON.parse(line);
    const value = await run(cmd);
    process.stdout.write(JSON.stringify({ ok: true, value: value === undefined ? null : value }) + "\n");
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message || e) }) + "\n");
  }
  if (cmd && cmd.op === "quit") break;
}
await browser.close();
