// The review page in a real browser (Debian's chromium, headless, driven by playwright-core):
// signs in with a reviewer's token, finds the incident list with the API's total, filters it by
// the first incident's detector, opens that incident with the keyboard, checks the reason, the
// legal clause, the timeline and the evidence are shown, acknowledges it, sees an unreasoned
// resolve refused with a visible message, then marks it a false positive with a reason and sees
// the new state. Saves a screenshot of each view.
//
//   node tests/browser/review_page.mjs URL TOKEN EXPECTED_TOTAL SCREENSHOT_PREFIX
// Exits 0 when every check holds; prints the failed check and exits 1 otherwise.
import { session } from "./session.mjs";

const [url, token, expectedTotal, shots] = process.argv.slice(2);

await session(async (browser, check) => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(url)) external.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url + "/");
  // Sign in with the keyboard.
  await page.focus("#token");
  await page.keyboard.type(token);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#rows tr", { timeout: 15000 });
  const counts = await page.textContent("#counts");
  check(counts.startsWith(expectedTotal + " incidents"), `counts line "${counts}" starts with ${expectedTotal} incidents`);
  check(await page.isHidden("#signin") && await page.isVisible("#signout"), "signed in: only Sign out shows");
  await page.screenshot({ path: shots + "-list.png", fullPage: true });

  // Filter by the first incident's detector, in any state.
  const detector = (await page.textContent("#rows tr:first-child button")).split(" · ")[0];
  await page.selectOption("#f-state", "");
  await page.fill("#f-detector", detector);
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((d) => [...document.querySelectorAll("#rows tr button")]
    .every((b) => b.textContent.startsWith(d + " · ")), detector, { timeout: 10000 });

  // Tab from the Apply button to the first incident and open it with Enter.
  await page.focus("#filters button[type=submit]");
  let focused = "";
  for (let i = 0; i < 5 && !focused; ++i) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement.dataset.id || "");
  }
  check(focused !== "", "the first incident is reachable with Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#detail:not([hidden])", { timeout: 10000 });
  check(await page.evaluate(() => document.activeElement.id) === "detail-title", "the incident's title has the focus");
  const reason = await page.textContent("#reason");
  check(reason.length > 20, `a reason sentence is shown ("${reason}")`);
  const clause = await page.textContent("#clause");
  check(clause.length > 5, `a legal clause line is shown ("${clause}")`);
  check(await page.locator("#timeline li").count() > 0,
        "the consent timeline lists the quoted decisions, or says there are none");
  const evidence = await page.textContent("#evidence");
  check(evidence.trim().startsWith("{"), "the evidence is shown as JSON");
  check(await page.locator("#alerts li").count() > 0, "the incident's alerts are listed");

  await page.click("button[data-action=acknowledge]");
  await page.waitForFunction(() => document.getElementById("facts").dataset.state === "acknowledged",
                             null, { timeout: 10000 });
  await page.screenshot({ path: shots + "-incident.png", fullPage: true });

  await page.click("button[data-action=resolve]");
  await page.waitForSelector("#message:not([hidden])", { timeout: 10000 });
  const message = await page.textContent("#message");
  check(message.includes("resolve needs a reason"), `an unreasoned resolve is refused visibly ("${message}")`);

  await page.fill("#act-reason", "consent was given on paper; receipt 4411");
  await page.click("button[data-action=false_positive]");
  await page.waitForFunction(() => document.getElementById("facts").dataset.state === "false_positive",
                             null, { timeout: 10000 });
  await page.screenshot({ path: shots + "-false-positive.png", fullPage: true });
  check(external.length === 0, "nothing is fetched from elsewhere: " + external.join(", "));
  check(errors.length === 0, "no script errors: " + errors.join("; "));
});
