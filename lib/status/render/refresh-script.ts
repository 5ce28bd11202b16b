import "server-only";
import { createHash } from "node:crypto";

/**
 * The status page's one script, served at /status/refresh.js (the status
 * answers' CSP allows scripts from 'self' and nothing inline). The page is
 * complete without it; with it:
 * - every 30 s while the tab is visible (and on coming back to it), it fetches
 *   /status again (an ETag makes an unchanged page a 304) and swaps in only
 *   the parts (`data-unit`) whose HTML changed, so nothing reloads, the
 *   reader keeps their place and focus, and open "Day by day" lists stay
 *   open; a part holding the focus waits for the next round;
 * - times (`<time datetime>`) show in the reader's local time, with a button
 *   to see them in UTC as the server wrote them;
 * - tapping or clicking a day's bar shows that day's words under the bars
 *   (hover shows them through the bar's <title>).
 * Plain ES2017, no build step, a few kilobytes.
 */
export const REFRESH_INTERVAL_MS = 30_000;

export const REFRESH_SCRIPT = `(function () {
  "use strict";
  var INTERVAL = ${REFRESH_INTERVAL_MS};
  var utc = false;
  var main = document.querySelector("main");
  if (!main || !window.fetch || !window.DOMParser) return;
  var last = {};
  function units(root) {
    var map = {};
    root.querySelectorAll("[data-unit]").forEach(function (el) { map[el.getAttribute("data-unit")] = el; });
    return map;
  }
  function keys(map) { return Object.keys(map).join(" "); }
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  } catch (e) { fmt = null; }
  function showTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      if (!t.hasAttribute("data-utc")) t.setAttribute("data-utc", t.textContent);
      var utcText = t.getAttribute("data-utc");
      var d = new Date(t.getAttribute("datetime"));
      if (utc || !fmt || isNaN(d.getTime())) { t.textContent = utcText; t.removeAttribute("title"); return; }
      t.textContent = fmt.format(d);
      t.title = utcText;
    });
  }
  function remember(root) {
    var map = units(root);
    Object.keys(map).forEach(function (k) { last[k] = map[k].outerHTML; });
  }
  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main");
    if (!fresh) return;
    var now = units(fresh);
    var live = units(main);
    if (keys(now) !== keys(live)) {
      if (main.contains(document.activeElement) && document.activeElement !== document.body) return;
      last = {};
      remember(fresh);
      main.innerHTML = fresh.innerHTML;
      showTimes(main);
      return;
    }
    Object.keys(now).forEach(function (k) {
      var html = now[k].outerHTML;
      if (last[k] === html) return;
      var old = live[k];
      if (old.contains(document.activeElement)) return;
      var open = [];
      old.querySelectorAll("details").forEach(function (d, i) { if (d.open) open.push(i); });
      var node = document.importNode(now[k], true);
      node.querySelectorAll("details").forEach(function (d, i) { if (open.indexOf(i) >= 0) d.open = true; });
      old.replaceWith(node);
      showTimes(node);
      last[k] = html;
    });
  }
  var busy = false;
  function refresh() {
    if (busy || document.visibilityState === "hidden") return;
    busy = true;
    fetch(location.pathname, { cache: "no-cache", credentials: "omit", headers: { accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) swap(html); })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  remember(main);
  showTimes(main);
  if (fmt && main.querySelector("time[datetime]")) {
    var p = document.createElement("p");
    p.className = "tz";
    var b = document.createElement("button");
    b.type = "button";
    b.setAttribute("aria-pressed", "false");
    b.textContent = "Show times in UTC";
    b.addEventListener("click", function () {
      utc = !utc;
      b.setAttribute("aria-pressed", String(utc));
      showTimes(main);
    });
    p.appendChild(b);
    var h = document.querySelector("header");
    if (h) h.appendChild(p);
  }
  document.addEventListener("click", function (e) {
    var bar = e.target && e.target.closest ? e.target.closest("svg.bars rect") : null;
    var words = bar && bar.querySelector("title");
    if (!words) return;
    var li = bar.closest("[data-unit]");
    var out = li && li.querySelector(".dayshow");
    if (!out) return;
    out.textContent = words.textContent;
    out.hidden = false;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh();
  });
  setInterval(refresh, INTERVAL);
})();
`;

/** The script's address on the page: versioned by content, so it can be cached for long. */
export const REFRESH_SCRIPT_VERSION = createHash("sha1").update(REFRESH_SCRIPT).digest("hex").slice(0, 12);
export const REFRESH_SCRIPT_PATH = "/status/refresh.js";
