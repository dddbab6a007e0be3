// The regulator report's HTML page in a real browser (Debian's chromium, headless, driven by
// playwright-core), opened from its file: every chart (inline SVG) has a size and a bar for each
// figure it shows, nothing is fetched, no script runs, and a screenshot is saved.
//
//   node tests/browser/report_page.mjs REPORT_HTML SCREENSHOT
// Exits 0 when every check holds; prints the failed check and exits 1 otherwise.
import { session } from "./session.mjs";

const [html, shot] = process.argv.slice(2);

await session(async (browser, check) => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const fetched = [];
  page.on("request", (r) => { if (!r.url().startsWith("file://")) fetched.push(r.url()); });
  await page.goto("file://" + html);
  const charts = await page.$$eval("svg.chart", (svgs) => svgs.map((s) => {
    const box = s.getBoundingClientRect();
    const shown = [...s.querySelectorAll("text")].filter((t) => /^\d+$/.test(t.textContent)).length;
    return { title: s.getAttribute("aria-label"), width: box.width, height: box.height,
             bars: s.querySelectorAll("rect.bar").length, shown };
  }));
  check(charts.length === 3, `3 charts, found ${charts.length}`);
  for (const c of charts) {
    check(c.width > 100 && c.height > 20, `chart "${c.title}" has a size (${c.width}x${c.height})`);
    check(c.bars === c.shown, `chart "${c.title}": a bar for each shown figure (${c.bars} bars, ${c.shown} figures)`);
  }
  check(await page.$$eval("script", (s) => s.length) === 0, "no script");
  check(fetched.length === 0, "nothing fetched: " + fetched.join(", "));
  const summary = await page.textContent("#summary p");
  check(summary.includes("consentry screened"), "the summary comes first: " + summary);
  await page.screenshot({ path: shot, fullPage: true });
});
