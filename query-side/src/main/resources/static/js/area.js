'use strict';
/*
 * Results of one area (?exam=&area=school:S-001, district:X, region:Y or national): summary,
 * histogram and grade distribution, results per competency code of the item bank's frameworks,
 * disaggregation by language of instruction, locality, gender
 * and grade, the trend across sessions of the exam's subject and, for a school and a role that may
 * see them, the candidates by pseudonymous id. A refusal (403) shows the server's problem detail.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  const GROUPINGS = ['language', 'locality', 'gender', 'grade'];
  let me = null;
  let exam = null;
  let area = null;
  let data = null;

  function home() {
    switch (me.role) {
      case 'SCHOOL': return 'school:' + me.schoolId;
      case 'DISTRICT': return 'district:' + me.district;
      case 'REGION': return 'region:' + me.region;
      default: return 'national';
    }
  }

  function parts(a) {
    const i = a.indexOf(':');
    return i < 0 ? { level: a, code: null } : { level: a.slice(0, i), code: a.slice(i + 1) };
  }

  function heading() {
    const a = parts(area);
    const level = a.level === 'national' ? '' : t('level.' + a.level);
    const text = t('results.heading', { level, area: Dash.areaName(a.level, a.code) }).trim();
    document.getElementById('heading').textContent = text;
    document.title = text;
  }

  function tile(label, value, row) {
    return el('li', null, el('span', { class: 'n' }, value === null ? (row.suppressed ? Dash.suppressedMarker(row) : '—') : value), t(label));
  }

  function renderDistribution() {
    const d = data.distribution;
    document.getElementById('summary').replaceChildren(
      tile('col.candidates', d.n === null || d.n === undefined ? null : fmt.int(d.n), d),
      tile('col.meanCi', fmt.ci(d), d),
      tile('col.passRate', d.passRate === null || d.passRate === undefined ? null : fmt.share(d.passRate), d));
    if (d.suppressed) {
      document.getElementById('summary').append(el('li', { class: 'warn' }, t('suppressed.explanation')));
    }
    const query = { examId: exam.examId, area };
    const bins = d.bins || [];
    const binLabel = (b) => fmt.int(b.from) + '–' + fmt.int(b.to) + ' %';
    Charts.bars(document.getElementById('histogram'), {
      labels: bins.map((b) => fmt.int(b.from) + '–' + fmt.int(b.to)), values: bins.map((b) => (d.suppressed ? null : b.count)), name: t('col.candidates'),
    });
    document.getElementById('histogram-table').replaceChildren(Dash.table([
      { key: 'range', label: 'col.percentRange', value: binLabel },
      { key: 'count', label: 'col.candidates', numeric: true, format: fmt.int },
    ], bins.map((b) => Object.assign({ suppressed: d.suppressed }, b)), { csv: Dash.csvUrl('/api/results/distribution', query) }));
    const grades = d.grades || [];
    Charts.bars(document.getElementById('grades'), {
      labels: grades.map((g) => String(g.grade)), values: grades.map((g) => (d.suppressed ? null : g.count)), name: t('col.candidates'),
    });
    document.getElementById('grades-table').replaceChildren(Dash.table([
      { key: 'grade', label: 'col.grade' },
      { key: 'count', label: 'col.candidates', numeric: true, format: fmt.int },
    ], grades.map((g) => Object.assign({ suppressed: d.suppressed }, g)), { csv: Dash.csvUrl('/api/results/distribution', query) }));
  }

  function renderDisaggregation() {
    const box = document.getElementById('disaggregation');
    box.replaceChildren();
    const charts = [];
    for (const by of GROUPINGS) {
      const result = data.disaggregation[by];
      const block = el('section', { class: 'disagg', dataset: { by } }, el('h3', null, t('by.' + by)));
      box.append(block);
      if (result instanceof Error) {
        block.append(el('p', { class: 'alert error' }, result.message));
        continue;
      }
      const rows = result.rows || [];
      const chart = el('div', { class: 'chart-box', role: 'img', 'aria-label': t('results.byChart', { by: t('by.' + by) }) });
      block.append(el('figure', { class: 'chart' }, chart));
      block.append(Dash.table([
        { key: 'group', label: 'by.' + by, format: (v) => Dash.groupName(by, v) },
        { key: 'candidates', label: 'col.candidates', numeric: true, format: fmt.int },
        { key: 'mean', label: 'col.meanCi', numeric: true, value: (r) => fmt.ci(r) },
        { key: 'passRate', label: 'col.passRate', numeric: true, format: fmt.share },
      ], rows, { csv: Dash.csvUrl('/api/results/disaggregation', { examId: exam.examId, area, by }) }));
      // Drawn once every block is in the grid, so that each chart takes its column's final width.
      charts.push(() => Charts.bars(chart, {
        labels: rows.map((r) => Dash.groupName(by, r.group)),
        values: rows.map((r) => (r.mean === undefined ? null : r.mean)),
        low: rows.map((r) => (r.ciLow === undefined ? null : r.ciLow)),
        high: rows.map((r) => (r.ciHigh === undefined ? null : r.ciHigh)),
        name: t('col.mean'), max: 100, unit: '%', nullLabel: t('suppressed.marker'),
      }));
    }
    charts.forEach((draw) => draw());
  }

  function renderTrend() {
    const rows = data.trend instanceof Error ? [] : (data.trend.rows || []);
    document.getElementById('trend-caption').textContent = t('results.trendCaption', { subject: exam.subject });
    const label = (r) => (r.opensAt ? fmt.dateTime(r.opensAt) : r.sessionId);
    Charts.lines(document.getElementById('trend'), {
      labels: rows.map(label),
      series: [
        { name: t('col.mean'), values: rows.map((r) => (r.mean === undefined ? null : r.mean)) },
        { name: t('col.passRate'), values: rows.map((r) => (r.passRate === null || r.passRate === undefined ? null : r.passRate * 100)) },
      ],
    });
    document.getElementById('trend-table').replaceChildren(Dash.table([
      { key: 'sessionId', label: 'col.session' },
      { key: 'opensAt', label: 'col.opensAt', format: fmt.dateTime },
      { key: 'candidates', label: 'col.candidates', numeric: true, format: fmt.int },
      { key: 'mean', label: 'col.mean', numeric: true, format: fmt.pct },
      { key: 'passRate', label: 'col.passRate', numeric: true, format: fmt.share },
    ], rows, { csv: Dash.csvUrl('/api/results/trend', { subject: exam.subject, area }) }));
  }

  /** Results per competency code: only when the exam's items come from the item bank. */
  function renderCompetencies() {
    const section = document.getElementById('competencies-section');
    const rows = data.competencies instanceof Error || !data.competencies ? [] : (data.competencies.rows || []);
    section.hidden = rows.length === 0;
    if (!rows.length) return;
    const lang = I18n.current();
    const title = (r) => (r.titles && (r.titles[lang] || r.titles.en || Object.values(r.titles)[0])) || '';
    document.getElementById('competencies').replaceChildren(Dash.table([
      { key: 'code', label: 'col.competency', value: (r) => r.framework + ' ' + r.code + (title(r) ? ' — ' + title(r) : '') },
      { key: 'items', label: 'col.items', numeric: true, format: fmt.int },
      { key: 'scored', label: 'col.candidates', numeric: true, format: fmt.int },
      { key: 'mean', label: 'col.meanCi', numeric: true, value: (r) => fmt.ci(r) },
    ], rows, { csv: Dash.csvUrl('/api/results/competencies', { examId: exam.examId, area }) }));
  }

  function renderCandidates() {
    const section = document.getElementById('candidates-section');
    if (!data.candidates) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    const schoolId = parts(area).code;
    document.getElementById('candidates').replaceChildren(Dash.table([
      { key: 'candidateId', label: 'col.candidate' },
      { key: 'status', label: 'col.status', format: (v) => Dash.statusName(v) },
      { key: 'score', label: 'col.score', numeric: true, value: (r) => (r.score === null || r.score === undefined ? null : fmt.dec1(r.score) + ' / ' + fmt.dec1(r.maxScore)) },
      { key: 'percent', label: 'col.percent', numeric: true, format: fmt.pct },
      { key: 'passed', label: 'col.passed', format: (v) => t(v ? 'yes' : 'no') },
      { key: 'grade', label: 'col.grade', numeric: true },
    ], data.candidates.rows || [], { csv: Dash.csvUrl('/api/results/candidates', { examId: exam.examId, schoolId }) }));
  }

  function render() {
    if (!data) return;
    heading();
    renderDistribution();
    renderDisaggregation();
    renderCompetencies();
    renderTrend();
    renderCandidates();
  }

  const settle = (promise) => promise.catch((error) => error);

  async function load() {
    Dash.clearAlert();
    heading();
    const content = document.getElementById('content');
    data = null;
    if (!exam) {
      content.hidden = true;
      return;
    }
    try {
      // The summary decides whether the area may be seen at all; the rest follows it.
      const distribution = await Dash.get('/api/results/distribution', { examId: exam.examId, area });
      const a = parts(area);
      const [disaggregations, trend, candidates, competencies] = await Promise.all([
        Promise.all(GROUPINGS.map((by) => settle(Dash.get('/api/results/disaggregation', { examId: exam.examId, area, by })))),
        settle(Dash.get('/api/results/trend', { subject: exam.subject, area })),
        a.level === 'school' && Dash.seesCandidates(me.role)
          ? Dash.get('/api/results/candidates', { examId: exam.examId, schoolId: a.code }) : Promise.resolve(null),
        settle(Dash.get('/api/results/competencies', { examId: exam.examId, area })),
      ]);
      data = { distribution, trend, candidates, competencies, disaggregation: Object.fromEntries(GROUPINGS.map((by, i) => [by, disaggregations[i]])) };
      content.hidden = false;
      render();
    } catch (error) {
      content.hidden = true;
      Dash.showError(error);
    }
  }

  async function main() {
    me = await Dash.start('area.html');
    area = Dash.params().get('area') || home();
    exam = await Dash.examSelector(document.getElementById('exam'), (chosen) => { exam = chosen; load(); });
    I18n.onChange(() => { heading(); render(); });
    await load();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
