/*
 * What the results and receipt pages share: the languages, the dictionaries (the student UI's
 * i18n files, English as the fallback), translation with {placeholders}, and switching the page's
 * language (the #lang select, <html lang>, the title and every [data-t] element).
 */
(function () {
  'use strict';
  var LANGS = ['ky', 'ru', 'uz', 'tg', 'en'];
  var dict = {}, fallback = {}, lang = 'ky';

  function t(key, args) {
    var s = dict[key] || fallback[key] || key;
    if (args) s = s.replace(/\{(\w+)\}/g, function (m, k) { return args[k] !== undefined ? args[k] : m; });
    return s;
  }

  function loadDict(l) {
    return fetch('i18n/' + l + '.json', { cache: 'no-cache' }).then(function (r) { return r.json(); });
  }

  /** Switches to language l (ky when unknown); resolves once the page is translated. */
  function setLang(l, titleKey) {
    lang = LANGS.indexOf(l) < 0 ? 'ky' : l;
    document.getElementById('lang').value = lang;
    return Promise.all([loadDict(lang), loadDict('en')]).then(function (d) {
      dict = d[0]; fallback = d[1];
      document.documentElement.lang = lang;
      document.title = t(titleKey);
      document.querySelectorAll('[data-t]').forEach(function (e) { e.textContent = t(e.getAttribute('data-t')); });
    });
  }

  /** The language asked for by ?lang=, else the one the exam page remembered, else Kyrgyz. */
  function wanted() {
    return new URLSearchParams(location.search).get('lang') || localStorage.getItem('examPref.lang') || 'ky';
  }

  window.ExamPage = { t: t, setLang: setLang, wanted: wanted, lang: function () { return lang; } };
}());
