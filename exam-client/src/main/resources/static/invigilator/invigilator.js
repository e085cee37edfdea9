// The invigilator view of the exam station: PIN sign-in, sessions and candidates refreshed every
// 5 seconds, pause / resume / extend / incident with a reason, and unlocking a package by release
// code. Times left come from the station's clock (remainingMs), never the browser's.
"use strict";

const T = {
  ky: {
    title: "Көзөмөлчү", language: "Тил", pin: "PIN", signIn: "Кирүү", signOut: "Чыгуу",
    wrongPin: "PIN туура эмес.", locked: "Өтө көп жаңылыш аракет; кийинчерээк кайталаңыз.",
    station: "Станция", stationTime: "Станциянын убактысы (убакыт ушул боюнча эсептелет)",
    session: "Сессия", opens: "ачылат", closes: "жабылат", lockedPkg: "Сессия ачылганга чейин кулпуланган",
    releaseCode: "Ачуу коду", unlock: "Ачуу", unlocked: "Пакет ачылды.",
    candidate: "Катышуучу", code: "Код", status: "Абалы", present: "Катышууда", progress: "Жүрүшү",
    timeLeft: "Калган убакыт", extra: "Кошумча убакыт", sync: "Синхрондоо", actions: "Аракеттер",
    yes: "ооба", no: "жок", pending: "күтүүдө", synced: "жөнөтүлдү", never: "али жок", rejected: "четке кагылды",
    syncAll: "Борбор менен синхрондоо", lastOk: "акыркы ийгиликтүү", error: "ката", noSync: "Серверге туташуу жок",
    pause: "Токтотуу", resume: "Улантуу", extend: "Убакыт кошуу", incident: "Окуя",
    reason: "Себеби", note: "Эскертүү (милдеттүү эмес)", minutes: "Мүнөт", save: "Сактоо", cancel: "Жокко чыгаруу",
    noNames: "Аты-жөндү жазбаңыз.", saved: "Сакталды.", failed: "Ката",
    REGISTERED: "Катталган", IN_PROGRESS: "Иштеп жатат", PAUSED: "Токтотулган", SUBMITTED: "Тапшырды", TIMED_OUT: "Убакыт бүттү",
    DEVICE_FAILURE: "Түзмөк бузулду", POWER_CUT: "Жарык өчтү", NETWORK_LOSS: "Тармак үзүлдү",
    CANDIDATE_UNWELL: "Катышуучунун ден соолугу начарлады", CANDIDATE_LEFT_ROOM: "Катышуучу бөлмөдөн чыкты",
    SUSPECTED_MISCONDUCT: "Эрежени бузуу шеги", DISTURBANCE: "Тынчтык бузулду", LATE_ARRIVAL: "Кечигип келди", OTHER: "Башка",
    accommodations: "Атайын шарттар", readAloud: "үн чыгарып окуу", restBreaks: "тыныгуулар", humanReader: "окуп берүүчү", scribe: "жазып берүүчү", restBreak: "Тыныгуу", restBreakReason: "Эс алуу тыныгуусу (атайын шарт)"
  },
  ru: {
    title: "Наблюдатель", language: "Язык", pin: "PIN", signIn: "Войти", signOut: "Выйти",
    wrongPin: "Неверный PIN.", locked: "Слишком много неверных попыток; попробуйте позже.",
    station: "Станция", stationTime: "Время станции (по нему идёт отсчёт)",
    session: "Сессия", opens: "начало", closes: "конец", lockedPkg: "Закрыт до начала сессии",
    releaseCode: "Код открытия", unlock: "Открыть", unlocked: "Пакет открыт.",
    candidate: "Участник", code: "Код", status: "Статус", present: "Присутствует", progress: "Ход работы",
    timeLeft: "Осталось времени", extra: "Доп. время", sync: "Синхронизация", actions: "Действия",
    yes: "да", no: "нет", pending: "в очереди", synced: "отправлено", never: "ещё нет", rejected: "отклонено",
    syncAll: "Синхронизация с центром", lastOk: "последняя успешная", error: "ошибка", noSync: "Нет связи с сервером",
    pause: "Пауза", resume: "Продолжить", extend: "Продлить", incident: "Инцидент",
    reason: "Причина", note: "Примечание (необязательно)", minutes: "Минуты", save: "Сохранить", cancel: "Отмена",
    noNames: "Не указывайте имён.", saved: "Сохранено.", failed: "Ошибка",
    REGISTERED: "Зарегистрирован", IN_PROGRESS: "Выполняет", PAUSED: "Приостановлен", SUBMITTED: "Сдал", TIMED_OUT: "Время вышло",
    DEVICE_FAILURE: "Сбой устройства", POWER_CUT: "Отключение электричества", NETWORK_LOSS: "Потеря сети",
    CANDIDATE_UNWELL: "Участнику стало плохо", CANDIDATE_LEFT_ROOM: "Участник вышел из аудитории",
    SUSPECTED_MISCONDUCT: "Подозрение на нарушение", DISTURBANCE: "Нарушение порядка", LATE_ARRIVAL: "Опоздание", OTHER: "Другое",
    accommodations: "Особые условия", readAloud: "чтение вслух", restBreaks: "перерывы", humanReader: "чтец", scribe: "помощник для записи", restBreak: "Перерыв", restBreakReason: "Перерыв на отдых (особые условия)"
  },
  en: {
    title: "Invigilator", language: "Language", pin: "PIN", signIn: "Sign in", signOut: "Sign out",
    wrongPin: "Wrong PIN.", locked: "Too many wrong PINs; try again later.",
    station: "Station", stationTime: "Station time (the clock the exam runs on)",
    session: "Session", opens: "opens", closes: "closes", lockedPkg: "Locked until the session opens",
    releaseCode: "Release code", unlock: "Unlock", unlocked: "Package unlocked.",
    candidate: "Candidate", code: "Code", status: "Status", present: "Present", progress: "Progress",
    timeLeft: "Time left", extra: "Extra time", sync: "Sync", actions: "Actions",
    yes: "yes", no: "no", pending: "pending", synced: "synced", never: "not yet", rejected: "rejected",
    syncAll: "Sync with the centre", lastOk: "last success", error: "error", noSync: "No link to the server configured",
    pause: "Pause", resume: "Resume", extend: "Extend", incident: "Incident",
    reason: "Reason", note: "Note (optional)", minutes: "Minutes", save: "Save", cancel: "Cancel",
    noNames: "Do not write names.", saved: "Saved.", failed: "Error",
    REGISTERED: "Registered", IN_PROGRESS: "In progress", PAUSED: "Paused", SUBMITTED: "Submitted", TIMED_OUT: "Timed out",
    DEVICE_FAILURE: "Device failure", POWER_CUT: "Power cut", NETWORK_LOSS: "Network loss",
    CANDIDATE_UNWELL: "Candidate unwell", CANDIDATE_LEFT_ROOM: "Candidate left the room",
    SUSPECTED_MISCONDUCT: "Suspected misconduct", DISTURBANCE: "Disturbance", LATE_ARRIVAL: "Late arrival", OTHER: "Other",
    accommodations: "Accommodations", readAloud: "read aloud", restBreaks: "rest breaks", humanReader: "human reader", scribe: "scribe", restBreak: "Rest break", restBreakReason: "Rest break (accommodation)"
  }
};

