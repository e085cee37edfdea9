/*
 * The candidate's released result: sign in with the admission slip's code and PIN, see the total,
 * grade and sections in one's language, appeal within the window, download the receipt. Nothing is
 * stored on the device; the token lives in this page's memory only.
 */
(function () {
  'use strict';
  var t = window.ExamPage.t;
  var token = null, sittingId = null;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
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

  function setLang(l) {
    return window.ExamPage.setLang(l, 'result.title');
  }

  function when(iso) {
    try {
      return new Intl.DateTimeFormat(window.ExamPage.lang(), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  }

  function problem(r) {
    return r.json().catch(function () { return {}; }).then(function (p) {
      var name = (p.type || '').replace('urn:kg-exam:problem:', '');
      var known = t('problem.' + name);
      var e = new Error(known === 'problem.' + name ? t('problem.other') : known);
      e.problem = name;
      throw e;
    });
  }

  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body) headers['Content-Type'] = 'application/json';
    return fetch('/api' + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store', credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : problem(r); }, function () { throw new Error(t('error.network')); });
  }

  function page(name, nodes) {
    document.body.dataset.page = name;
    var m = $('main');
    m.textContent = '';
    nodes.forEach(function (n) { if (n) m.appendChild(n); });
    var h = m.querySelector('h1');
    if (h) { h.tabIndex = -1; h.focus(); }
  }

  function notice(text) {
    $('notice').textContent = text || '';
    $('notice').hidden = !text;
  }

  function signInPage() {
    var code = el('input', { id: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', required: true });
    var pin = el('input', { id: 'pin', type: 'password', inputmode: 'numeric', autocomplete: 'off', required: true });
    var form = el('form', { id: 'signin', novalidate: true, onsubmit: function (ev) {
      ev.preventDefault();
      notice('');
      api('POST', '/candidate/sign-in', { candidateCode: code.value.trim(), pin: pin.value.trim() }).then(function (r) {
        token = r.token; sittingId = r.sittingId;
        pin.value = '';
        return showResult();
      }).catch(function (e) { notice(e.message); });
    } }, [
      el('label', { for: 'code', text: t('signin.code') }), code,
      el('label', { for: 'pin', text: t('signin.pin') }), pin,
      el('p', { class: 'hint', text: t('signin.hint') }),
      el('button', { type: 'submit', class: 'primary', text: t('signin.submit') })
    ]);
    page('signin', [el('h1', { text: t('result.title') }), el('p', { text: t('result.intro') }), form]);
  }

  function showResult() {
    return api('GET', '/sittings/' + encodeURIComponent(sittingId) + '/result').then(render, function (e) {
      if (e.problem === 'results-not-released') {
        page('not-released', [el('h1', { text: t('result.title') }), el('p', { id: 'not-released', text: t('result.notReleased') })]);
      } else {
        notice(e.message);
      }
    });
  }

  function round(x) { return Math.round(x * 100) / 100; }

  function render(r) {
    var nodes = [el('h1', { text: t('result.title') })];
    nodes.push(el('p', { id: 'total', text: t('done.result', { s: round(r.rawTotal), m: round(r.maxTotal), p: round(r.percentage) }) }));
    nodes.push(el('p', { id: 'grade', text: t('done.grade', { g: r.grade }) + ' ' + (r.passed ? t('result.passed') : t('result.failed')) }));
    if (r.scaledScore !== null && r.scaledScore !== undefined) {
      nodes.push(el('p', { id: 'scaled', text: t('result.scaled', { s: round(r.scaledScore) }) }));
    }
    if (!r.finalResult) nodes.push(el('p', { class: 'hint', text: t('result.provisional') }));
    nodes.push(el('h2', { text: t('result.sections') }));
    nodes.push(el('ul', { id: 'sections' }, r.sections.map(function (s) {
      return el('li', { text: t('result.section', { s: s.sectionId, p: round(s.points), m: round(s.maxPoints) }) });
    })));
    nodes.push(appealPart(r));
    nodes.push(el('h2', { text: t('result.receipt.title') }));
    nodes.push(el('p', { text: t('result.receipt.hint') }));
    nodes.push(el('div', { class: 'row' }, [
      el('button', { type: 'button', id: 'receipt', class: 'primary', text: t('result.receipt.download'), onclick: downloadReceipt }),
      el('a', { href: 'receipt.html', text: t('result.receipt.check') })
    ]));
    page('result', nodes);
  }

  function appealPart(r) {
    var box = el('section', { id: 'appeal', 'aria-labelledby': 'appeal-title' }, [el('h2', { id: 'appeal-title', text: t('result.appeal.title') })]);
    if (r.appeal) {
      box.appendChild(el('p', { id: 'appeal-sent', text: t('result.appeal.sent', { d: when(r.appeal.lodgedAt) }) }));
      if (r.appeal.outcome) {
        box.appendChild(el('p', { id: 'appeal-outcome', text: t('result.appeal.' + r.appeal.outcome, { r: r.appeal.decisionReason || '' }) }));
      }
    } else if (r.canAppeal) {
      var reason = el('textarea', { id: 'appeal-reason', maxlength: '1000', rows: '4', required: true });
      box.appendChild(el('p', { text: t('result.appeal.hint', { d: when(r.appealsCloseAt) }) }));
      box.appendChild(el('form', { novalidate: true, onsubmit: function (ev) {
        ev.preventDefault();
        notice('');
        if (!reason.value.trim()) { reason.setAttribute('aria-invalid', 'true'); reason.focus(); return; }
        api('POST', '/sittings/' + encodeURIComponent(sittingId) + '/appeals', { reason: reason.value.trim() })
          .then(showResult).catch(function (e) { notice(e.message); });
      } }, [
        el('label', { for: 'appeal-reason', text: t('result.appeal.reason') }), reason,
        el('button', { type: 'submit', id: 'appeal-submit', text: t('result.appeal.submit') })
      ]));
    } else if (r.appealsCloseAt) {
      box.appendChild(el('p', { text: t('result.appeal.closed', { d: when(r.appealsCloseAt) }) }));
    }
    return box;
  }

  function downloadReceipt() {
    api('GET', '/sittings/' + encodeURIComponent(sittingId) + '/receipt').then(function (receipt) {
      var blob = new Blob([JSON.stringify(receipt, null, 1)], { type: 'application/json' });
      var a = el('a', { href: URL.createObjectURL(blob), download: 'receipt-' + sittingId + '.json' });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function (e) { notice(e.message); });
  }

  setLang(window.ExamPage.wanted()).then(signInPage);
  $('lang').addEventListener('change', function () {
    setLang($('lang').value).then(function () { if (token) showResult(); else signInPage(); });
  });
}());
