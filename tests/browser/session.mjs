// What the browser tests share: Debian's chromium, headless, driven by playwright-core (as root it
// needs --no-sandbox; on a closed network it must not try to reach Google), and the checks that
// decide the exit status: 0 when every check held, 1 after printing each failed one.
//
//   await session(async (browser, check) => { ...; check(ok, "what should hold"); });
import { chromium } from "playwright-core";

export async function session(body) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
           "--no-first-run"],
  });
  let failed = false;
  const check = (ok, what) => {
    if (!ok) {
      console.error("FAILED: " + what);
      failed = true;
    }
  };
  try {
    await body(browser, check);
  } catch (e) {
    console.error("FAILED: " + (e.message || e));
    failed = true;
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}
