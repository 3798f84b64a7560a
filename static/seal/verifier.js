// The seal verifier page: seals from the address, the form or the camera; keys from the portal
// (or, offline, from the service worker's cache); the current status asked online.
import { sealFromText, verifySeal } from "./seal.js";

const config = JSON.parse(document.getElementById("seal-config").textContent);
const text = config.messages;
const form = document.getElementById("seal-form");
const input = document.getElementById("seal-input");
const result = document.getElementById("seal-result");
const keysStatus = document.getElementById("seal-keys-status");
const locale = config.language === "fa" ? "fa-IR" : "en-GB";
const SYMBOLS = { valid: "✔", invalid: "✖", "unknown-key": "?", "retired-key": "⚠" };
let keySet = null;

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(config.workerUrl).catch(() => {});
}

function formatDate(value, withTime) {
  const options = withTime
    ? { dateStyle: "long", timeStyle: "short" }
    : { dateStyle: "long" };
  const date = new Date(value);
  const local = new Intl.DateTimeFormat(locale, options).format(date);
  if (config.language === "fa") return local;
  const jalali = new Intl.DateTimeFormat("en-GB-u-ca-persian", { dateStyle: "medium" }).format(date);
  return `${local} (${jalali})`;
}

async function loadKeys() {
  try {
    const response = await fetch(config.keysUrl);
    if (!response.ok) throw new Error(String(response.status));
    keySet = await response.json();
    const fetched = response.headers.get("Date");
    keysStatus.textContent = text["keys-refreshed"].replace(
      "%(date)s", fetched ? formatDate(fetched, true) : "—",
    );
  } catch {
    keysStatus.textContent = text["keys-missing"];
  }
  return keySet;
}

// Persian pages write numbers in Persian digits, as the portal's other pages do.
function digits(value) {
  if (config.language !== "fa" || typeof value !== "string") return value;
  return value.replace(/[0-9]/g, (digit) => "۰۱۲۳۴۵۶۷۸۹"[digit]);
}

function row(list, label, value, attributes = {}) {
  if (value === undefined || value === null || value === "") return;
  const term = document.createElement("dt");
  term.className = "col-sm-4";
  term.textContent = label;
  const detail = document.createElement("dd");
  detail.className = "col-sm-8";
  detail.textContent = value;
  for (const [name, content] of Object.entries(attributes)) detail.setAttribute(name, content);
  list.append(term, detail);
}

function showClaims(outcome) {
  const list = result.querySelector(".seal-claims");
  list.replaceChildren();
  const claims = outcome.claims;
  if (!claims) return;
  row(list, text.number, digits(claims.n), { dir: "ltr", class: "col-sm-8 code" });
  row(list, text.holder, `${claims.fn || ""} ${claims.ln || ""}`.trim(), { lang: "fa" });
  row(list, text["holder-latin"], `${claims.fnt || ""} ${claims.lnt || ""}`.trim(), { lang: "en", dir: "ltr" });
  row(list, text["national-id"], digits(claims.nid), {
    dir: "ltr", class: "col-sm-8 code", "data-masked-national-id": claims.nid || "",
  });
  // The code isolated left-to-right, so its hyphens and digits keep their order in Persian.
  const code = `\u2066${digits(claims.std)}\u2069`;
  row(list, text.standard, claims.stt && `${claims.stt} (${code})`, { lang: "fa" });
  row(list, text.grade, digits(claims.g), { lang: "fa" });
  row(list, text["issue-date"], claims.d && formatDate(`${claims.d}T12:00:00`, false));
  row(list, text.centre, claims.c, { lang: "fa" });
  row(list, text.issuer, outcome.issuer, { dir: "ltr", class: "col-sm-8 code official-host-name" });
  row(list, text["sealed-at"], outcome.issuedAt && formatDate(outcome.issuedAt * 1000, false));
  row(list, text.key, outcome.kid, { dir: "ltr", class: "col-sm-8 code" });
}

async function showOnlineStatus(claims) {
  const line = result.querySelector(".seal-online");
  const token = claims && claims.u ? new URL(claims.u).pathname.split("/c/")[1] : "";
  if (!token) {
    line.hidden = true;
    return;
  }
  line.hidden = false;
  line.dataset.onlineStatus = "checking";
  line.textContent = text["online-checking"];
  try {
    const response = await fetch(config.statusUrl.replace("TOKEN", encodeURIComponent(token)), {
      cache: "no-store",
    });
    const answer = await response.json();
    if (!text[`online-${answer.status}`]) throw new Error("unexpected answer");
    line.dataset.onlineStatus = answer.status;
    line.textContent = text[`online-${answer.status}`];
    // A genuine seal of a certificate withdrawn since: the whole answer turns to a warning.
    result.classList.toggle("seal-withdrawn", answer.status !== "valid");
  } catch {
    line.dataset.onlineStatus = "unavailable";
    line.textContent = text["online-unavailable"];
  }
}

async function check(raw) {
  const seal = sealFromText(raw);
  if (!seal) {
    result.hidden = true;
    return;
  }
  if (!keySet) await loadKeys();
  const outcome = await verifySeal(seal, keySet || { keys: [] }, config.host);
  result.hidden = false;
  result.dataset.sealStatus = outcome.status;
  result.dataset.sealReason = outcome.reason || "";
  result.className = `seal-result mb-3 seal-${outcome.status}`;  // also clears seal-withdrawn
  result.querySelector(".seal-symbol").textContent = SYMBOLS[outcome.status];
  result.querySelector(".seal-message").textContent = text[outcome.status];
  showClaims(outcome);
  const online = result.querySelector(".seal-online");
  if (outcome.status === "valid" || outcome.status === "retired-key") {
    await showOnlineStatus(outcome.claims);
  } else {
    online.hidden = true;
    online.dataset.onlineStatus = "";
  }
  result.scrollIntoView({ block: "nearest" });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  check(input.value);
});

window.addEventListener("hashchange", () => check(window.location.hash));

const scan = document.getElementById("seal-scan");
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  scan.hidden = false;
  scan.addEventListener("click", async () => {
    const { scanQr } = await import("./scanner.js");
    try {
      const found = await scanQr(document.getElementById("seal-video"), config.jsqrUrl);
      input.value = sealFromText(found);
      check(found);
    } catch {
      keysStatus.textContent = text["camera-failed"];
    }
  });
}

await loadKeys();
if (window.location.hash.length > 1) await check(window.location.hash);
document.documentElement.dataset.sealReady = "true";
