'use strict';
/*
 * Integrity analysis of one exam session (?session=&severity=&kind=): how many sittings were
 * analysed, the flags raised (answer similarity of a pair, response times, speed, answer changes,
 * a cluster at one station or school) with each flag's statistic, p-value, a reading of its numbers
 * in words and a link to its evidence, and the thresholds in force. A flag is a lead for a person
 * to review, never a finding: the page says so above the numbers and explains how the evidence is
 * checked against the sitting's signed audit bundle. Auditors see every session; an exam centre's
 * administrator only those of its centre.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  const SEVERITY_ORDER = { HIGH: 0, MEDIUM: 1 };
  /** How many sitting ids a flag shows before it only counts the rest (a cluster may have many). */
  const SITTINGS_SHOWN = 3;
  let sessions = [];
  let session = null;
  let analysis = null;
  let asked = 0;

  /** A translated name when the bundle has one (`prefix.code`), else the code as sent. */
  function named(prefix, code) {
    const key = prefix + '.' + code;
    const text = t(key);
    return text === key ? String(code) : text;
  }

  const kindName = (kind) => named('integrity.kind', kind);
  const severityName = (severity) => named('integrity.severity', severity);

  /** "station:Xy12" → "Station Xy12"; a place of another kind is shown as sent. */
  function placeName(place) {
    const text = String(place || '');
    const i = text.indexOf(':');
    if (i < 0) return text || '—';
    const key = 'integrity.place.' + text.slice(0, i);
    const name = t(key, { id: text.slice(i + 1) });
    return name === key ? text : name;
  }

  /** A number of the detail, or a dash when the server left it out. */
  const num = (v, format) => (v === null || v === undefined || Number.isNaN(Number(v)) ? '—' : format(Number(v)));

  /**
   * A p-value: three decimals down to 0.001, below that in e-notation with the language's decimal
   * sign ("1.2e-7"; "1,2e-7" in Russian and Kyrgyz).
   */
  function pValue(v) {
    if (v === 0 || v >= 0.001) return new Intl.NumberFormat(I18n.locale(), { maximumFractionDigits: 3 }).format(v);
    return new Intl.NumberFormat(I18n.locale(), { notation: 'scientific', maximumFractionDigits: 1 })
      .format(v).replace('E', 'e');
  }

  /** One sentence on a flag's numbers, in the page's language. */
  function reading(flag) {
    const d = flag.detail || {};
    switch (flag.kind) {
      case 'SIMILARITY':
        return t('integrity.detail.SIMILARITY', {
          matches: num(d.matches, fmt.int), expected: num(d.expected, fmt.dec1),
          identicalWrong: num(d.identicalWrong, fmt.int), items: num(d.items, fmt.int),
        });
      case 'RESPONSE_TIME':
        return t('integrity.detail.RESPONSE_TIME', { personFit: num(d.personFit, fmt.dec1), items: num(d.items, fmt.int) });
      case 'SPEED':
        return t('integrity.detail.SPEED', {
          speed: num(d.speed, fmt.dec2), predicted: num(d.predicted, fmt.dec2), minutes: num(d.minutes, fmt.dec1),
        });
      case 'ANSWER_CHANGES':
        return t('integrity.detail.ANSWER_CHANGES', {
          changed: num(d.changed, fmt.int), wrongToRight: num(d.wrongToRight, fmt.int), expected: num(d.expected, fmt.dec1),
        });
      case 'CLUSTER': {
        // flags: the flags raised at the place against the number expected there; a mean score
        // (percent) and a mean speed (log seconds) against the cohort's
        const format = d.measure === 'speed' ? fmt.dec2 : fmt.dec1;
        return t('integrity.detail.CLUSTER', {
          measure: named('integrity.measure', d.measure),
          value: num(d.value, d.measure === 'flags' ? fmt.int : format),
          reference: num(d.reference, format), sittings: num(d.sittings, fmt.int),
        });
      }
      default:
        // a kind this page does not know yet: its numbers as sent
        return Object.entries(d).map(([key, value]) => key + ' ' + value).join(', ');
    }
  }

  /** The sittings of a flag: one or two ids, or for many the count and the first few. */
  function sittingsText(flag) {
    const ids = flag.sittings || [];
    if (ids.length <= SITTINGS_SHOWN) return ids.join(', ');
    return t('integrity.sittingsMany', { count: fmt.int(ids.length), first: ids.slice(0, SITTINGS_SHOWN).join(', ') });
  }

  /** The evidence's address: as the server sent it when it is a path of this site, else built. */
  function evidenceHref(flag) {
    if (typeof flag.evidence === 'string' && flag.evidence.startsWith('/') && !flag.evidence.startsWith('//')) return flag.evidence;
    return '/api/integrity/sessions/' + encodeURIComponent(session) + '/flags/' + encodeURIComponent(flag.id) + '/evidence';
  }

  /** "Evidence" link named after its flag, so that a screen reader's list of links tells them apart. */
  function evidenceLink(flag) {
    return el('a', {
      class: 'evidence', href: evidenceHref(flag), type: 'application/json', dataset: { flag: flag.id },
      'aria-label': t('integrity.evidenceName', {
        kind: kindName(flag.kind), place: placeName(flag.place), sittings: sittingsText(flag),
      }),
    }, t('integrity.evidence'));
  }

  /** HIGH before MEDIUM, then the smallest p-value first (a flag without one last), then by id. */
  function byUrgency(a, b) {
    const severity = (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9);
    if (severity) return severity;
    const pa = typeof a.pValue === 'number' ? a.pValue : Infinity;
    const pb = typeof b.pValue === 'number' ? b.pValue : Infinity;
    if (pa !== pb) return pa < pb ? -1 : 1;
    return String(a.id).localeCompare(String(b.id));
  }

  function sessionLabel(s) {
    return t('integrity.sessionOption', {
      session: s.sessionId, exam: s.examId, version: s.examVersion, centre: s.centreId,
      opens: s.opensAt ? fmt.dateTime(s.opensAt) : '—', sittings: fmt.int(s.sittings || 0),
    });
  }

  /** Fills the session picker; the one in the URL is asked for even when it is not listed (the server then says why). */
  function fillSessions() {
    const select = document.getElementById('session');
    const options = sessions.map((s) => el('option', { value: s.sessionId }, sessionLabel(s)));
    if (session && !sessions.some((s) => s.sessionId === session)) options.push(el('option', { value: session }, session));
    select.replaceChildren(...options);
    if (session) select.value = session;
    session = select.value || null;
  }

  function renderCounts() {
    const counts = analysis.counts || {};
    const rate = analysis.falsePositiveRate;
    const tiles = [
      ['sittings', fmt.int(analysis.sittings || 0), 'integrity.count.sittings'],
      ['analysed', fmt.int(analysis.analysed || 0), 'integrity.count.analysed'],
      ['high', fmt.int(counts.HIGH || 0), 'integrity.count.high'],
      ['medium', fmt.int(counts.MEDIUM || 0), 'integrity.count.medium'],
      ['falsePositiveRate', rate > 0 ? t('integrity.oneIn', { n: fmt.int(Math.round(1 / rate)) }) : '—', 'integrity.count.falsePositiveRate'],
    ];
    document.getElementById('counts').replaceChildren(...tiles.map(([key, value, label]) => el('li', {
      id: 'tile-' + key, class: key === 'high' && counts.HIGH > 0 ? 'warn' : null, dataset: { count: key },
    }, el('span', { class: 'n' }, value), t(label))));
  }

  function renderFlags() {
    const all = (analysis.flags || []).slice().sort(byUrgency);
    const severity = document.getElementById('severity').value;
    const kind = document.getElementById('kind').value;
    const shown = all.filter((f) => (!severity || f.severity === severity) && (!kind || f.kind === kind));
    document.getElementById('no-flags').hidden = all.length > 0;
    document.getElementById('flags-block').hidden = all.length === 0;
    document.getElementById('shown').textContent = t('integrity.shown', { shown: fmt.int(shown.length), total: fmt.int(all.length) });
    document.getElementById('flags').replaceChildren(Dash.table([
      { key: 'severity', label: 'integrity.col.severity',
        format: (v) => el('span', { class: v === 'HIGH' ? 'tag' : 'tag medium' }, severityName(v)) },
      { key: 'kind', label: 'integrity.col.kind', format: kindName },
      { key: 'place', label: 'integrity.col.place', format: placeName },
      { key: 'sittings', label: 'integrity.col.sittings', value: sittingsText },
      { key: 'statistic', label: 'integrity.col.statistic', numeric: true, format: fmt.dec2 },
      { key: 'pValue', label: 'integrity.col.pValue', numeric: true, format: pValue },
      { key: 'reading', label: 'integrity.col.reading', value: reading },
      { key: 'evidence', label: 'integrity.col.evidence', value: (r) => r.id, format: (id, r) => evidenceLink(r) },
    ], shown, { caption: 'integrity.flagsCaption', empty: 'integrity.noneMatch' }));
  }

  /** A threshold: a p-value (flag below it) shown as one, a z or ω (flag at or above it) with 2 decimals. */
  function threshold(value, row) {
    return String(row.statistic).startsWith('p') ? pValue(value) : fmt.dec2(value);
  }

  function renderThresholds() {
    const rate = analysis.falsePositiveRate;
    document.getElementById('thresholds-help').textContent = t('integrity.thresholdsHelp', {
      rate: rate > 0 ? t('integrity.oneIn', { n: fmt.int(Math.round(1 / rate)) }) : '—',
    });
    document.getElementById('thresholds').replaceChildren(Dash.table([
      { key: 'kind', label: 'integrity.col.kind', format: kindName },
      { key: 'statistic', label: 'integrity.col.statisticName', format: (v) => el('code', null, v) },
      { key: 'medium', label: 'integrity.col.medium', numeric: true, format: threshold },
      { key: 'high', label: 'integrity.col.high', numeric: true, format: threshold },
    ], analysis.thresholds || [], { caption: 'integrity.thresholdsCaption' }));
  }

  /** The analyses the session is too small for (too few sittings or places for the stated rate). */
  function renderNotAnalysed() {
    const kinds = Object.keys(analysis.notAnalysed || {});
    const box = document.getElementById('not-analysed');
    box.hidden = kinds.length === 0;
    box.textContent = kinds.length ? t('integrity.notAnalysed', { kinds: kinds.map(kindName).join(', ') }) : '';
  }

  function render() {
    if (!analysis) return;
    document.getElementById('content').hidden = false;
    renderNotAnalysed();
    renderCounts();
    renderFlags();
    renderThresholds();
  }

  /** The exam centre an administrator is limited to, said under the picker. */
  function renderScope() {
    const me = Dash.me();
    const scope = document.getElementById('scope');
    scope.hidden = !(me && me.centreId);
    scope.textContent = me && me.centreId ? t('integrity.scope', { centre: me.centreId }) : '';
  }

  async function load() {
    if (!session) {
      analysis = null;
      document.getElementById('content').hidden = true;
      const box = document.getElementById('alert');
      box.className = 'alert info';
      box.textContent = t('integrity.noSessions');
      box.hidden = false;
      return;
    }
    // only the latest request draws: a slow answer for an earlier session is dropped
    const ask = ++asked;
    try {
      const answer = await Dash.get('/api/integrity/sessions/' + encodeURIComponent(session));
      if (ask !== asked) return;
      analysis = answer;
      Dash.clearAlert();
      render();
    } catch (error) {
      if (ask !== asked) return;
      analysis = null;
      document.getElementById('content').hidden = true;
      Dash.showError(error);
    }
  }

  /** The filters' state in the URL, so that reload and a shared link keep the view. */
  function remember() {
    Dash.setParams({
      session, severity: document.getElementById('severity').value, kind: document.getElementById('kind').value,
    });
  }

  /** Sets a filter from the URL when the value is one it offers. */
  function restore(id) {
    const select = document.getElementById(id);
    const wanted = Dash.params().get(id);
    if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  }

  async function main() {
    await Dash.start('integrity.html');
    renderScope();
    restore('severity');
    restore('kind');
    session = Dash.params().get('session');
    try {
      sessions = await Dash.get('/api/integrity/sessions');
    } catch (error) {
      Dash.showError(error);
      return;
    }
    fillSessions();
    document.getElementById('session').addEventListener('change', (e) => {
      session = e.target.value;
      remember();
      load();
    });
    for (const id of ['severity', 'kind']) {
      document.getElementById(id).addEventListener('change', () => {
        remember();
        if (analysis) renderFlags();
      });
    }
    I18n.onChange(() => {
      fillSessions();
      renderScope();
      // without a session there is only the notice to say again
      if (session) render();
      else load();
    });
    await load();
  }

  main().catch(() => { /* shown in the alert area, redirected to sign-in or to the account's own page */ });
})();
