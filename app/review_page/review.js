// The review page of `consentry serve`: lists incidents from the JSON API (docs/api.md), shows
// one with the reason, the legal clause, the consent timeline and the evidence of its alerts,
// and sends a reviewer's decision. No framework, nothing fetched from elsewhere; every value
// from the API is put in the page as text, never as markup.
"use strict";

const state = { offset: 0, limit: 50, total: 0, incident: null };
const $ = (id) => document.getElementById(id);

function token() { return sessionStorage.getItem("consentry-token") || ""; }

function show(message) {
  const box = $("message");
  box.textContent = message || "";
  box.hidden = !message;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Authorization": "Bearer " + token(), "Content-Type": "application/json" },
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem("consentry-token");
    signedIn(false);
  }
  if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
  return body;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function when(text) { return text ? text.replace("T", " ").replace(/\.\d+/, "") : ""; }

function signedIn(yes) {
  $("signin").hidden = yes;
  $("signout").hidden = !yes;
  $("list").hidden = !yes;
  if (!yes) $("detail").hidden = true;
}

async function loadList() {
  const params = new URLSearchParams({ limit: state.limit, offset: state.offset, sort: $("f-sort").value });
  for (const [name, id] of [["state", "f-state"], ["detector", "f-detector"], ["tenant", "f-tenant"]]) {
    const value = $(id).value.trim();
    if (value) params.set(name, value);
  }
  try {
    const page = await api("/api/incidents?" + params);
    state.total = page.total;
    const rows = $("rows");
    rows.replaceChildren();
    let alerts = 0;
    for (const incident of page.incidents) {
      alerts += incident.count;
      const row = el("tr");
      const open = el("button", incident.detector + " · " + incident.key.split("|").slice(2).join("|"), "link");
      open.type = "button";
      open.dataset.id = incident.id;
      open.addEventListener("click", () => openIncident(incident.id));
      const first = el("td");
      first.append(open);
      row.append(first, el("td", incident.severity, "sev-" + incident.severity),
                 el("td", incident.state.replace("_", " ") + (incident.snoozed_until ? " (snoozed)" : "")),
                 el("td", String(incident.count), "num"), el("td", String(incident.affected_subjects), "num"),
                 el("td", incident.tenant), el("td", when(incident.last_seen)));
      rows.append(row);
    }
    const last = Math.min(state.offset + page.incidents.length, page.total);
    $("counts").textContent = page.total === 0 ? "No incidents match." :
      `${page.total} incidents; showing ${state.offset + 1}–${last} (${alerts} alerts on this page)`;
    $("prev").disabled = state.offset === 0;
    $("next").disabled = last >= page.total;
    show("");
  } catch (e) {
    show("Could not load incidents: " + e.message);
  }
}

// Decisions quoted in the evidence (any object with recorded_at and action), oldest first.
function timeline(evidence, out = []) {
  if (evidence && typeof evidence === "object") {
    if (evidence.recorded_at && evidence.action) out.push(evidence);
    for (const value of Object.values(evidence)) timeline(value, out);
  }
  return out;
}

function showAlert(alert) {
  $("reason").textContent = alert.reason || "";
  const clause = alert.evidence && alert.evidence.clause;
  $("clause").textContent = clause ? `${clause.rule} (${clause.source})` : "No legal clause quoted: " +
    (alert.evidence && alert.evidence.clause_kind ? alert.evidence.clause_kind : "a provider or tenant policy");
  const items = $("timeline");
  items.replaceChildren();
  const decisions = timeline(alert.evidence).sort((a, b) => a.recorded_at.localeCompare(b.recorded_at));
  for (const d of decisions) {
    const what = [d.action, (d.channels || []).join(", "), (d.purposes || []).join(", ")].filter(Boolean).join(" · ");
    items.append(el("li", `${when(d.recorded_at)} — ${what}${d.source ? " (" + d.source + ")" : ""}`));
  }
  if (decisions.length === 0) items.append(el("li", "No consent decision is quoted by this alert."));
  $("evidence").textContent = JSON.stringify(alert.evidence, null, 2);
}

async function openIncident(id) {
  try {
    const body = await api("/api/incidents/" + encodeURIComponent(id));
    const incident = body.incident;
    state.incident = incident;
    $("list").hidden = true;
    $("detail").hidden = false;
    $("detail-title").textContent = `${incident.detector} — ${incident.tenant}`;
    const facts = $("facts");
    facts.replaceChildren();
    const rows = [["State", incident.state.replace("_", " ") + (incident.state_reason ? ": " + incident.state_reason : "")],
                  ["Snoozed until", when(incident.snoozed_until) || "not snoozed"],
                  ["Alerts", String(incident.count)], ["Subjects affected", String(incident.affected_subjects)],
                  ["First seen", when(incident.first_seen)], ["Last seen", when(incident.last_seen)],
                  ["Channels", incident.channels.join(", ")], ["Jurisdictions", incident.jurisdictions.join(", ")],
                  ["Key", incident.key], ["Id", incident.id]];
    for (const [name, value] of rows) facts.append(el("dt", name), el("dd", value));
    $("facts").dataset.state = incident.state;
    const list = $("alerts");
    list.replaceChildren();
    $("alerts-shown").textContent = `(${body.alerts_shown} of ${incident.count} shown)`;
    body.alerts.forEach((alert, i) => {
      const pick = el("button", `${when(alert.event_time)} · ${alert.channel || alert.entity || ""} · ${alert.alert_id}`, "link");
      pick.type = "button";
      pick.addEventListener("click", () => showAlert(alert));
      const item = el("li");
      item.append(pick);
      list.append(item);
      if (i === 0) showAlert(alert);
    });
    $("detail-title").focus();
    show("");
  } catch (e) {
    show("Could not open the incident: " + e.message);
  }
}

async function act(action) {
  const incident = state.incident;
  const reason = $("act-reason").value.trim();
  try {
    if (action === "snooze") {
      const hours = Number($("snooze-hours").value);
      const until = new Date(Date.now() + hours * 3600 * 1000).toISOString();
      await api(`/api/incidents/${encodeURIComponent(incident.id)}/snooze`, {
        method: "POST", body: JSON.stringify({ until, reason }) });
    } else {
      await api(`/api/incidents/${encodeURIComponent(incident.id)}/actions`, {
        method: "POST", body: JSON.stringify({ action, reason }) });
    }
    $("act-reason").value = "";
    await openIncident(incident.id);
  } catch (e) {
    show("Not done: " + e.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("signin").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("consentry-token", $("token").value);
    $("token").value = "";
    signedIn(true);
    loadList();
  });
  $("signout").addEventListener("click", () => {
    sessionStorage.removeItem("consentry-token");
    signedIn(false);
  });
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.offset = 0;
    loadList();
  });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadList(); });
  $("next").addEventListener("click", () => { state.offset += state.limit; loadList(); });
  $("back").addEventListener("click", () => {
    $("detail").hidden = true;
    $("list").hidden = false;
    loadList();
  });
  for (const button of document.querySelectorAll("#act button[data-action]")) {
    button.addEventListener("click", () => act(button.dataset.action));
  }
  signedIn(Boolean(token()));
  if (token()) loadList();
});