const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem("invigilator.lang") || "ky";
let token = sessionStorage.getItem("invigilator.token");
let board = null;        // the last overview
let fetchedAt = 0;       // performance.now() when it arrived
let pending = null;      // the action being entered in the dialog

function t(key) { return (T[lang] && T[lang][key]) || T.en[key] || key; }

function translatePage() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  $("lang").value = lang;
  if (board) render();
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch("/invigilator/api" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const err = new Error((json && json.detail) || r.statusText);
    err.status = r.status; err.type = json && json.type;
    throw err;
  }
  return json;
}

function show(signedIn) {
  $("signin").hidden = signedIn;
  $("board").hidden = !signedIn;
  $("signout").hidden = !signedIn;
}

function message(text, ok) {
  $("message").textContent = text || "";
  $("message").style.color = ok ? "var(--ok)" : "var(--bad)";
}

function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }) : "";
}

function fmtLeft(ms) {
  if (ms < 0) return "";
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(sec).padStart(2, "0");
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (k === "class") e.className = v; else e.setAttribute(k, v); });
  children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c))));
  return e;
}

function leftOf(status, remainingMs, elapsed) {
  return status === "IN_PROGRESS" ? Math.max(0, remainingMs - elapsed) : status === "PAUSED" ? remainingMs : -1;
}

