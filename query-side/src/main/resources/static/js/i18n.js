'use strict';
/*
 * Tiny i18n for the dashboard. The languages offered are listed in /i18n/languages.json; each has
 * its bundle /i18n/messages_<code>.json (flat "key": "text" with {name} placeholders). A key
 * missing from a bundle falls back to English, so a new language can start partial. The choice is
 * kept in localStorage. Elements marked data-i18n="key" get the text; data-i18n-attr="attr:key;..."
 * sets attributes (aria-label, title, placeholder).
 */
const I18n = (() => {
  const STORAGE_KEY = 'exam.dashboard.lang';
  const FALLBACK = 'en';
  let languages = [];
  let lang = FALLBACK;
  let messages = {};
  let fallback = {};
  const listeners = [];

  async function json(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    return response.json();
  }

  function stored() {
    try { return localStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
  }

  function preferred() {
    const codes = languages.map((l) => l.code);
    const saved = stored();
    if (saved && codes.includes(saved)) return saved;
    for (const tag of navigator.languages || [navigator.language || '']) {
      const code = tag.toLowerCase().split('-')[0];
      if (codes.includes(code)) return code;
    }
    return codes.includes(FALLBACK) ? FALLBACK : codes[0];
  }

  async function load(code) {
    const bundle = await json('/i18n/messages_' + code + '.json');
    if (code === FALLBACK) fallback = bundle;
    else if (Object.keys(fallback).length === 0) fallback = await json('/i18n/messages_' + FALLBACK + '.json');
    messages = bundle;
    lang = code;
    document.documentElement.lang = code;
  }

  /** Text of key in the current language, {placeholders} replaced from params. */
  function t(key, params) {
    let text = key in messages ? messages[key] : key in fallback ? fallback[key] : key;
    if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
    return text;
  }

  /** Translates every marked element under root (default: the whole document). */
  function apply(root) {
    const scope = root || document;
    scope.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    scope.querySelectorAll('[data-i18n-attr]').forEach((el) => {
      for (const pair of el.dataset.i18nAttr.split(';')) {
        const [attr, key] = pair.split(':');
        if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
      }
    });
    if (!root) {
      const title = document.querySelector('title[data-i18n]');
      if (title) document.title = t(title.dataset.i18n);
    }
  }

  async function init() {
    languages = (await json('/i18n/languages.json')).languages;
    await load(preferred());
    apply();
  }

  /** Switches language, remembers it, re-translates the page and tells the listeners. */
  async function use(code) {
    await load(code);
    try { localStorage.setItem(STORAGE_KEY, code); } catch (e) { /* private mode: not kept */ }
    apply();
    listeners.forEach((fn) => fn(code));
  }

  /** BCP 47 tag for number and date formatting. */
  function locale() {
    const entry = languages.find((l) => l.code === lang);
    return (entry && entry.locale) || lang;
  }

  return {
    init, use, t, apply, locale,
    onChange: (fn) => listeners.push(fn),
    current: () => lang,
    languages: () => languages.slice(),
  };
})();
