'use strict';
/*
 * What every dashboard page shares: the JSON API client (problem details, sign-in redirect), the
 * page header (navigation, language switch, account, sign out), the exam selector, number
 * formatting, tables with CSV export and small-cell markers, and the alert area.
 */
const Dash = (() => {
  const t = (key, params) => I18n.t(key, params);

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }

  /** Path with its query string; null and empty parameters are left out. */
  function url(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== '') query.set(key, value);
    }
    const qs = query.toString();
    return qs ? path + '?' + qs : path;
  }

  function csvUrl(path, params) {
    return url(path, Object.assign({}, params, { format: 'csv' }));
  }

  function toLogin() {
    location.assign('/login.html');
  }

  /** GET of the JSON API. Throws ApiError (status and RFC 9457 problem) on a refusal. */
  async function get(path, params) {
    const response = await fetch(url(path, params), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    });
    const type = response.headers.get('Content-Type') || '';
    const signedOut = response.status === 401
      || (response.redirected && new URL(response.url).pathname.startsWith('/login'))
      || (response.ok && type.startsWith('text/html'));
    if (signedOut) {
      toLogin();
      throw new ApiError(401, null);
    }
    if (!response.ok) {
      let problem = null;
      if (type.includes('json')) {
        try { problem = await response.json(); } catch (e) { problem = null; }
      }
      throw new ApiError(response.status, problem);
    }
    return response.json();
  }

  function params() {
    return new URLSearchParams(location.search);
  }

  /** Replaces the page's query string (so reload and back keep the view) without reloading. */
  function setParams(values, push) {
    const query = params();
    for (const [key, value] of Object.entries(values)) {
      if (value === null || value === undefined || value === '') query.delete(key);
      else query.set(key, value);
    }
    const next = location.pathname + (query.toString() ? '?' + query : '');
    if (push) history.pushState(null, '', next);
    else history.replaceState(null, '', next);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  // ---- formatting ------------------------------------------------------------------------

  function number(value, digits) {
    return new Intl.NumberFormat(I18n.locale(), {
      minimumFractionDigits: digits || 0,
      maximumFractionDigits: digits || 0,
    }).format(value);
  }

  const fmt = {
    int: (v) => number(v, 0),
    dec1: (v) => number(v, 1),
    dec2: (v) => number(v, 2),
    /** A percentage already in 0..100. */
    pct: (v) => number(v, 1) + ' %',
    /** A share in 0..1 shown as a percentage. */
    share: (v) => number(v * 100, 1) + ' %',
    dateTime: (v) => new Intl.DateTimeFormat(I18n.locale(), { dateStyle: 'short', timeStyle: 'short' })
      .format(new Date(v)),
    time: (v) => new Intl.DateTimeFormat(I18n.locale(), { timeStyle: 'medium' }).format(new Date(v)),
    /** Mean with its 95 % interval: "62.5 % (51.7–73.3)". */
    ci: (row) => (row.mean === null || row.mean === undefined ? null
      : row.ciLow === null || row.ciLow === undefined ? number(row.mean, 1) + ' %'
        : number(row.mean, 1) + ' % (' + number(row.ciLow, 1) + '–' + number(row.ciHigh, 1) + ')'),
  };

  /**
   * Why a suppressed row is hidden. A row that says why (`suppression`: SMALL_CELL, SINGLE_SCHOOL
   * or COMPLEMENTARY, as the survey API does) is taken at its word; otherwise 'suppressed' (the
   * group is too small) or 'suppressed.complementary' (a group of 10 or more hidden with a small
   * one, so that the small one cannot be worked out from the total).
   */
  const REASONS = {
    SMALL_CELL: 'suppressed',
    SINGLE_SCHOOL: 'suppressed.singleSchool',
    COMPLEMENTARY: 'suppressed.complementary',
  };

  function suppression(row) {
    if (row && REASONS[row.suppression]) return REASONS[row.suppression];
    return row && typeof row.scored === 'number' && row.scored >= 10 ? 'suppressed.complementary' : 'suppressed';
  }

  /** The marker of a cell hidden by suppression (of the given row); explained under the table. */
  function suppressedMarker(row) {
    const kind = suppression(row);
    return el('abbr', { class: 'supp', title: t(kind + '.explanation'), tabindex: '0' }, t(kind + '.marker'));
  }

  function areaName(level, code) {
    if (level === 'national') return t('area.national');
    return code;
  }

  function groupName(by, group) {
    const key = 'group.' + by + '.' + group;
    const text = t(key);
    return text === key ? String(group) : text;
  }

  function statusName(status) {
    const key = 'status.' + status;
    const text = t(key);
    return text === key ? String(status) : text;
  }

  // ---- tables ----------------------------------------------------------------------------

  /**
   * A table. columns: [{key, label (i18n key), format (value, row) -> text|Node, numeric}];
   * options: {caption (i18n key), csv (href), total (a row shown last), rowClass (row -> class),
   * empty (i18n key)}. A null value in a suppressed row shows the suppression's marker.
   */
  function table(columns, rows, options) {
    const opts = options || {};
    const head = el('tr', null, columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'num' : null }, t(c.label))));
    const body = el('tbody');
    const kinds = new Set();
    const addRow = (row, cls) => {
      const tr = el('tr', { class: cls || null });
      columns.forEach((c, i) => {
        const value = c.value ? c.value(row) : row[c.key];
        let content;
        if ((value === null || value === undefined) && row.suppressed) {
          content = suppressedMarker(row);
          kinds.add(suppression(row));
        } else if (value === null || value === undefined) {
          content = '—';
        } else {
          content = c.format ? c.format(value, row) : String(value);
        }
        const cellTag = i === 0 ? 'th' : 'td';
        tr.append(el(cellTag, { scope: i === 0 ? 'row' : null, class: c.numeric ? 'num' : null }, content));
      });
      body.append(tr);
    };
    rows.forEach((row) => addRow(row, opts.rowClass ? opts.rowClass(row) : null));
    if (opts.total) addRow(opts.total, 'total');
    if (rows.length === 0 && !opts.total) {
      body.append(el('tr', null, el('td', { colspan: String(columns.length), class: 'muted' }, t(opts.empty || 'table.empty'))));
    }
    const captionId = opts.caption ? 'caption-' + (++tableCount) : null;
    const tableNode = el('table', null, opts.caption ? el('caption', { id: captionId }, t(opts.caption)) : null, el('thead', null, head), body);
    const foot = el('div', { class: 'table-foot' },
      opts.csv ? el('a', { class: 'csv', href: opts.csv, download: '' }, t('table.csv')) : null,
      ...['suppressed', 'suppressed.complementary', 'suppressed.singleSchool'].filter((k) => kinds.has(k))
        .map((k) => el('p', { class: 'supp-note' }, el('span', { class: 'supp' }, t(k + '.marker')), ' ', t(k + '.explanation'))));
    // The wrapper scrolls sideways when the table is wider than the screen (long Kyrgyz words, a
    // phone): focusable, so that the keyboard can scroll it too (WCAG 2.1.1), and named by the
    // table's caption.
    const wrap = el('div', { class: 'table-wrap', tabindex: '0', role: captionId ? 'region' : null, 'aria-labelledby': captionId }, tableNode);
    return el('div', { class: 'table-block' }, wrap, foot);
  }

  let tableCount = 0;

  // ---- alerts ----------------------------------------------------------------------------

  function alertBox() {
    return document.getElementById('alert');
  }

  function clearAlert() {
    const box = alertBox();
    box.hidden = true;
    box.replaceChildren();
  }

  /** Shows a failure; for a refusal (403) the server's problem detail is shown as it was sent. */
  function showError(error) {
    const box = alertBox();
    const status = error instanceof ApiError ? error.status : 0;
    const heading = status === 403 ? 'error.forbidden' : status === 404 ? 'error.notFound' : 'error.failed';
    const problem = error instanceof ApiError ? error.problem : null;
    box.className = 'alert error';
    // (replaceChildren would write a null out as the text "null": only the parts that apply)
    box.replaceChildren(...[
      el('h2', null, t(heading)),
      problem && problem.title ? el('p', { class: 'problem-title' }, problem.title) : null,
      problem && problem.detail ? el('p', { class: 'problem-detail' }, problem.detail) : null,
      !problem ? el('p', null, error.message) : null].filter(Boolean));
    box.dataset.status = String(status);
    box.hidden = false;
  }

  // ---- page shell ------------------------------------------------------------------------

  const PAGES = [
    ['index.html', 'nav.overview'],
    ['area.html', 'nav.results'],
    ['monitor.html', 'nav.monitor'],
    ['items.html', 'nav.items'],
    // the assessment centre's national accounts and auditors follow marking
    ['marking.html', 'nav.marking', ['MINISTRY', 'AUDITOR']],
    // sample surveys' weighted estimates, for the same national accounts
    ['survey.html', 'nav.survey', ['MINISTRY', 'AUDITOR']],
    // integrity flags of exam sessions: auditors, and an exam centre's administrator (its centre)
    ['integrity.html', 'nav.integrity', ['AUDITOR', 'CENTRE_ADMIN']],
  ];

  /** The roles of a page that names none: every role that reads results by area. */
  const AREA_ROLES = ['SCHOOL', 'DISTRICT', 'REGION', 'MINISTRY', 'AUDITOR'];

  /**
   * A role that may open only a few pages lands on its own when it opens another (the overview
   * after sign-in, an old bookmark) instead of a page of refusals.
   */
  const LANDING = { CENTRE_ADMIN: 'integrity.html' };

  /** The pages a role may open, in the order of the navigation. */
  function pagesOf(role) {
    return PAGES.filter(([, , roles]) => (roles || AREA_ROLES).includes(role));
  }

  let me = null;
  let exams = null;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function renderHeader(current) {
    const header = document.getElementById('top');
    const select = el('select', { id: 'lang' },
      I18n.languages().map((l) => el('option', { value: l.code, lang: l.code, selected: l.code === I18n.current() }, l.name)));
    select.addEventListener('change', () => I18n.use(select.value));
    const token = csrfToken();
    header.replaceChildren(
      el('span', { class: 'brand', 'data-i18n': 'app.title' }, t('app.title')),
      el('nav', { 'aria-label': t('nav.label'), 'data-i18n-attr': 'aria-label:nav.label' },
        el('ul', null, pagesOf(me.role).map(([href, key]) => el('li', null,
          el('a', { href, 'aria-current': href === current ? 'page' : null, 'data-i18n': key }, t(key)))))),
      el('div', { class: 'tools' },
        el('label', { for: 'lang', 'data-i18n': 'lang.label' }, t('lang.label')), select,
        el('span', { id: 'who' }, me ? me.account + ' · ' : '', el('span', { 'data-i18n': 'role.' + (me ? me.role : '') },
          me ? t('role.' + me.role) : '')),
        el('form', { method: 'post', action: '/logout' },
          token ? el('input', { type: 'hidden', name: '_csrf', value: token }) : null,
          el('button', { type: 'submit', class: 'link', 'data-i18n': 'nav.signOut' }, t('nav.signOut')))));
  }

  /**
   * Starts a page: translations, the signed-in account (redirects to sign-in when there is none),
   * the header. Resolves to the account {account, role, region, district, schoolId, centreId}. An
   * account with a landing page (LANDING) that opens a page outside its navigation is sent there.
   */
  async function start(page) {
    await I18n.init();
    try {
      me = await get('/api/me');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) showError(error);
      throw error;
    }
    const landing = LANDING[me.role];
    if (landing && !pagesOf(me.role).some(([href]) => href === page)) {
      location.replace(landing);
      throw new Error('redirected to ' + landing);
    }
    renderHeader(page);
    document.body.dataset.ready = 'true';
    return me;
  }

  async function loadExams() {
    if (!exams) exams = await get('/api/exams');
    return exams;
  }

  function examLabel(exam) {
    return t('exam.option', { title: exam.title, subject: exam.subject, grade: exam.grade, version: exam.version });
  }

  /**
   * Fills the exam selector (one option per exam id, its latest version) and returns the chosen
   * exam, defaulting to the last one listed; remembers the choice in the URL.
   */
  async function examSelector(select, onChange) {
    const all = await loadExams();
    const latest = new Map();
    for (const exam of all) {
      const seen = latest.get(exam.examId);
      if (!seen || exam.version > seen.version) latest.set(exam.examId, exam);
    }
    const list = [...latest.values()];
    select.replaceChildren(...list.map((e) => el('option', { value: e.examId }, examLabel(e))));
    const wanted = params().get('exam');
    const chosen = list.find((e) => e.examId === wanted) || list[list.length - 1] || null;
    if (chosen) select.value = chosen.examId;
    select.addEventListener('change', () => {
      setParams({ exam: select.value });
      onChange(latest.get(select.value));
    });
    I18n.onChange(() => list.forEach((e, i) => { select.options[i].textContent = examLabel(e); }));
    return chosen;
  }

  return {
    ApiError, get, url, csvUrl, params, setParams, el, fmt, table, showError, clearAlert, start,
    loadExams, examSelector, suppressedMarker, areaName, groupName, statusName,
    me: () => me,
    /** Roles that may see per-candidate rows (pseudonymous ids); MINISTRY sees aggregates only. */
    seesCandidates: (role) => ['SCHOOL', 'DISTRICT', 'REGION', 'AUDITOR'].includes(role),
  };
})();