// Once a second: the clock and the times left move on; nothing else is redrawn, so typing and
// focus are not disturbed.
function tick() {
  const elapsed = performance.now() - fetchedAt;
  $("clock").textContent = t("stationTime") + ": " + new Date(Date.parse(board.stationTime) + elapsed).toLocaleTimeString(lang);
  document.querySelectorAll("td[data-left]").forEach((td) => {
    td.textContent = fmtLeft(leftOf(td.dataset.status, Number(td.dataset.left), elapsed));
  });
}

function render() {
  const typed = {};
  document.querySelectorAll("input.rc").forEach((i) => { typed[i.id] = i.value; });
  const focused = document.activeElement && document.activeElement.id;
  renderBoard();
  Object.entries(typed).forEach(([id, v]) => { const i = $(id); if (i) i.value = v; });
  if (focused && $(focused)) $(focused).focus();
}

function renderBoard() {
  const elapsed = performance.now() - fetchedAt;
  $("station").textContent = board.stationId ? t("station") + " " + board.stationId : "";
  $("clock").textContent = t("stationTime") + ": " + new Date(Date.parse(board.stationTime) + elapsed).toLocaleTimeString(lang);
  const s = board.sync;
  $("syncall").textContent = !s ? t("noSync")
    : t("syncAll") + ": " + s.pending + " " + t("pending")
      + (s.lastSuccessAt ? ", " + t("lastOk") + " " + fmtTime(s.lastSuccessAt) : "")
      + (s.lastError ? ", " + t("error") + ": " + s.lastError : "");
  const root = $("sessions");
  root.replaceChildren();
  for (const session of board.sessions) {
    root.append(el("h2", {}, t("session") + " " + session.sessionId + (session.title ? " — " + session.title : "")));
    root.append(el("p", {}, t("opens") + " " + new Date(session.opensAt).toLocaleString(lang) + ", " + t("closes") + " " + new Date(session.closesAt).toLocaleString(lang)));
    if (!session.unlocked) {
      const input = el("input", { id: "rc-" + session.sessionId, class: "rc", "aria-label": t("releaseCode"), placeholder: "XXXX-XXXX-XXXX", autocomplete: "off", size: "16" });
      const button = el("button", { type: "button" }, t("unlock"));
      button.addEventListener("click", () => unlock(session.sessionId, input.value));
      root.append(el("p", { class: "locked" }, t("lockedPkg") + " (" + session.sittingCount + ") "), el("p", {}, t("releaseCode") + ": ", input, " ", button));
      continue;
    }
    const head = el("tr", {}, ...["candidate", "code", "status", "present", "progress", "timeLeft", "extra", "accommodations", "sync", "actions"].map((k) => el("th", { scope: "col" }, t(k))));
    const rows = session.sittings.map((c) => {
      const left = leftOf(c.status, c.remainingMs, elapsed);
      const syncText = c.syncPending == null ? "" : c.syncPending > 0 ? c.syncPending + " " + t("pending")
        : c.lastSyncedAt ? t("synced") + " " + fmtTime(c.lastSyncedAt) : t("never");
      const acts = el("td", { class: "acts" });
      const who = c.candidateId + " (" + c.candidateCode + ")";
      const needs = c.accommodations || {};
      if (c.status === "IN_PROGRESS") acts.append(actionButton("pause", c.sittingId, who));
      // a rest break is a pause with its reason: the clock stops for it, as for every pause
      if (c.status === "IN_PROGRESS" && needs.restBreaks) acts.append(actionButton("restBreak", c.sittingId, who));
      if (c.status === "PAUSED") acts.append(actionButton("resume", c.sittingId, who));
      if (c.status === "IN_PROGRESS" || c.status === "PAUSED") acts.append(actionButton("extend", c.sittingId, who));
      acts.append(actionButton("incident", c.sittingId, who));
      return el("tr", {},
        el("td", {}, c.candidateId), el("td", {}, c.candidateCode),
        el("td", { class: c.status }, t(c.status)), el("td", {}, c.present ? t("yes") : t("no")),
        el("td", { class: "num" }, c.answeredItems + " / " + c.itemCount),
        el("td", { class: "num", "data-left": c.remainingMs, "data-status": c.status }, fmtLeft(left)), el("td", { class: "num" }, c.extraTimePercent ? "+" + c.extraTimePercent + " %" : ""),
        el("td", { class: "needs" }, ["readAloud", "restBreaks", "humanReader", "scribe"].filter((k) => needs[k]).map((k) => t(k)).join(", ")),
        el("td", { class: c.syncRejected ? "bad" : "" }, syncText + (c.syncRejected ? ", " + c.syncRejected + " " + t("rejected") : "")),
        acts);
    });
    root.append(el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
  }
}

function actionButton(kind, sittingId, who) {
  const b = el("button", { type: "button", "data-action": kind, "data-sitting": sittingId }, t(kind));
  b.addEventListener("click", () => openAction(kind, sittingId, who));
  return b;
}

function openAction(kind, sittingId, who) {
  pending = { kind, sittingId };
  $("actiontitle").textContent = t(kind);
  $("actionwho").textContent = who;
  $("minutesrow").hidden = kind !== "extend";
  $("coderow").hidden = kind !== "incident";
  $("reasonlabel").textContent = kind === "incident" ? t("note") : t("reason");
  $("reason").required = kind !== "incident";
  $("reason").value = kind === "restBreak" ? t("restBreakReason") : "";
  $("code").replaceChildren(...(board.incidentCodes || []).map((c) => el("option", { value: c }, t(c))));
  $("action").showModal();
}

async function submitAction() {
  const { kind, sittingId } = pending;
  const reason = $("reason").value.trim();
  const path = "/sittings/" + encodeURIComponent(sittingId) + (kind === "incident" ? "/incidents" : kind === "restBreak" ? "/pause" : "/" + kind);
  const body = kind === "extend" ? { minutes: Number($("minutes").value), reason }
    : kind === "incident" ? { code: $("code").value, note: reason || null } : { reason };
  try {
    await api("POST", path, body);
    message(t("saved"), true);
  } catch (e) {
    message(t("failed") + ": " + e.message);
  }
  refresh();
}

async function unlock(sessionId, code) {
  try {
    await api("POST", "/sessions/" + encodeURIComponent(sessionId) + "/unlock", { releaseCode: code });
    message(t("unlocked"), true);
  } catch (e) {
    message(t("failed") + ": " + e.message);
  }
  refresh();
}

async function refresh() {
  if (!token) return;
  try {
    board = await api("GET", "/overview");
    fetchedAt = performance.now();
    show(true);
    render();
  } catch (e) {
    if (e.status === 401) { token = null; sessionStorage.removeItem("invigilator.token"); show(false); }
    else message(t("failed") + ": " + e.message);
  }
}

$("signin").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    const r = await api("POST", "/sign-in", { pin: $("pin").value });
    token = r.token;
    sessionStorage.setItem("invigilator.token", token);
    $("pin").value = "";
    message("");
    refresh();
  } catch (e) {
    message(e.status === 429 ? t("locked") : t("wrongPin"));
  }
});

$("signout").addEventListener("click", async () => {
  try { await api("POST", "/sign-out"); } catch (e) { /* signed out anyway */ }
  token = null; board = null;
  sessionStorage.removeItem("invigilator.token");
  show(false);
});

$("lang").addEventListener("change", () => { lang = $("lang").value; localStorage.setItem("invigilator.lang", lang); translatePage(); });
$("actionform").addEventListener("submit", (ev) => {
  if (ev.submitter && ev.submitter.value === "ok") { ev.preventDefault(); $("action").close(); submitAction(); }
});

translatePage();
show(!!token);
refresh();
setInterval(refresh, 5000);
setInterval(() => { if (board && !$("board").hidden) tick(); }, 1000);
