'use strict';
/*
 * A sample survey (?survey=&by=&score=): its design and participation per stratum, and the
 * weighted estimates (mean, percentiles, share at or above each grade, or on the scaled score from
 * plausible values the share at or above the pass mark) for the nation and the chosen breakdown, each with its replicate standard error and 95 % confidence interval. A suppressed
 * group shows its marker and no value.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  let survey = null;
  let by = 'all';
  let score = 'percent';
  let design = null;
  let estimates = null;
  let asked = 0;
  let since = '';
  let surveys = [];
  let trendAsked = 0;

  const pm = (s) => (s && s.estimate !== null && s.estimate !== undefined
    ? fmt.dec1(s.estimate) + ' ± ' + (s.standardError === null || s.standardError === undefined ? '—' : fmt.dec1(s.standardError))
    : null);
  const ci = (s) => (s && s.lower !== null && s.lower !== undefined ? fmt.dec1(s.lower) + ' – ' + fmt.dec1(s.upper) : null);

  async function fillSurveys() {
    const select = document.getElementById('survey');
    const list = await Dash.get('/api/surveys', {});
    surveys = list;
    select.replaceChildren(...list.map((s) => el('option', { value: s.sessionId },
      t('survey.option', { session: s.sessionId, title: s.title || s.examId || '', schools: fmt.int(s.schools) }))));
    const wanted = survey || Dash.params().get('survey');
    if (wanted && list.some((s) => s.sessionId === wanted)) select.value = wanted;
    survey = select.value || null;
  }

  function groupLabel(row) {
    if (row.group === 'all') return t('survey.national');
    const shownBy = estimates ? estimates.by : by;
    if (row.group === 'unknown') return t('survey.unknownGroup');
    return shownBy === 'region' ? row.group : Dash.groupName(shownBy, row.group);
  }

  /** A row as the table shows it; the shell marks a suppressed one by its `suppression` reason. */
  function tableRow(row) {
    return Object.assign({}, row, { label: groupLabel(row) });
  }

  function render() {
    if (!design || !estimates) return;
    document.getElementById('content').hidden = false;
    const tiles = [
      ['survey.replication', t('survey.method.' + design.replication) + (design.fayFactor !== undefined && design.fayFactor !== null ? ' (k = ' + fmt.dec2(design.fayFactor) + ')' : '')],
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
    const levels = Object.keys(estimates.national.atOrAbove || {});
    const scaled = estimates.score === 'scaled';
    const columns = [
      { key: 'label', label: 'survey.group' },
      { key: 'respondents', label: 'survey.respondents', numeric: true, format: fmt.int },
      { key: 'schools', label: 'survey.schoolsShort', numeric: true, format: fmt.int },
      { key: 'population', label: 'survey.population', numeric: true, format: (v) => fmt.int(Math.round(v)) },
      { key: 'mean', label: scaled ? 'survey.meanScaled' : 'survey.mean', numeric: true, value: (r) => pm(r.mean) },
      { key: 'ci', label: 'survey.ci', numeric: true, value: (r) => ci(r.mean) },
      { key: 'p10', label: 'survey.p10', numeric: true, value: (r) => pm(r.percentiles && r.percentiles.p10) },
      { key: 'p50', label: 'survey.p50', numeric: true, value: (r) => pm(r.percentiles && r.percentiles.p50) },
      { key: 'p90', label: 'survey.p90', numeric: true, value: (r) => pm(r.percentiles && r.percentiles.p90) },
    ].concat(levels.map((level) => ({
      key: level, label: 'survey.atOrAbove.' + level, numeric: true, value: (r) => pm(r.atOrAbove && r.atOrAbove[level]),
    })));
    document.getElementById('estimates').replaceChildren(Dash.table(columns, rows, {
      caption: scaled ? 'survey.tableCaptionScaled' : 'survey.tableCaption',
      csv: Dash.csvUrl('/api/surveys/' + encodeURIComponent(survey) + '/estimates', { by: estimates.by, score: estimates.score }),
    }));
    document.getElementById('mean-caption').textContent = t('survey.chartCaption', { method: t('survey.method.' + design.replication) });
    const scaleNote = document.getElementById('scale-note');
    scaleNote.hidden = !scaled;
    scaleNote.textContent = scaled ? t('survey.scaleNote', {
      slope: fmt.dec1(estimates.scale.slope), intercept: fmt.dec1(estimates.scale.intercept),
      pass: fmt.dec1(estimates.scale.passMark), draws: fmt.int(estimates.plausibleValues), model: estimates.scale.model,
    }) : '';
    Charts.bars(document.getElementById('mean-chart'), {
      labels: rows.map((r) => r.label),
      values: rows.map((r) => (r.mean ? r.mean.estimate : null)),
      low: rows.map((r) => (r.mean ? r.mean.lower : null)),
      high: rows.map((r) => (r.mean ? r.mean.upper : null)),
      name: t(scaled ? 'survey.meanScaled' : 'survey.mean'), max: scaled ? undefined : 100, unit: scaled ? '' : '%', nullLabel: t('suppressed.marker'),
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

  function fillSince() {
    const select = document.getElementById('since');
    const others = surveys.filter((s) => s.sessionId !== survey);
    select.replaceChildren(el('option', { value: '' }, t('survey.sinceNone')), ...others.map((s) => el('option', { value: s.sessionId },
      t('survey.option', { session: s.sessionId, title: s.title || s.examId || '', schools: fmt.int(s.schools) }))));
    if (!others.some((s) => s.sessionId === since)) since = '';
    select.value = since;
  }

  /** The change since the chosen earlier survey, on its scale, with the link that made it. */
  async function refreshTrend() {
    const box = document.getElementById('trend');
    const figure = document.getElementById('trend-figure');
    const linkNote = document.getElementById('trend-link');
    const alert = document.getElementById('trend-alert');
    const ask = ++trendAsked;
    box.replaceChildren();
    figure.hidden = true;
    alert.hidden = true;
    linkNote.textContent = since ? '' : t('survey.sinceHelp');
    if (!since || !survey) return;
    try {
      const trend = await Dash.get('/api/surveys/' + encodeURIComponent(survey) + '/trend', { since, by });
      if (ask !== trendAsked) return;
      linkNote.textContent = t('survey.linkNote', {
        since: trend.since, anchors: fmt.int(trend.link.anchors), slope: fmt.dec2(trend.link.slope),
        intercept: fmt.dec2(trend.link.intercept),
        error: trend.link.linkingError === null || trend.link.linkingError === undefined ? '—' : fmt.dec2(trend.link.linkingError),
      });
      const rows = [trend.national].concat(trend.rows || []).map((r) => Object.assign(tableRow(r), {
        label: r.group === 'all' ? t('survey.national') : r.group === 'unknown' ? t('survey.unknownGroup')
          : (trend.by === 'region' ? r.group : Dash.groupName(trend.by, r.group)),
      }));
      box.replaceChildren(Dash.table([
        { key: 'label', label: 'survey.group' },
        { key: 'since', label: 'survey.trendSince', numeric: true, value: (r) => pm(r.since) },
        { key: 'session', label: 'survey.trendSession', numeric: true, value: (r) => pm(r.session) },
        { key: 'change', label: 'survey.trendChange', numeric: true, value: (r) => pm(r.change) },
        { key: 'ci', label: 'survey.ci', numeric: true, value: (r) => ci(r.change) },
        { key: 'linkingError', label: 'survey.linkingError', numeric: true, format: fmt.dec2 },
      ], rows, {
        caption: 'survey.trendHeading',
        csv: Dash.csvUrl('/api/surveys/' + encodeURIComponent(survey) + '/trend', { since, by: trend.by }),
      }));
      figure.hidden = false;
      Charts.bars(document.getElementById('trend-chart'), {
        labels: rows.map((r) => r.label),
        values: rows.map((r) => (r.change ? r.change.estimate : null)),
        low: rows.map((r) => (r.change ? r.change.lower : null)),
        high: rows.map((r) => (r.change ? r.change.upper : null)),
        name: t('survey.trendChange'), nullLabel: t('suppressed.marker'),
      });
    } catch (error) {
      if (ask !== trendAsked) return;
      alert.hidden = false;
      alert.textContent = (error.problem && (error.problem.detail || error.problem.title)) || String(error.message || error);
    }
  }

  async function refresh() {
    if (!survey) {
      document.getElementById('content').hidden = true;
      Dash.showError(new Dash.ApiError(404, { detail: t('survey.none') }));
      return;
    }
    // only the latest request draws: a slow answer to an earlier choice is dropped
    const ask = ++asked;
    const shown = { by, score };
    try {
      const path = '/api/surveys/' + encodeURIComponent(survey);
      const answers = await Promise.all([Dash.get(path, {}), Dash.get(path + '/estimates', shown)]);
      if (ask !== asked) return;
      [design, estimates] = answers;
      Dash.clearAlert();
      render();
      fillSince();
      refreshTrend();
    } catch (error) {
      if (ask !== asked) return;
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
    const scoreSelect = document.getElementById('score');
    score = Dash.params().get('score') === 'scaled' ? 'scaled' : 'percent';
    scoreSelect.value = score;
    scoreSelect.addEventListener('change', () => {
      score = scoreSelect.value;
      Dash.setParams({ survey, by, score, since });
      refresh();
    });
    try {
      await fillSurveys();
    } catch (error) {
      Dash.showError(error);
      return;
    }
    since = Dash.params().get('since') || '';
    document.getElementById('survey').addEventListener('change', (e) => {
      survey = e.target.value;
      Dash.setParams({ survey, by, score, since });
      refresh();
    });
    document.getElementById('since').addEventListener('change', (e) => {
      since = e.target.value;
      Dash.setParams({ survey, by, score, since });
      refreshTrend();
    });
    bySelect.addEventListener('change', () => {
      by = bySelect.value;
      Dash.setParams({ survey, by, score, since });
      refresh();
    });
    I18n.onChange(() => fillSurveys().then(() => {
      render();
      fillSince();
      refreshTrend();
    }).catch((error) => Dash.showError(error)));
    await refresh();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
