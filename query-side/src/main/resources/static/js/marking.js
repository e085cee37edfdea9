'use strict';
/*
 * Live marking monitor of one exam session (?session=): scripts by state, marks given and still
 * needed, and per marker their marks, throughput in the last hour, accuracy on seeded scripts and
 * whether they are stopped. Refreshes every 20 s while the box is ticked and the tab is visible.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  const REFRESH_MS = 20000;
  const COUNTS = ['scripts', 'awaiting', 'disputed', 'resolved', 'marks', 'remaining'];
  let session = null;
  let last = null;
  let updatedAt = null;
  let timer = 0;

  async function fillSessions() {
    const select = document.getElementById('target');
    const exams = await Dash.loadExams();
    const options = [];
    for (const exam of exams) {
      for (const s of exam.sessions || []) {
        options.push(el('option', { value: s.sessionId }, t('monitor.sessionOption', {
          session: s.sessionId, title: exam.title, opens: s.opensAt ? fmt.dateTime(s.opensAt) : '',
          state: t(s.closed ? 'monitor.closed' : 'monitor.open'),
        })));
      }
    }
    select.replaceChildren(...options);
    const wanted = session || Dash.params().get('session');
    if (wanted && !options.some((o) => o.value === wanted)) {
      select.append(el('option', { value: wanted }, wanted));
    }
    if (wanted) select.value = wanted;
    session = select.value || null;
  }

  function render() {
    if (!last) return;
    document.getElementById('content').hidden = false;
    const counts = last.counts || {};
    document.getElementById('counts').replaceChildren(...COUNTS.map((key) => el('li', {
      class: key === 'disputed' && counts[key] > 0 ? 'warn' : null, dataset: { count: key },
    }, el('span', { class: 'n' }, fmt.int(counts[key] || 0)), t('count.' + key))));
    document.getElementById('rows').replaceChildren(Dash.table([
      { key: 'markerId', label: 'col.marker', format: (v, r) => (r.stopped ? [v, ' ', el('span', { class: 'tag' }, t('marking.stoppedTag'))] : v) },
      { key: 'marks', label: 'col.marks', numeric: true, format: fmt.int },
      { key: 'marksLastHour', label: 'col.marksLastHour', numeric: true, format: fmt.int },
      { key: 'lastMarkAt', label: 'col.lastMark', format: (v) => (v ? fmt.dateTime(v) : '—') },
      { key: 'seedMarks', label: 'col.seedMarks', numeric: true, format: fmt.int },
      { key: 'seedMeanAbsoluteDifference', label: 'col.seedAccuracy', numeric: true, format: (v) => (v === null || v === undefined ? '—' : fmt.dec2(v)) },
    ], last.markers || [], {
      caption: 'marking.tableCaption',
      rowClass: (r) => (r.stopped ? 'silent' : null),
      csv: Dash.csvUrl('/api/marking/sessions/' + encodeURIComponent(session), {}),
      empty: 'marking.empty',
    }));
    document.getElementById('updated').textContent = updatedAt ? t('monitor.updated', { time: fmt.time(updatedAt) }) : '';
  }

  async function refresh() {
    clearTimeout(timer);
    if (!session) {
      last = null;
      document.getElementById('content').hidden = true;
      document.getElementById('updated').textContent = t('monitor.noSessions');
      return;
    }
    try {
      last = await Dash.get('/api/marking/sessions/' + encodeURIComponent(session), {});
      updatedAt = new Date();
      Dash.clearAlert();
      render();
    } catch (error) {
      last = null;
      document.getElementById('content').hidden = true;
      Dash.showError(error);
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (document.getElementById('auto').checked) timer = setTimeout(refresh, REFRESH_MS);
  }

  async function main() {
    await Dash.start('marking.html');
    await fillSessions();
    const select = document.getElementById('target');
    select.addEventListener('change', () => {
      session = select.value;
      Dash.setParams({ session });
      refresh();
    });
    document.getElementById('refresh').addEventListener('click', refresh);
    document.getElementById('auto').addEventListener('change', schedule);
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); else clearTimeout(timer); });
    I18n.onChange(() => fillSessions().then(render));
    await refresh();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
