/*
 * The student's exam: sign in with the admission slip, start, answer every item type, autosave,
 * flag, review, hand in; served unchanged by the command side (/exam/) and by the school exam station.
 *
 * Contracts kept here:
 * - Time: the countdown runs from the server's remaining time (GET /api/sittings/{id}), placed on
 *   this page's monotonic clock (performance.now) at the middle of the request's round trip; the
 *   device's wall clock is never used for the deadline.
 * - Answers: each change gets the next clientSeq and is kept in a queue in localStorage until the
 *   server acknowledges it; retries reuse the clientSeq (the server deduplicates). A refusal (4xx
 *   problem) is shown, translated, and dropped: it changed nothing on the server.
 * - Signatures (answer/1, contract/README.md section 5): Ed25519 by a device key made for the
 *   sitting with WebCrypto (private key not extractable, kept in IndexedDB), over the RFC 8785
 *   canonical JSON of {scheme, sittingId, itemId, response, clientSeq, clientTimestamp}.
 * - Shared devices: sign-out, hand-in and time-out remove the token, the queue, the key and every
 *   cached answer of the candidate (all localStorage keys "exam.*", the IndexedDB "exam-keys").
 */
(function () {
  'use strict';
  var API = '/api';
  var LANGS = ['ky', 'ru', 'uz', 'tg', 'en'];
  var LANG_NAMES = { ky: 'Кыргызча', ru: 'Русский', uz: 'Oʻzbekcha', tg: 'Тоҷикӣ', en: 'English' };
  var PREF = 'examPref.';
  var SESSION = 'exam.session';
  var DATA = 'exam.data';
  var SYNC_MS = 30000;
  var $ = function (id) { return document.getElementById(id); };

  var S = blankState();
  var dict = {};
  var fallback = {};

  function blankState() {
    return {
      token: null, sittingId: null, view: null, paper: null, answers: {}, flags: {},
      queue: [], seq: 0, cur: 0, key: null, deadline: null, status: null, sending: false,
      backoff: 1000, timers: [], page: null, refused: {}, rebound: false
    };
  }

  // ---------- canonical JSON (RFC 8785) ----------
  /** RFC 8785 text of a JSON value: sorted members (UTF-16 code units), ECMAScript numbers and strings. */
  function canonicalJson(v) {
    if (v === null || typeof v === 'boolean') return String(v);
    if (typeof v === 'number') {
      if (!isFinite(v)) throw new Error('not a finite number');
      return JSON.stringify(v);
    }
    if (typeof v === 'string') {
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/.test(v)) throw new Error('lone surrogate');
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
    if (typeof v === 'object') {
      // Array.prototype.sort without a comparator compares UTF-16 code units, as RFC 8785 requires.
      return '{' + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ':' + canonicalJson(v[k]); }).join(',') + '}';
    }
    throw new Error('not JSON: ' + typeof v);
  }

  /** Instant.toString() of Java: milliseconds only when not zero. */
  function instantText(ms) {
    return new Date(ms).toISOString().replace('.000Z', 'Z');
  }

  function answerSignedText(sittingId, itemId, response, clientSeq, clientTimestamp) {
    var o = { scheme: 'answer/1', sittingId: sittingId, itemId: itemId, response: response, clientSeq: clientSeq };
    if (clientTimestamp) o.clientTimestamp = clientTimestamp;
    return canonicalJson(o);
  }

  function b64url(buf) {
    var s = '', b = new Uint8Array(buf);
    for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // ---------- device key (WebCrypto Ed25519, IndexedDB) ----------
  function cryptoReady() { return !!(window.crypto && crypto.subtle); }

  function idb(mode, fn) {
    return new Promise(function (resolve) {
      if (!window.indexedDB) return resolve(null);
      var open = indexedDB.open('exam-keys', 1);
      open.onupgradeneeded = function () { open.result.createObjectStore('keys'); };
      open.onerror = function () { resolve(null); };
      open.onsuccess = function () {
        var db = open.result, tx = db.transaction('keys', mode), req = fn(tx.objectStore('keys'));
        tx.oncomplete = function () { db.close(); resolve(req && req.result); };
        tx.onerror = tx.onabort = function () { db.close(); resolve(null); };
      };
    });
  }

  function newKey() {
    return crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']).then(function (pair) {
      return crypto.subtle.exportKey('raw', pair.publicKey).then(function (raw) {
        return crypto.subtle.digest('SHA-256', raw).then(function (h) {
          return { priv: pair.privateKey, pub: b64url(raw), keyId: b64url(h.slice(0, 16)) };
        });
      });
    });
  }

  function storeKey(k) { return idb('readwrite', function (st) { return st.put(k, S.sittingId); }); }

  /** The sitting's device key: the one kept for it on this device, else a new one bound at the server. */
  function ensureKey(bind) {
    if (S.key) return Promise.resolve(S.key);
    if (!cryptoReady()) return Promise.resolve(null);
    return idb('readonly', function (st) { return st.get(S.sittingId); }).then(function (k) {
      if (k && k.priv) { S.key = k; return k; }
      return newKey().then(function (fresh) {
        var bound = bind ? api('POST', '/sittings/' + S.sittingId + '/device-keys', { publicKey: fresh.pub }) : Promise.resolve();
        return bound.then(function () { S.key = fresh; return storeKey(fresh); }).then(function () { return fresh; });
      });
    }).catch(function (e) {
      if (e && e.status) throw e;
      return null; // no Ed25519 here: answers go unsigned; a station signs them, the central server refuses them
    });
  }

  function rebindKey() {
    S.key = null;
    return idb('readwrite', function (st) { return st.delete(S.sittingId); }).then(function () { return ensureKey(true); });
  }

  function sign(e) {
    if (!S.key) return Promise.resolve(null);
    var bytes = new TextEncoder().encode(answerSignedText(S.sittingId, e.itemId, e.response, e.clientSeq, e.clientTimestamp));
    return crypto.subtle.sign({ name: 'Ed25519' }, S.key.priv, bytes).then(function (sig) {
      return { keyId: S.key.keyId, value: b64url(sig) };
    });
  }

  // ---------- i18n ----------
  function t(key, args) {
    var s = dict[key] || fallback[key] || key;
    if (args) s = s.replace(/\{(\w+)\}/g, function (m, k) { return args[k] !== undefined ? args[k] : m; });
    return s;
  }

  function loadDict(lang) {
    return fetch('i18n/' + lang + '.json', { cache: 'no-cache' }).then(function (r) {
      if (!r.ok) throw new Error('i18n ' + lang);
      return r.json();
    });
  }

  function setLang(lang) {
    if (LANGS.indexOf(lang) < 0) lang = 'ky';
    var en = Object.keys(fallback).length ? Promise.resolve(fallback) : loadDict('en');
    return Promise.all([loadDict(lang), en]).then(function (d) {
      dict = d[0]; fallback = d[1];
      localStorage.setItem(PREF + 'lang', lang);
      document.documentElement.lang = lang;
      document.title = t('app.title');
      translateStatic();
    });
  }

  function translateStatic() {
    document.querySelectorAll('[data-t]').forEach(function (el) { el.textContent = t(el.getAttribute('data-t')); });
    document.querySelectorAll('[data-ta]').forEach(function (el) {
      // the visible label ("A−", "A+") begins the spoken name, so that speech input finds it (WCAG 2.5.3)
      var shown = el.textContent.trim();
      el.setAttribute('aria-label', (/^[A-Za-z]/.test(shown) ? shown + ' ' : '') + t(el.getAttribute('data-ta')));
      el.title = t(el.getAttribute('data-ta'));
    });
    renderSave();
  }

  // ---------- storage ----------
  function saveData() {
    if (!S.sittingId) return;
    localStorage.setItem(DATA, JSON.stringify({ sittingId: S.sittingId, seq: S.seq, queue: S.queue, cur: S.cur }));
  }

  function readData() {
    try {
      var d = JSON.parse(localStorage.getItem(DATA) || 'null');
      return d && d.sittingId === S.sittingId ? d : null;
    } catch (e) { return null; }
  }

  /** Forget everything of the current candidate on this device: token, queue, answers, key, screen. */
  function wipe() {
    var id = S.sittingId;
    stopReading();
    S.timers.forEach(clearInterval);
    Object.keys(debounce).forEach(function (k) { clearTimeout(debounce[k]); });
    debounce = {}; warned = {}; onDrained = [];
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (k && k.indexOf('exam.') === 0) localStorage.removeItem(k);
    }
    sessionStorage.clear();
    S = blankState();
    $('main').textContent = '';
    return (id ? idb('readwrite', function (st) { return st.clear(); }) : Promise.resolve()).then(function () {
      if (window.indexedDB) indexedDB.deleteDatabase('exam-keys');
    });
  }

  // ---------- HTTP ----------
  function ApiError(status, type, detail) { this.status = status; this.type = type; this.detail = detail; }

  /** JSON over HTTP; throws ApiError (status 0 = no connection) with the problem's short name. */
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (S.token) headers.Authorization = 'Bearer ' + S.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(API + path, { method: method, headers: headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) })
      .catch(function () { throw new ApiError(0, 'network', ''); })
      .then(function (r) {
        return r.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          if (!r.ok) {
            var type = json && typeof json.type === 'string' ? json.type.replace(/^urn:kg-exam:problem:/, '') : 'http-' + r.status;
            throw new ApiError(r.status, type, json && json.detail);
          }
          return json;
        });
      });
  }

  /** The bytes of an image or audio file the paper shows (a Blob), with the sitting's token. */
  function fetchMedium(sha) {
    return fetch(API + '/sittings/' + S.sittingId + '/media/' + sha, { headers: { Authorization: 'Bearer ' + S.token }, cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new ApiError(r.status, 'http-' + r.status, ''); return r.blob(); });
  }

  function transient(e) {
    return e.status === 0 || e.status >= 500 || e.type === 'concurrent-modification' || e.status === 408 || e.status === 429 && e.type !== 'candidate-locked';
  }

  // ---------- notices ----------
  function problemText(e) {
    var key = 'problem.' + e.type;
    return dict[key] || fallback[key] ? t(key) : t('problem.other');
  }

  function notice(text, code) {
    var n = $('notice');
    n.textContent = '';
    var p = document.createElement('div');
    p.textContent = text;
    n.appendChild(p);
    if (code) { var c = document.createElement('small'); c.textContent = t('problem.code', { c: code }); n.appendChild(c); }
    var b = document.createElement('button');
    b.type = 'button'; b.textContent = '×'; b.setAttribute('aria-label', t('close'));
    b.onclick = function () { n.hidden = true; };
    n.appendChild(b);
    n.dataset.problem = code || '';
    n.hidden = false;
  }

  function showProblem(e) { notice(problemText(e), e.type); }

  function announce(text) { $('announce').textContent = text; }

  // ---------- DOM helpers ----------
  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') n.textContent = v;
      else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), v);
      else if (k === 'class') n.className = v;
      else n.setAttribute(k, v === true ? '' : v);
    });
    (kids || []).forEach(function (c) { if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }

  function page(name, nodes, focusFirst) {
    S.page = name;
    document.body.dataset.page = name;
    var m = $('main');
    m.textContent = '';
    nodes.forEach(function (n) { if (n) m.appendChild(n); });
    if (focusFirst) { var f = m.querySelector(focusFirst); if (f) f.focus(); } else m.focus();
  }

  // ---------- sign-in ----------
  function signInPage(message) {
    var lang = document.documentElement.lang;
    var langs = el('div', { class: 'langs', role: 'group', 'aria-label': t('lang.label') }, LANGS.map(function (l) {
      return el('button', {
        type: 'button', lang: l, 'aria-pressed': String(l === lang), 'data-lang': l, text: LANG_NAMES[l],
        onclick: function () { setLang(l).then(function () { signInPage(); }); }
      });
    }));
    var code = el('input', { id: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, 'aria-describedby': 'slip-hint' });
    var pin = el('input', { id: 'pin', type: 'password', inputmode: 'numeric', autocomplete: 'off', required: true, 'aria-describedby': 'slip-hint' });
    var btn = el('button', { type: 'submit', class: 'primary', text: t('signin.submit') });
    var form = el('form', { novalidate: true, onsubmit: function (ev) {
      ev.preventDefault();
      if (!code.value.trim() || !pin.value) return;
      btn.disabled = true; btn.textContent = t('signin.busy');
      signIn(code.value.trim(), pin.value).catch(function (e) {
        if (S.page !== 'signin') signInPage();
        if (e instanceof ApiError) showProblem(e); else notice(String(e && e.message || e));
        btn.disabled = false; btn.textContent = t('signin.submit');
        pin.value = ''; pin.focus();
      });
    } }, [
      el('div', { class: 'field' }, [el('label', { for: 'code', text: t('signin.code') }), code]),
      el('div', { class: 'field' }, [el('label', { for: 'pin', text: t('signin.pin') }), pin]),
      el('p', { id: 'slip-hint', class: 'hint', text: t('signin.hint') }),
      el('div', { class: 'row' }, [btn])
    ]);
    page('signin', [
      el('h1', { text: t('signin.title') }),
      el('h2', { class: 'sr', text: t('lang.label') }), langs,
      form,
      message ? el('p', { class: 'status-msg', role: 'status', text: message }) : null,
      cryptoReady() ? null : el('p', { class: 'hint', text: t('error.crypto') })
    ], '#code');
  }

  function signIn(code, pin) {
    return api('POST', '/candidate/sign-in', { candidateCode: code, pin: pin }).then(function (r) {
      var previous = readSession();
      var before = previous && previous.sittingId !== r.sittingId ? wipe() : Promise.resolve();
      return before.then(function () {
        $('notice').hidden = true;
        S.token = r.token; S.sittingId = r.sittingId;
        localStorage.setItem(SESSION, JSON.stringify({ token: r.token, sittingId: r.sittingId }));
        return resume();
      });
    });
  }

  function readSession() {
    try { return JSON.parse(localStorage.getItem(SESSION) || 'null'); } catch (e) { return null; }
  }

  // ---------- sitting state and clock ----------
  /** Reads the sitting; places its deadline on the monotonic clock, corrected by half the round trip. */
  function refresh() {
    var t0 = performance.now();
    return api('GET', '/sittings/' + S.sittingId).then(function (v) {
      var t1 = performance.now();
      S.view = v;
      S.status = v.status;
      S.deadline = v.status === 'IN_PROGRESS' || v.status === 'PAUSED' ? (t0 + t1) / 2 + v.remainingMs : null;
      var f = {};
      (v.flaggedItems || []).forEach(function (id) { f[id] = true; });
      S.queue.forEach(function (q) { if (q.kind === 'flag') f[q.itemId] = q.flagged; });
      S.flags = f;
      renderExtra();
      return v;
    });
  }

  function remainingMs() { return S.deadline === null ? 0 : Math.max(0, S.deadline - performance.now()); }

  function renderExtra() {
    var x = S.view && S.view.extraTimePercent;
    var e = $('extra');
    e.hidden = !x;
    if (x) e.textContent = t('timer.extra', { p: x });
  }

  function fmt(ms) {
    var s = Math.ceil(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    var mm = (h ? String(m).padStart(2, '0') : String(m)) + ':' + String(r).padStart(2, '0');
    return h ? h + ':' + mm : mm;
  }

  var warned = {};
  function tick() {
    var c = $('clock'), box = $('timer');
    if (S.status === 'PAUSED') { c.textContent = t('timer.paused'); return; }
    if (S.status !== 'IN_PROGRESS') return;
    var ms = remainingMs();
    c.textContent = fmt(ms);
    box.dataset.remainingMs = String(Math.round(ms));
    box.className = ms <= 60000 ? 'over' : ms <= 300000 ? 'warn' : '';
    // Spoken once each, at 10, 5 and 1 minutes left (never every second): a polite live region.
    if (ms <= 600000 && ms > 540000 && !warned[10]) { warned[10] = true; announce(t('timer.warn10')); }
    if (ms <= 300000 && ms > 240000 && !warned[5]) { warned[5] = true; announce(t('timer.warn5')); }
    if (ms <= 60000 && ms > 0 && !warned[1]) { warned[1] = true; announce(t('timer.warn1')); }
    if (ms <= 0) timeUp();
  }

  // ---------- resume / start ----------
  function resume() {
    page('loading', [el('p', { role: 'status', text: t('resume.loading') })]);
    return api('POST', '/candidate/token').then(function (r) {
      S.token = r.token;
      localStorage.setItem(SESSION, JSON.stringify({ token: r.token, sittingId: S.sittingId }));
    }, function (e) {
      if (e.status === 401) throw e;
    }).then(refresh).then(function (v) {
      if (v.status === 'REGISTERED' || v.status === 'NOT_STARTED' || !v.startedAt) return startPage();
      if (v.status === 'IN_PROGRESS' || v.status === 'PAUSED') return ensureKey(true).then(openExam);
      return donePage();
    });
  }

  function startPage() {
    var x = S.view.extraTimePercent;
    var btn = el('button', { type: 'button', class: 'primary big', id: 'start', text: t('start.button'), onclick: function () {
      btn.disabled = true;
      newKeyIfPossible().then(function (k) {
        return api('POST', '/sittings/' + S.sittingId + '/start', k ? { devicePublicKey: k.pub } : {}).then(function () {
          if (k) { S.key = k; return storeKey(k); }
        });
      }).then(refresh).then(openExam).catch(function (e) {
        btn.disabled = false;
        if (e instanceof ApiError) showProblem(e); else notice(String(e));
      });
    } });
    page('start', [
      el('h1', { text: t('start.title') }),
      el('p', { text: t('start.info') }),
      x ? el('p', { class: 'status-msg', id: 'extra-note', text: t('start.extra', { p: x }) }) : null,
      el('div', { class: 'row' }, [btn])
    ], '#start');
  }

  function newKeyIfPossible() {
    return cryptoReady() ? newKey().catch(function () { return null; }) : Promise.resolve(null);
  }

  function openExam() {
    return api('GET', '/sittings/' + S.sittingId + '/paper').then(function (p) {
      S.paper = p;
      var server = S.view.answers || {};
      var d = readData();
      S.seq = Math.max(S.view.lastClientSeq || 0, d ? d.seq : 0);
      S.queue = d ? d.queue : [];
      S.cur = d ? Math.min(d.cur || 0, p.items.length - 1) : 0;
      S.answers = {};
      Object.keys(server).forEach(function (id) { S.answers[id] = server[id].response; });
      S.queue.forEach(function (q) { if (q.kind === 'answer' && q.clientSeq > ((server[q.itemId] || {}).clientSeq || 0)) S.answers[q.itemId] = q.response; });
      S.queue = S.queue.filter(function (q) { return q.kind !== 'answer' || q.clientSeq > ((server[q.itemId] || {}).clientSeq || 0); });
      S.queue.forEach(function (q) { if (q.kind === 'flag') S.flags[q.itemId] = q.flagged; });
      saveData();
      S.timers.push(setInterval(tick, 250));
      S.timers.push(setInterval(function () { refresh().then(afterRefresh, function () {}); }, SYNC_MS));
      S.timers.push(setInterval(renewToken, 10 * 60000));
      showItem(S.cur);
      tick();
      renderSave();
      pump();
    });
  }

  function renewToken() {
    api('POST', '/candidate/token').then(function (r) {
      S.token = r.token;
      localStorage.setItem(SESSION, JSON.stringify({ token: r.token, sittingId: S.sittingId }));
    }, function () {});
  }

  function afterRefresh(v) {
    if (v.status === 'SUBMITTED' || v.status === 'TIMED_OUT') return finished();
    if (S.page === 'item') setDisabled(v.status !== 'IN_PROGRESS');
    var p = $('paused-msg');
    if (v.status === 'PAUSED' && !p && S.page === 'item') showItem(S.cur);
    if (v.status === 'IN_PROGRESS' && p) showItem(S.cur);
  }

  // ---------- read-aloud (an accommodation recorded at registration) ----------
  /** The prompt and its choices (and matching targets), as one text in the exam's language. */
  function readAloudText(it) {
    // a gap's marker ([g1]) is read as a pause, not as its name
    var parts = [PromptMedia.parts(it.prompt).map(function (p) {
      return p.sha ? ' [' + (p.alt || '∗') + '] ' : p.text.replace(/\[([A-Za-z0-9_.-]+)\]/g, ' … ');
    }).join('')];
    if (it.type === 'TRUE_FALSE' && document.documentElement.lang === S.paper.language) {
      parts.push(t('tf.true'), t('tf.false'));
    }
    (it.choices || []).concat(it.targets || []).forEach(function (c) { parts.push(PromptMedia.plain(c.text)); });
    return parts.filter(function (p) { return p; }).join('. ');
  }
  /** The device's voice for the language, or null; the voice list may arrive a moment late. */
  function voiceFor(lang, then) {
    var synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') { then(null); return; }
    var pick = function () {
      return synth.getVoices().filter(function (v) { return (v.lang || '').toLowerCase().split(/[-_]/)[0] === lang; })[0] || null;
    };
    if (pick() || synth.getVoices().length) { then(pick()); return; }
    var done = false;
    var finish = function () { if (!done) { done = true; then(pick()); } };
    synth.addEventListener('voiceschanged', finish, { once: true });
    setTimeout(finish, 1000);
  }
  function stopReading() {
    if (window.speechSynthesis) try { window.speechSynthesis.cancel(); } catch (e) { /* nothing to stop */ }
  }
  function readAloud(it) {
    voiceFor(S.paper.language, function (voice) {
      var msg = $('read-msg');
      if (msg) msg.textContent = '';
      if (!voice) {
        // set a moment after clearing, so that a live region announces it again on each press
        if (msg) setTimeout(function () { msg.textContent = t('read.noVoice'); }, 100);
        return;
      }
      stopReading();
      var u = new SpeechSynthesisUtterance(readAloudText(it));
      u.voice = voice; u.lang = voice.lang;
      window.speechSynthesis.speak(u);
    });
  }

  // ---------- items ----------
  function item(i) { return S.paper.items[i]; }
  function answered(id) { var a = S.answers[id]; return !!(a && a.length); }
  function locked() { return S.status !== 'IN_PROGRESS' || remainingMs() <= 0; }

  function showItem(i) {
    stopReading();
    S.cur = i; saveData();
    var it = item(i), n = S.paper.items.length;
    var flag = el('button', { type: 'button', class: 'flag', id: 'flag', 'aria-pressed': String(!!S.flags[it.itemId]),
      text: S.flags[it.itemId] ? t('item.flagged') : t('item.flag'), onclick: function () { toggleFlag(it.itemId); } });
    var reads = !!(S.view && S.view.accommodations && S.view.accommodations.readAloud);
    var body = el('div', { class: 'card', id: 'item', 'data-item': it.itemId, 'data-type': it.type, lang: S.paper.language }, [
      el('div', { class: 'qhead' }, [el('h2', { class: 'qnum', lang: document.documentElement.lang, text: t('item.of', { i: i + 1, n: n }) }),
        reads ? el('button', { type: 'button', id: 'read-aloud', class: 'secondary', lang: document.documentElement.lang, text: t('read.aloud'), onclick: function () { readAloud(it); } }) : null,
        flag]),
      reads ? el('p', { id: 'read-msg', role: 'status', lang: document.documentElement.lang }) : null,
      renderItem(it)
    ]);
    page('item', [
      S.status === 'PAUSED' ? el('p', { class: 'status-msg', id: 'paused-msg', role: 'status', text: t('paused.text') }) : null,
      el('h1', { class: 'sr', text: S.paper.title }),
      body,
      el('div', { class: 'nav' }, [
        el('button', { type: 'button', id: 'prev', class: 'secondary', disabled: i === 0, text: t('item.prev'), onclick: function () { showItem(i - 1); } }),
        i < n - 1 ? el('button', { type: 'button', id: 'next', class: 'primary', text: t('item.next'), onclick: function () { showItem(i + 1); } })
          : el('button', { type: 'button', id: 'to-review', class: 'primary', text: t('item.review'), onclick: reviewPage })
      ]),
      el('h2', { id: 'grid-title', text: t('item.grid') }),
      grid(),
      el('div', { class: 'row' }, [el('button', { type: 'button', id: 'review', class: 'secondary', text: t('item.review'), onclick: reviewPage })])
    ], '#item');
    setDisabled(locked());
  }

  function setDisabled(off) {
    document.querySelectorAll('#item input,#item select,#item textarea,#item button').forEach(function (c) { c.disabled = off; });
  }

  function grid() {
    return el('div', { class: 'grid', role: 'navigation', 'aria-labelledby': 'grid-title' }, S.paper.items.map(function (it, j) {
      var a = answered(it.itemId), f = !!S.flags[it.itemId];
      var label = t('item.of', { i: j + 1, n: S.paper.items.length }) + ', ' + (a ? t('grid.answered') : t('grid.unanswered')) + (f ? ', ' + t('grid.flaggedShort') : '');
      return el('button', { type: 'button', class: (a ? 'answered ' : '') + (f ? 'flagged' : ''), 'data-goto': it.itemId,
        'aria-current': j === S.cur && S.page === 'item' ? 'true' : null, 'aria-label': label, text: String(j + 1),
        onclick: function () { showItem(j); } });
    }));
  }

  function refreshGrid() {
    var g = document.querySelector('.grid');
    if (g) { var fresh = grid(); g.replaceWith(fresh); }
  }

  function renderItem(it) {
    var id = it.itemId, cur = S.answers[id] || [], f;
    var prompt = el('p', { class: 'prompt', id: 'prompt-' + id });
    if (it.type !== 'GAP') PromptMedia.fill(prompt, it.prompt, fetchMedium);
    var said = PromptMedia.plain(it.prompt); // what a label says: media as their alternative text
    var choices = it.choices || [];
    switch (it.type) {
      case 'SINGLE_CHOICE':
      case 'TRUE_FALSE':
      case 'MULTIPLE_RESPONSE': {
        var multi = it.type === 'MULTIPLE_RESPONSE';
        var opts = it.type === 'TRUE_FALSE' ? [{ id: 'true', text: t('tf.true') }, { id: 'false', text: t('tf.false') }] : choices;
        f = el('fieldset', { 'aria-describedby': 'prompt-' + id }, [el('legend', { class: 'sr', text: said })].concat(opts.map(function (c) {
          return el('label', { class: 'opt' }, [
            el('input', { type: multi ? 'checkbox' : 'radio', name: 'r-' + id, value: c.id, checked: cur.indexOf(c.id) >= 0, onchange: function () {
              var picked = Array.prototype.filter.call(f.querySelectorAll('input'), function (x) { return x.checked; }).map(function (x) { return x.value; });
              change(f, picked, 0);
            } }),
            PromptMedia.fill(el('span', { lang: it.type === 'TRUE_FALSE' ? document.documentElement.lang : null }), c.text, fetchMedium)
          ]);
        })));
        return el('div', null, [prompt, f]);
      }
      case 'NUMERIC':
      case 'SHORT_TEXT': {
        var num = it.type === 'NUMERIC';
        var inp = el('input', { type: 'text', id: 'in-' + id, autocomplete: 'off', spellcheck: 'false', inputmode: num ? 'decimal' : null, value: cur[0] || '', 'aria-describedby': num ? 'hint-' + id : null });
        var hint = num ? el('p', { class: 'hint', id: 'hint-' + id, text: t('numeric.hint') }) : null;
        inp.addEventListener('input', function () {
          var v = inp.value.trim();
          if (num) {
            v = v.replace(/\s/g, '').replace(',', '.').replace('−', '-');
            var bad = v !== '' && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v);
            inp.setAttribute('aria-invalid', String(bad));
            hint.textContent = bad ? t('numeric.invalid') : t('numeric.hint');
            if (bad) return;
          }
          change(inp, v === '' ? [] : [v], 700);
        });
        return el('div', null, [prompt, el('label', { for: 'in-' + id, class: 'sr', text: said }), inp, hint]);
      }
      case 'EXTENDED_TEXT': {
        var ta = el('textarea', { id: 'in-' + id, autocomplete: 'off', 'aria-labelledby': 'prompt-' + id, 'aria-describedby': 'count-' + id });
        ta.value = cur[0] || '';
        var count = el('p', { class: 'hint', id: 'count-' + id, text: t('text.chars', { n: ta.value.length }) });
        ta.addEventListener('input', function () {
          count.textContent = t('text.chars', { n: ta.value.length });
          change(ta, ta.value.trim() === '' ? [] : [ta.value], 1200);
        });
        return el('div', null, [prompt, ta, count]);
      }
      case 'ORDERING': return el('div', null, [prompt, ordering(it, cur)]);
      case 'MATCHING': {
        var pairs = {};
        cur.forEach(function (p) { var s = p.split(' '); pairs[s[0]] = s[1]; });
        var box = el('div', { class: 'match', role: 'group', 'aria-labelledby': 'prompt-' + id });
        choices.forEach(function (c) {
          var sel = el('select', { id: 'm-' + id + '-' + c.id, 'data-source': c.id }, [el('option', { value: '', text: t('match.none') })].concat((it.targets || []).map(function (tg) {
            return el('option', { value: tg.id, selected: pairs[c.id] === tg.id, text: PromptMedia.plain(tg.text) });
          })));
          sel.addEventListener('change', function () {
            var r = [];
            box.querySelectorAll('select').forEach(function (s) { if (s.value) r.push(s.getAttribute('data-source') + ' ' + s.value); });
            change(box, r, 0);
          });
          box.appendChild(PromptMedia.fill(el('label', { for: sel.id }), c.text, fetchMedium));
          box.appendChild(sel);
        });
        return el('div', null, [prompt, box]);
      }
      case 'GAP': {
        var vals = {};
        cur.forEach(function (p) { var k = p.indexOf('='); vals[p.slice(0, k)] = p.slice(k + 1); });
        var gaps = choices.map(function (c) { return c.id; });
        var para = el('p', { class: 'prompt', id: 'prompt-' + id });
        var collect = function () {
          var r = [];
          para.querySelectorAll('input').forEach(function (g) { var v = g.value.trim(); if (v) r.push(g.getAttribute('data-gap') + '=' + v); });
          change(para, r, 700);
        };
        var gapNo = 0;
        // media first: a medium's [alt] is never a gap
        PromptMedia.parts(it.prompt).forEach(function (m) {
          if (m.sha) { para.appendChild(PromptMedia.medium(m, fetchMedium)); return; }
          m.text.split(/\[([A-Za-z0-9_.-]+)\]/).forEach(function (part, j) {
            if (j % 2 === 0) { if (part) para.appendChild(document.createTextNode(part)); return; }
            if (gaps.length && gaps.indexOf(part) < 0) { para.appendChild(document.createTextNode('[' + part + ']')); return; }
            gapNo++;
            var g = el('input', { type: 'text', class: 'gap', autocomplete: 'off', spellcheck: 'false', 'data-gap': part, 'aria-label': t('gap.label', { g: gapNo }), value: vals[part] || '' });
            g.addEventListener('input', collect);
            para.appendChild(g);
          });
        });
        return para;
      }
      default:
        return el('div', null, [prompt, el('p', { class: 'hint', text: it.type })]);
    }
  }

  function ordering(it, cur) {
    var id = it.itemId, byId = {};
    (it.choices || []).forEach(function (c) { byId[c.id] = c; });
    var order = cur.length ? cur.filter(function (x) { return byId[x]; }) : (it.choices || []).map(function (c) { return c.id; });
    (it.choices || []).forEach(function (c) { if (order.indexOf(c.id) < 0) order.push(c.id); });
    var wrap = el('div', { role: 'group', 'aria-labelledby': 'prompt-' + id });
    var draw = function (focus) {
      wrap.textContent = '';
      var list = el('ol', { class: 'order' });
      order.forEach(function (cid, k) {
        var move = function (d) { return function () { var x = order[k]; order[k] = order[k + d]; order[k + d] = x; draw(cid + (d < 0 ? 'u' : 'd')); change(wrap, order.slice(), 0); }; };
        list.appendChild(el('li', { 'data-choice': cid }, [
          PromptMedia.fill(el('span'), byId[cid].text, fetchMedium),
          el('button', { type: 'button', 'data-move': cid + 'u', disabled: k === 0, 'aria-label': t('order.up') + ': ' + PromptMedia.plain(byId[cid].text), text: '↑', onclick: move(-1) }),
          el('button', { type: 'button', 'data-move': cid + 'd', disabled: k === order.length - 1, 'aria-label': t('order.down') + ': ' + PromptMedia.plain(byId[cid].text), text: '↓', onclick: move(1) })
        ]));
      });
      wrap.appendChild(el('p', { class: 'hint', lang: document.documentElement.lang, text: t('order.hint') }));
      wrap.appendChild(list);
      if (!answered(id)) wrap.appendChild(el('button', { type: 'button', class: 'secondary', id: 'keep-order', text: t('order.confirm'), onclick: function () { change(wrap, order.slice(), 0); draw(); } }));
      var f = focus && wrap.querySelector('[data-move="' + focus + '"]');
      if (f) { if (f.disabled) f = f.parentNode.querySelector('button:not([disabled])'); if (f) f.focus(); }
    };
    draw();
    return wrap;
  }

  // ---------- autosave ----------
  var debounce = {};
  /** A change of the item whose element holds `node`: kept at once, sent after `delayMs` of quiet. */
  function change(node, response, delayMs) {
    if (locked()) return;
    var holder = node.closest('[data-item]'), id = holder.getAttribute('data-item');
    S.answers[id] = response;
    clearTimeout(debounce[id]);
    debounce[id] = setTimeout(function () { enqueueAnswer(id, response); }, delayMs);
    refreshGrid();
  }

  function enqueueAnswer(id, response) {
    delete debounce[id];
    // A newer answer supersedes one of the same item that was never sent; a sent one keeps its clientSeq for retries.
    S.queue = S.queue.filter(function (q) { return !(q.kind === 'answer' && q.itemId === id && !q.sent); });
    S.queue.push({ kind: 'answer', itemId: id, response: response, clientSeq: ++S.seq, clientTimestamp: instantText(Date.now()), sent: false });
    saveData();
    pump();
  }

  function flushDebounced() {
    Object.keys(debounce).forEach(function (id) { clearTimeout(debounce[id]); enqueueAnswer(id, S.answers[id]); });
  }

  function toggleFlag(id) {
    if (locked()) return;
    var on = !S.flags[id];
    S.flags[id] = on;
    S.queue.push({ kind: 'flag', itemId: id, flagged: on });
    saveData();
    var b = $('flag');
    if (b) { b.setAttribute('aria-pressed', String(on)); b.textContent = on ? t('item.flagged') : t('item.flag'); }
    refreshGrid();
    pump();
  }

  /** Sends the queue in order, one request at a time; transient failures back off and retry the same entry. */
  function pump() {
    if (S.sending || !S.queue.length || !S.sittingId) { renderSave(); return; }
    S.sending = true;
    renderSave();
    var e = S.queue[0], sittingId = S.sittingId;
    var send;
    if (e.kind === 'flag') {
      send = api('POST', '/sittings/' + sittingId + '/flags', { itemId: e.itemId, flagged: e.flagged });
    } else {
      e.sent = true; saveData();
      send = sign(e).then(function (sig) {
        var body = { itemId: e.itemId, response: e.response, clientSeq: e.clientSeq, clientTimestamp: e.clientTimestamp };
        if (sig) body.signature = sig;
        return api('POST', '/sittings/' + sittingId + '/answers', body);
      });
    }
    send.then(function () {
      if (S.sittingId !== sittingId) return;
      S.queue.shift(); S.backoff = 1000; S.offline = false; S.rebound = false;
      delete S.refused[e.itemId];
      saveData();
      S.sending = false;
      pump();
      if (!S.queue.length) drained();
    }, function (err) {
      if (S.sittingId !== sittingId) return;
      S.sending = false;
      if (!(err instanceof ApiError)) err = new ApiError(0, 'network', String(err));
      if (err.type === 'invalid-answer-signature' && !S.rebound && cryptoReady()) {
        // Another device bound its key since; bind a new one here and re-sign (same clientSeq).
        S.rebound = true;
        return rebindKey().then(pump, function () { S.offline = true; retryLater(); });
      }
      if (err.status === 401) {
        return api('POST', '/candidate/token').then(function (r) { S.token = r.token; localStorage.setItem(SESSION, JSON.stringify({ token: r.token, sittingId: S.sittingId })); retryLater(); },
          function () {
            // The queue stays stored: signing in again as the same candidate sends it.
            S.timers.forEach(clearInterval); S.timers = [];
            S = blankState();
            signInPage(t('session.expired'));
          });
      }
      if (transient(err)) { S.offline = true; retryLater(); return; }
      // Refused: the server changed nothing; drop the entry and show the server's check translated.
      S.queue.shift();
      S.offline = false;
      if (e.kind === 'answer') { S.refused[e.itemId] = true; revert(e.itemId); }
      else {
        S.flags[e.itemId] = !e.flagged;
        var b = $('flag'), card = $('item');
        if (b && card && card.getAttribute('data-item') === e.itemId) { b.setAttribute('aria-pressed', String(!e.flagged)); b.textContent = !e.flagged ? t('item.flagged') : t('item.flag'); }
        refreshGrid();
      }
      saveData();
      showProblem(err);
      if (err.type === 'sitting-finished' || err.type === 'answer-after-deadline') refresh().then(function (v) { if (v.status !== 'IN_PROGRESS') finished(); }, function () {});
      pump();
      // A refusal can empty the queue too: whoever waits for it (the hand-in) must hear so.
      if (!S.queue.length) drained();
    });
  }

  function retryLater() {
    renderSave();
    var wait = S.backoff;
    S.backoff = Math.min(S.backoff * 2, 15000);
    setTimeout(pump, wait);
  }

  /** After a refused answer the item shows what the server holds (or a newer queued answer). */
  function revert(id) {
    var server = (S.view && S.view.answers && S.view.answers[id]) || null;
    var queued = S.queue.filter(function (q) { return q.kind === 'answer' && q.itemId === id; }).pop();
    if (queued) S.answers[id] = queued.response;
    else if (server) S.answers[id] = server.response;
    else delete S.answers[id];
    refresh().then(function () {}, function () {});
    refreshGrid();
  }

  function pendingAnswers() { return S.queue.length + Object.keys(debounce).length; }

  function renderSave() {
    var s = $('save');
    if (!s) return;
    var n = pendingAnswers();
    var state = S.offline && n ? 'offline' : n || S.sending ? 'saving' : Object.keys(S.refused).length ? 'error' : 'saved';
    s.dataset.state = state;
    s.dataset.pending = String(n);
    s.textContent = state === 'offline' ? t('save.offline', { n: n }) : t('save.' + state);
  }

  var onDrained = [];
  function drained() { var f = onDrained; onDrained = []; f.forEach(function (x) { x(); }); }
  function whenDrained() {
    flushDebounced();
    if (!S.queue.length) return Promise.resolve();
    return new Promise(function (res) { onDrained.push(res); });
  }

  // ---------- review and hand-in ----------
  function reviewPage() {
    S.page = 'review';
    var items = S.paper.items, a = 0, f = 0;
    items.forEach(function (it) { if (answered(it.itemId)) a++; if (S.flags[it.itemId]) f++; });
    page('review', [
      el('h1', { text: t('review.title') }),
      el('p', { id: 'review-counts', text: t('review.counts', { a: a, n: items.length, f: f }) }),
      el('ol', { class: 'review' }, items.map(function (it, j) {
        var label = t('item.of', { i: j + 1, n: items.length }) + ': ' + (answered(it.itemId) ? t('grid.answered') : t('grid.unanswered')) + (S.flags[it.itemId] ? ' ⚑ ' + t('grid.flaggedShort') : '');
        return el('li', null, [el('button', { type: 'button', class: 'secondary', 'data-goto': it.itemId, text: label, onclick: function () { showItem(j); } })]);
      })),
      el('div', { class: 'row' }, [
        el('button', { type: 'button', class: 'secondary', id: 'back', text: t('review.back'), onclick: function () { showItem(S.cur); } }),
        el('button', { type: 'button', class: 'primary', id: 'submit', disabled: locked(), text: t('submit.button'), onclick: function () { confirmSubmit(items.length - a, f); } })
      ])
    ], 'h1');
  }

  function confirm(title, lines, yes, no) {
    return new Promise(function (resolve) {
      var d = $('confirm'), body = $('confirm-body');
      $('confirm-title').textContent = title;
      body.textContent = '';
      lines.forEach(function (l) { if (l) body.appendChild(el('p', { text: l })); });
      $('confirm-yes').textContent = yes; $('confirm-no').textContent = no;
      var done = function (v) { return function () { d.close(); resolve(v); }; };
      $('confirm-yes').onclick = done(true); $('confirm-no').onclick = done(false);
      d.oncancel = function () { resolve(false); };
      d.showModal();
      $('confirm-no').focus();
    });
  }

  function confirmSubmit(unanswered, flagged) {
    confirm(t('submit.confirmTitle'), [t('submit.confirmText'), unanswered ? t('submit.unanswered', { n: unanswered }) : '', flagged ? t('submit.flagged', { n: flagged }) : ''],
      t('submit.yes'), t('submit.no')).then(function (ok) {
      if (!ok) return;
      var btn = $('submit');
      if (btn) btn.disabled = true;
      announce(t('submit.waiting'));
      var timer = setTimeout(function () { if (S.offline) notice(t('submit.offline')); }, 4000);
      whenDrained().then(function () {
        clearTimeout(timer);
        return api('POST', '/sittings/' + S.sittingId + '/submit');
      }).then(function (v) { S.view = v; finished(); }, function (e) {
        if (btn) btn.disabled = false;
        if (e instanceof ApiError) showProblem(e);
        if (e.type === 'sitting-finished') finished();
      });
    });
  }

  function timeUp() {
    if (S.timeUp) return;
    S.timeUp = true;
    setDisabled(true);
    announce(t('timeup.text'));
    if (S.page === 'item') {
      var m = $('main');
      m.insertBefore(el('p', { class: 'status-msg', id: 'timeup-msg', role: 'status', text: t('timeup.text') }), m.firstChild);
    }
    flushDebounced();
    // The server hands the sitting in at its deadline; ask until it says so (or that time was added).
    var poll = function () {
      refresh().then(function (v) {
        if (v.status === 'IN_PROGRESS' && v.remainingMs > 0) { S.timeUp = false; showItem(S.cur); return; }
        if (S.queue.length) { S.backoff = 1000; pump(); return setTimeout(poll, 1500); } // let the server judge what is queued first
        if (v.status === 'SUBMITTED' || v.status === 'TIMED_OUT') return finished();
        setTimeout(poll, 1500);
      }, function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 500);
  }

  /** Handed in (by the candidate or by the server at the deadline): show the server's state, then forget it here. */
  function finished() {
    if (!S.sittingId || S.page === 'done') return;
    S.timers.forEach(clearInterval); S.timers = [];
    var view = S.view, token = S.token, sittingId = S.sittingId;
    var n = S.paper ? S.paper.items.length : null;
    wipe().then(function () { donePage(view, n, token, sittingId); });
  }

  function donePage(view, n, token, sittingId) {
    if (!view) { view = S.view; token = S.token; sittingId = S.sittingId; wipe(); }
    // candidates see their result only once the centre releases the session's results
    var result = el('p', { id: 'result', role: 'status' }, [
      t('done.later') + ' ',
      el('a', { href: 'result.html', text: t('result.title') })
    ]);
    page('done', [
      el('h1', { id: 'done-status', 'data-status': view.status, text: view.status === 'TIMED_OUT' ? t('done.timedOut') : t('done.submitted') }),
      el('p', { text: t('done.answered', { a: view.answeredItems, n: n === null || n === undefined ? view.answeredItems : n }) }),
      result,
      el('div', { class: 'row' }, [el('button', { type: 'button', class: 'primary', id: 'next-candidate', text: t('done.next'), onclick: function () { wipe().then(function () { signInPage(); }); } })])
    ], 'h1');
  }

  // ---------- header tools ----------
  function prefs() {
    var f = +(localStorage.getItem(PREF + 'font') || 0);
    document.documentElement.dataset.font = String(f);
    var hc = localStorage.getItem(PREF + 'contrast') === '1';
    document.body.classList.toggle('hc', hc);
    $('contrast').setAttribute('aria-pressed', String(hc));
  }

  function bindTools() {
    var font = function (d) { return function () { var f = Math.max(-1, Math.min(3, +(localStorage.getItem(PREF + 'font') || 0) + d)); localStorage.setItem(PREF + 'font', String(f)); prefs(); }; };
    $('font-down').onclick = font(-1);
    $('font-up').onclick = font(1);
    $('contrast').onclick = function () { localStorage.setItem(PREF + 'contrast', document.body.classList.contains('hc') ? '0' : '1'); prefs(); };
    $('signout').onclick = function () {
      flushDebounced();
      if (S.queue.length) { notice(t('signout.pending')); pump(); return; }
      confirm(t('signout.button'), [t('signout.confirm')], t('signout.button'), t('submit.no')).then(function (ok) {
        if (ok) wipe().then(function () { signInPage(); });
      });
    };
    window.addEventListener('online', function () { S.backoff = 1000; pump(); });
    // A change still in its debounce interval goes into the stored queue before the page goes away.
    window.addEventListener('pagehide', flushDebounced);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && S.page && S.sittingId && S.paper && S.page !== 'done') {
        renewToken();
        refresh().then(afterRefresh, function () {});
      }
    });
  }

  function boot() {
    prefs();
    bindTools();
    load();
  }

  function load() {
    var s = readSession();
    setLang(localStorage.getItem(PREF + 'lang') || 'ky').then(function () {
      if (!s || !s.token) return signInPage();
      S.token = s.token; S.sittingId = s.sittingId;
      return resume().catch(function (e) {
        if (e instanceof ApiError && e.status === 401) { var q = readData(); return signInPage(q && q.queue.length ? t('session.expired') : null); }
        if (e instanceof ApiError && e.status === 0) { notice(t('error.network')); setTimeout(load, 3000); return; }
        if (e instanceof ApiError) showProblem(e);
        signInPage();
      });
    });
  }

  // Exposed for the browser test: the canonical form this page signs, checked against the Java contract.
  window.examUi = { canonicalJson: canonicalJson, answerSignedText: answerSignedText, instantText: instantText };
  boot();
})();
