'use strict';
/*
 * National overview with drill-down region -> district -> school. The view is in the URL
 * (?exam=&trail=national,region:CHUY,district:X): the last step of the trail is the area shown,
 * its child areas are the table rows and bars. A signed-in account starts at its own area
 * (SCHOOL: its school; DISTRICT, REGION: theirs; MINISTRY, AUDITOR: the nation).
 */
(() => {
  const { t, } = I18n;
  const { el, fmt } = Dash;
  const CHILD = { national: 'region', region: 'district', district: 'school' };
  let exam = null;
  let trail = [];
  let last = null;

  function home(me) {
    switch (me.role) {
      case 'SCHOOL': return { level: 'school', code: me.schoolId };
      case 'DISTRICT': return { level: 'district', code: me.district };
      case 'REGION': return { level: 'region', code: me.region };
      default: return { level: 'national', code: null };
    }
  }

  const stepText = (a) => (a.level === 'national' ? 'national' : a.level + ':' + a.code);

  function parseTrail(text, start) {
    const steps = (text || '').split(',').filter(Boolean).map((s) => {
      const i = s.indexOf(':');
      return i < 0 ? { level: s, code: null } : { level: s.slice(0, i), code: s.slice(i + 1) };
    });
    // A trail must start at the account's own area; anything else starts over there.
    return steps.length && stepText(steps[0]) === stepText(start) ? steps : [start];
  }

  /** The API area parameter of an area: "region:CHUY"; the nation is "national". */
  const areaParam = (a) => stepText(a);

  /** Query of the areas one level below a: rows are areas of `level` inside `parent`. */
  const childQuery = (a) => (a.level === 'school'
    ? { examId: exam.examId, level: 'school' }
    : { examId: exam.examId, level: CHILD[a.level], parent: a.code });

  function name(a) {
    return Dash.areaName(a.level, a.code);
  }

  function resultsHref(a) {
    return Dash.url('area.html', { exam: exam.examId, area: areaParam(a) });
  }

  function drillHref(steps) {
    return Dash.url('index.html', { exam: exam.examId, trail: steps.map(stepText).join(',') });
  }

  function renderCrumbs() {
    const list = el('ol', null, trail.map((a, i) => el('li', null, i === trail.length - 1
      ? el('span', { 'aria-current': 'location' }, t('level.' + a.level) + ': ' + name(a))
      : el('a', { href: drillHref(trail.slice(0, i + 1)) }, t('level.' + a.level) + ': ' + name(a)))));
    document.getElementById('crumbs').replaceChildren(list);
  }

  function render() {
    const area = trail[trail.length - 1];
    renderCrumbs();
    document.getElementById('area-heading').textContent = t('level.' + area.level) + ': ' + name(area);
    document.getElementById('details-link').replaceChildren(
      el('a', { href: resultsHref(area), id: 'area-results' }, t('overview.details', { area: name(area) })));
    if (!last) return;
    const childLevel = CHILD[area.level] || 'school';
    const rows = last.rows || [];
    const columns = [
      { key: 'area', label: 'level.' + childLevel, format: (v, row) => (row.isTotal ? t('table.total')
        : childLevel === 'school'
          ? el('a', { href: resultsHref({ level: 'school', code: v }), class: 'drill' }, v)
          : el('a', { href: drillHref(trail.concat([{ level: childLevel, code: v }])), class: 'drill' }, v)) },
      { key: 'candidates', label: 'col.candidates', numeric: true, format: fmt.int },
      { key: 'scored', label: 'col.scored', numeric: true, format: fmt.int },
      { key: 'mean', label: 'col.meanCi', numeric: true, value: (r) => fmt.ci(r) },
      { key: 'sd', label: 'col.sd', numeric: true, format: fmt.dec1 },
      { key: 'passRate', label: 'col.passRate', numeric: true, format: fmt.share },
    ];
    const total = last.total ? Object.assign({}, last.total, { isTotal: true, area: '' }) : null;
    document.getElementById('table').replaceChildren(Dash.table(columns, rows, {
      caption: 'overview.tableCaption',
      total,
      csv: Dash.csvUrl('/api/results/areas', childQuery(area)),
    }));
    document.getElementById('chart-caption').textContent = t('overview.chartCaption', { level: t('level.' + childLevel) });
    const box = document.getElementById('chart');
    box.setAttribute('aria-label', t('overview.chartCaption', { level: t('level.' + childLevel) }));
    Charts.bars(box, {
      labels: rows.map((r) => r.area),
      values: rows.map((r) => (r.mean === undefined ? null : r.mean)),
      low: rows.map((r) => (r.ciLow === undefined ? null : r.ciLow)),
      high: rows.map((r) => (r.ciHigh === undefined ? null : r.ciHigh)),
      name: t('col.mean'), max: 100, unit: '%', nullLabel: t('suppressed.marker'),
    });
  }

  async function load() {
    Dash.clearAlert();
    last = null;
    const area = trail[trail.length - 1];
    const content = document.getElementById('content');
    if (!exam) {
      content.hidden = true;
      document.getElementById('alert').className = 'alert info';
      document.getElementById('alert').textContent = t('exam.none');
      document.getElementById('alert').hidden = false;
      return;
    }
    try {
      if (area.level === 'school') {
        // A school has no areas below it: its own row (asked for as one of the schools the
        // account may see) links on to its results page.
        const all = await Dash.get('/api/results/areas', childQuery(area));
        last = { rows: (all.rows || []).filter((r) => r.area === area.code), total: null };
      } else {
        last = await Dash.get('/api/results/areas', childQuery(area));
      }
      content.hidden = false;
      render();
    } catch (error) {
      content.hidden = true;
      Dash.showError(error);
    }
  }

  async function main() {
    const me = await Dash.start('index.html');
    exam = await Dash.examSelector(document.getElementById('exam'), (chosen) => { exam = chosen; load(); });
    trail = parseTrail(Dash.params().get('trail'), home(me));
    I18n.onChange(() => render());
    window.addEventListener('popstate', () => {
      trail = parseTrail(Dash.params().get('trail'), home(me));
      load();
    });
    await load();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
