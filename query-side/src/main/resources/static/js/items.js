'use strict';
/*
 * Classical item analysis per exam form (?exam=&version=): difficulty (p-value), discrimination,
 * point-biserial correlation and omit rate, with items worth a reviewer's look flagged in words.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  let forms = [];
  let last = null;

  /** Review flags under the usual rules of thumb; empty when the item looks sound. */
  function flags(row) {
    const out = [];
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

  async function load() {
    const form = chosen();
    Dash.clearAlert();
    last = null;
    document.getElementById('rows').replaceChildren();
    if (!form) return;
    Dash.setParams({ exam: form.examId, version: form.version });
    try {
      last = await Dash.get('/api/items', { examId: form.examId, version: form.version });
      render();
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
    I18n.onChange(() => { fillForms(); render(); });
    await load();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
