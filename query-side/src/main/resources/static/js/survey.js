'use strict';
/*
 * A sample survey (?survey=&by=): its design and participation per stratum, and the weighted
 * estimates (mean, percentiles, share at or above each grade) for the nation and the chosen
 * breakdown, each with its replicate standard error and 95 % confidence interval. A suppressed
 * group shows its marker and no value.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  let survey = null;
  let by = 'all';
  let design = null;
  let estimates = null;

  const pm = (s) => (s && s.estimate !== null && s.estimate !== undefined
    ? fmt.dec1(s.estimate) + ' ± ' + (s.standardError === null || s.standardError === undefined ? '—' : fmt.dec1(s.standardError))
    : null);
  const ci = (s) => (s && s.lower !== null && s.lower !== undefined ? fmt.dec1(s.lower) + ' – ' + fmt.dec1(s.upper) : null);

  async function fillSurveys() {
    const select = document.getElementById('survey');
    const list = await Dash.get('/api/surveys', {});
    select.replaceChildren(...list.map((s) => el('option', { value: s.sessionId },
      t('survey.option', { session: s.sessionId, title: s.title || s.examId || '', schools: fmt.int(s.schools) }))));
    const wanted = survey || Dash.params().get('survey');
    if (wanted && list.some((s) => s.sessionId === wanted)) select.value = wanted;
    survey = select.value || null;
  }

  function groupLabel(row) {
    if (row.group === 'all') return t('survey.national');
    return by === 'region' ? row.group : Dash.groupName(by, row.group);
  }

  /** The shell's table marks suppressed cells; its note says why (small cell, one school, complement). */
  function tableRow(row) {
    const out = Object.assign({}, row, { label: groupLabel(row) });
    if (row.suppressed) {
      out.scored = row.suppression === 'COMPLEMENTARY' ? 10 : 0;
      out.suppressionKind = row.suppression === 'SINGLE_SCHOOL' ? 'suppressed.singleSchool' : null;
    }
    return out;
  }

  function render() {
    if (!design || !estimates) return;
    document.getElementById('content').hidden = false;
    const tiles = [
      ['survey.replication', t('survey.method.' + design.replication) + (design.fayFactor !== undefined && design.fayFactor !== null ? ' (k = ' + fmt.dec1(design.fayFactor) + ')' : '')],
      ['survey.replicates', fmt.int(design.replicates)],
      ['survey.schools', fmt.int(design.participatingSchools) + ' / ' + fmt.int(design.schools)],
      ['survey.respondents', fmt.int(design.respondents)],
      ['survey.outside', fmt.int(design.outsideDesign)],
    ];
    document.getElementById('design').replaceChildren(...tiles.map(([key, value]) => el('li', { dataset: { tile: key } },
      el('span', { class: 'n' }, value), t(key))));
    const missing = design.unrepresentedStrata || [];
    const notice = document.getElementById('unrepresented');
    notice.hidden = missing.length === 0;
    notice.textContent = missing.length ? t('survey.unrepresented', { strata: missing.join(', ') }) : '';

    const rows = [estimates.national].concat(estimates.rows || []).map(tableRow);
    const grades = Object.keys(estimates.national.atOrAboveGrade || {});
    const columns = [
      { key: 'label', label: 'survey.group' },
      { key: 'respondents', label: 'survey.respondents', numeric: true, format: fmt.int },
      { key: 'schools', label: 'survey.schoolsShort', numeric: true, format: fmt.int },
      { key: 'population', label: 'survey.population', numeric: true, format: (v) => fmt.int(Math.round(v)) },
      { key: 'mean', label: 'survey.mean', numeric: true, value: (r) => pm(r.mean) },
      { key: 'ci', label: 'survey.ci', numeric: true, value: (r) => ci(r.mean) },
      { key: 'p10', label: 'survey.p10', numeric: true, value: (r) => pm(r.percentiles && r.percentiles.p10) },
      { key: 'p50', label: 'survey.p50', numeric: true, value: (r) => pm(r.percentiles && r.percentiles.p50) },
      { key: 'p90', label: 'survey.p90', numeric: true, value: (r) => pm(r.percentiles && r.percentiles.p90) },
    ].concat(grades.map((g) => ({
      key: 'g' + g, label: 'survey.atOrAbove' + g, numeric: true, value: (r) => pm(r.atOrAboveGrade && r.atOrAboveGrade[g]),
    })));
    document.getElementById('estimates').replaceChildren(Dash.table(columns, rows, {
      caption: 'survey.tableCaption',
      csv: Dash.csvUrl('/api/surveys/' + encodeURIComponent(survey) + '/estimates', { by }),
    }));
    document.getElementById('mean-caption').textContent = t('survey.chartCaption', { method: t('survey.method.' + design.replication) });
    Charts.bars(document.getElementById('mean-chart'), {
      labels: rows.map((r) => r.label),
      values: rows.map((r) => (r.mean ? r.mean.estimate : null)),
      low: rows.map((r) => (r.mean ? r.mean.lower : null)),
      high: rows.map((r) => (r.mean ? r.mean.upper : null)),
      name: t('survey.mean'), max: 100, unit: '%', nullLabel: t('suppressed.marker'),
    });
    document.getElementById('strata').replaceChildren(Dash.table([
      { key: 'stratum', label: 'survey.stratum' },
      { key: 'sampled', label: 'survey.sampled', numeric: true, format: fmt.int },
      { key: 'participating', label: 'survey.participating', numeric: true, format: fmt.int },
      { key: 'respondents', label: 'survey.respondents', numeric: true, format: fmt.int },
    ], design.strata || [], {
      caption: 'survey.strataHeading',
      csv: Dash.csvUrl('/api/surveys/' + encodeURIComponent(survey), {}),
    }));
  }

  async function refresh() {
    if (!survey) {
      document.getElementById('content').hidden = true;
      Dash.showError(new Dash.ApiError(404, { detail: t('survey.none') }));
      return;
    }
    try {
      const path = '/api/surveys/' + encodeURIComponent(survey);
      [design, estimates] = await Promise.all([Dash.get(path, {}), Dash.get(path + '/estimates', { by })]);
      Dash.clearAlert();
      render();
    } catch (error) {
      design = null;
      estimates = null;
      document.getElementById('content').hidden = true;
      Dash.showError(error);
    }
  }

  async function main() {
    await Dash.start('survey.html');
    const bySelect = document.getElementById('by');
    by = ['all', 'region', 'locality', 'language', 'gender'].includes(Dash.params().get('by')) ? Dash.params().get('by') : 'all';
    bySelect.value = by;
    try {
      await fillSurveys();
    } catch (error) {
      Dash.showError(error);
      return;
    }
    document.getElementById('survey').addEventListener('change', (e) => {
      survey = e.target.value;
      Dash.setParams({ survey, by });
      refresh();
    });
    bySelect.addEventListener('change', () => {
      by = bySelect.value;
      Dash.setParams({ survey, by });
      refresh();
    });
    I18n.onChange(() => fillSurveys().then(render));
    await refresh();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
