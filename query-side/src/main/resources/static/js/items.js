'use strict';
/*
 * Classical item analysis per exam form (?exam=&version=): difficulty (p-value), discrimination,
 * point-biserial correlation and omit rate, with items worth a reviewer's look flagged in words; and
 * differential item functioning between a focal group and every other candidate.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  let forms = [];
  let last = null;

  /** Review flags under the usual rules of thumb; empty when the item looks sound. */
  function flags(row) {
    const out = [];
    if (row.excluded) out.push(t('items.flag.excluded'));
    if (row.pValue !== null && row.pValue !== undefined && row.pValue < 0.2) out.push(t('items.flag.hard'));
    if (row.pValue !== null && row.pValue !== undefined && row.pValue > 0.9) out.push(t('items.flag.easy'));
    if (row.discrimination !== null && row.discrimination !== undefined && row.discrimination < 0.2) out.push(t('items.flag.lowDiscrimination'));
    if (row.omitRate !== null && row.omitRate !== undefined && row.omitRate > 0.1) out.push(t('items.flag.omitted'));
    return out.join('; ');
  }

  function chosen() {
    const value = document.getElementById('form').value;
    return forms.find((f) => f.examId + '@' + f.version === value) || null;
  }

  function render() {
    const form = chosen();
    if (!last || !form) return;
    document.getElementById('rows').replaceChildren(Dash.table([
      { key: 'itemId', label: 'col.item' },
      { key: 'n', label: 'col.responses', numeric: true, format: fmt.int },
      { key: 'pValue', label: 'col.pValue', numeric: true, format: fmt.dec2 },
      { key: 'discrimination', label: 'col.discrimination', numeric: true, format: fmt.dec2 },
      { key: 'pointBiserial', label: 'col.pointBiserial', numeric: true, format: fmt.dec2 },
      { key: 'omitRate', label: 'col.omitRate', numeric: true, format: fmt.share },
      { key: 'flags', label: 'col.review', value: flags },
    ], last.rows || [], {
      caption: 'items.tableCaption',
      csv: Dash.csvUrl('/api/items', { examId: form.examId, version: form.version }),
      empty: 'items.empty',
    }));
  }

  /** The groups each breakdown offers as the focal group (the reference: every other candidate). */
  const FOCAL = {
    language: ['ru', 'ky', 'uz', 'tg', 'en'],
    gender: ['F', 'M'],
    locality: ['RURAL', 'URBAN'],
  };
  let difAsked = 0;

  function fillFocal() {
    const by = document.getElementById('dif-by').value;
    const select = document.getElementById('dif-focal');
    const keep = select.value;
    select.replaceChildren(...FOCAL[by].map((g) => el('option', { value: g }, Dash.groupName(by, g))));
    if (FOCAL[by].includes(keep)) select.value = keep;
  }

  /** DIF of the chosen form: Mantel–Haenszel (ETS class) and logistic regression per item. */
  async function loadDif() {
    const form = chosen();
    const box = document.getElementById('dif');
    const alert = document.getElementById('dif-alert');
    const ask = ++difAsked;
    box.replaceChildren();
    alert.hidden = true;
    if (!form) return;
    const by = document.getElementById('dif-by').value;
    const focal = document.getElementById('dif-focal').value;
    const query = { examId: form.examId, version: form.version, by, focal };
    try {
      const dif = await Dash.get('/api/items/dif', query);
      if (ask !== difAsked) return;
      const p = (v) => (v < 0.001 ? '< 0.001' : fmt.dec2(v));
      box.replaceChildren(
        el('p', { class: 'muted' }, t('dif.groups', {
          focal: Dash.groupName(by, focal), focalN: fmt.int(dif.focalCandidates), referenceN: fmt.int(dif.referenceCandidates),
        })),
        Dash.table([
          { key: 'itemId', label: 'col.item' },
          { key: 'delta', label: 'dif.delta', numeric: true, format: fmt.dec2 },
          { key: 'ets', label: 'dif.ets' },
          { key: 'mhP', label: 'dif.mhP', numeric: true, format: p },
          { key: 'uniformP', label: 'dif.uniformP', numeric: true, format: p },
          { key: 'nonUniformP', label: 'dif.nonUniformP', numeric: true, format: p },
          { key: 'r2Change', label: 'dif.r2Change', numeric: true, format: (v) => fmt.dec2(v * 100) + ' %' },
          { key: 'lrEffect', label: 'dif.lrEffect' },
          {
            key: 'flagged',
            label: 'dif.flagged',
            value: (r) => (r.excluded ? t('items.flag.excluded') : r.suppressed ? null : r.flagged ? t('dif.flag') : '—'),
          },
        ], dif.rows || [], {
          caption: 'dif.heading',
          rowClass: (r) => (r.flagged ? 'silent' : null),
          csv: Dash.csvUrl('/api/items/dif', query),
          empty: 'items.empty',
        }));
    } catch (error) {
      if (ask !== difAsked) return;
      alert.hidden = false;
      alert.textContent = (error.problem && (error.problem.detail || error.problem.title)) || String(error.message || error);
    }
  }

  async function load() {
    const form = chosen();
    Dash.clearAlert();
    last = null;
    difAsked++;
    document.getElementById('rows').replaceChildren();
    document.getElementById('dif').replaceChildren();
    if (!form) return;
    Dash.setParams({ exam: form.examId, version: form.version });
    try {
      last = await Dash.get('/api/items', { examId: form.examId, version: form.version });
      render();
      loadDif();
    } catch (error) {
      Dash.showError(error);
    }
  }

  function fillForms() {
    const select = document.getElementById('form');
    const keep = select.value;
    select.replaceChildren(...forms.map((f) => el('option', { value: f.examId + '@' + f.version },
      t('exam.option', { title: f.title, subject: f.subject, grade: f.grade, version: f.version }))));
    if (keep) select.value = keep;
  }

  async function main() {
    await Dash.start('items.html');
    forms = await Dash.loadExams();
    fillForms();
    const params = Dash.params();
    const select = document.getElementById('form');
    const wanted = params.get('exam') && params.get('version') ? params.get('exam') + '@' + params.get('version') : null;
    if (wanted && forms.some((f) => f.examId + '@' + f.version === wanted)) select.value = wanted;
    else if (forms.length) select.value = forms[forms.length - 1].examId + '@' + forms[forms.length - 1].version;
    select.addEventListener('change', load);
    fillFocal();
    document.getElementById('dif-by').addEventListener('change', () => { fillFocal(); loadDif(); });
    document.getElementById('dif-focal').addEventListener('change', loadDif);
    I18n.onChange(() => { fillForms(); render(); fillFocal(); loadDif(); });
    await load();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
