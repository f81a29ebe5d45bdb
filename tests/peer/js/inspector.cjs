// Drives the inspector page in a real headless browser (Debian's chromium, through
// playwright-core) and prints one JSON line per step for tests/integration/inspector.rs.
// Usage: node inspector.cjs BASE_URL SCREENSHOT_PATH [TOKEN]; CHROMIUM names the browser.
"use strict";
const { chromium } = require("playwright-core");

const [base, screenshot, token] = process.argv.slice(2);
const say = (step) => console.log(JSON.stringify(step));
const WAIT = { timeout: 60_000 }; // an upper bound for a poll, never an expected duration
const lines = (page, sel) => page.$$eval(sel, (els) =>
  els.map((e) => e.textContent.replace(/^#\d+ /, "")));

async function send(page, skill, text) {
  await page.selectOption("#skill", skill);
  await page.fill("#text", text);
  await page.click("#send");
  await page.waitForFunction(() => !["…", "–", ""].includes(
    document.querySelector("#final-state").textContent), null, WAIT);
  const final = await page.textContent("#final-state");
  return { final, events: await lines(page, "#stream li") };
}

async function main(browser) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "/inspector" + (token ? "#token=" + encodeURIComponent(token) : ""));
  await page.waitForSelector("#plugins .plugin", WAIT);
  const skills = await page.$$eval("#plugins .skill", (els) => els.map((e) => e.textContent));
  const grants = await page.$$eval("#plugins dd", (els) => els.map((e) => e.textContent)
    .filter((t) => t.startsWith("none")));
  say({ step: "plugins", skills: skills.sort(), grants: [...new Set(grants)] });
  say({ step: "direct", ...(await send(page, "echo", "hello inspector")) });
  say({ step: "stream", ...(await send(page, "tck", "tck-stream-001")) });
  const id = await page.textContent("#task-id");
  // Open the task from the list, as a person would: its row shows the inspector as owner.
  const row = `#tasks tbody tr[data-id="${id}"]`;
  await page.waitForSelector(row, WAIT);
  const cells = await page.$$eval(row + " td", (tds) => tds.map((td) => td.textContent));
  await page.click(row);
  await page.waitForFunction(() => document.querySelector("#task-state").textContent ===
    "COMPLETED" && document.querySelectorAll("#task-events li").length >= 3, null, WAIT);
  const state = cells[1], skill = cells[2], owner = cells[3];
  say({ step: "task", state, skill, owner, events: await lines(page, "#task-events li") });
  await page.screenshot({ path: screenshot, fullPage: true });
  say({ step: "errors", errors });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // The tests may run as root, where chromium's own sandbox cannot start.
    args: ["--no-sandbox"],
  });
  try { await main(browser); } finally { await browser.close(); }
})().catch((e) => { console.error(e); process.exit(1); });
