'use strict';
/*
 * Live sitting monitor of one exam session (?session=) or of a school's open sessions (?school=).
 * Refreshes every 20 s while the box is ticked (and the tab is visible); candidates silent for
 * longer than the chosen minutes are listed first and marked in colour and in words.
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  const REFRESH_MS = 20000;
  const COUNTS = ['registered', 'started', 'inProgress', 'submitted', 'timedOut', 'paused', 'silent'];
  let me = null;
  let target = null;
  let last = null;
  let updatedAt = null;
  let timer = 0;

  function endpoint() {
    const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    return kind === 'school' ? '/api/monitor/schools/' + encodeURIComponent(id) : '/api/monitor/sessions/' + encodeURIComponent(id);
  }

  function silentMinutes() {
    const value = parseInt(document.getElementById('silent').value, 10);
    return Number.isFinite(value) && value > 0 ? value : 10;
  }

  async function fillTargets() {
    const select = document.getElementById('target');
    const exams = await Dash.loadExams();
    const options = [];
    if (me.schoolId) options.push(el('option', { value: 'school:' + me.schoolId }, t('monitor.mySchool', { school: me.schoolId })));
    for (const exam of exams) {
      for (const s of exam.sessions || []) {
        if (me.role === 'SCHOOL' && s.schoolId && s.schoolId !== me.schoolId) continue;
        options.push(el('option', { value: 'session:' + s.sessionId }, t('monitor.sessionOption', {
          session: s.sessionId, title: exam.title, opens: s.opensAt ? fmt.dateTime(s.opensAt) : '',
          state: t(s.closed ? 'monitor.closed' : 'monitor.open'),
        })));
      }
    }
    const keep = select.value;
    select.replaceChildren(...options);
    if (keep) {
      if (!options.some((o) => o.value === keep)) select.append(el('option', { value: keep }, keep));
      select.value = keep;
      return;
    }
    const params = Dash.params();
    const wanted = params.get('session') ? 'session:' + params.get('session') : params.get('school') ? 'school:' + params.get('school') : null;
    if (wanted && !options.some((o) => o.value === wanted)) {
      // Asked for by URL though not listed (e.g. another school): asked anyway, the server decides.
      select.append(el('option', { value: wanted }, wanted));
    }
    if (wanted) select.value = wanted;
    target = select.value || null;
  }

  function render() {
    const content = document.getElementById('content');
    if (!last) return;
    content.hidden = false;
    const counts = last.counts || {};
    document.getElementById('counts').replaceChildren(...COUNTS.map((key) => el('li', {
      class: key === 'silent' && counts[key] > 0 ? 'warn' : null, dataset: { count: key },
    }, el('span', { class: 'n' }, fmt.int(counts[key] || 0)), t('count.' + key))));
    document.getElementById('silent-help').textContent = t('monitor.silentHelp', { minutes: silentMinutes() });
    const rows = (last.rows || []).slice().sort((a, b) => (b.silent ? 1 : 0) - (a.silent ? 1 : 0));
    document.getElementById('rows').replaceChildren(Dash.table([
      { key: 'candidateId', label: 'col.candidate' },
      { key: 'sittingId', label: 'col.sitting' },
      { key: 'schoolId', label: 'level.school' },
      { key: 'status', label: 'col.status', format: (v, r) => [Dash.statusName(v), r.silent ? ' ' : '', r.silent ? el('span', { class: 'tag' }, t('monitor.silentTag')) : ''] },
      { key: 'answered', label: 'col.answered', numeric: true, format: fmt.int },
      { key: 'lastActivity', label: 'col.lastActivity', format: fmt.dateTime },
    ], rows, {
      caption: 'monitor.tableCaption',
      rowClass: (r) => (r.silent ? 'silent' : null),
      csv: Dash.csvUrl(endpoint(), { silentMinutes: silentMinutes() }),
      empty: 'monitor.empty',
    }));
    document.getElementById('updated').textContent = updatedAt ? t('monitor.updated', { time: fmt.time(updatedAt) }) : '';
  }

  async function refresh() {
    clearTimeout(timer);
    if (!target) {
      document.getElementById('updated').textContent = t('monitor.noSessions');
      return;
    }
    try {
      last = await Dash.get(endpoint(), { silentMinutes: silentMinutes() });
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
    me = await Dash.start('monitor.html');
    await fillTargets();
    const select = document.getElementById('target');
    select.addEventListener('change', () => {
      target = select.value;
      const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
      Dash.setParams({ session: kind === 'session' ? id : null, school: kind === 'school' ? id : null });
      refresh();
    });
    document.getElementById('silent').addEventListener('change', refresh);
    document.getElementById('refresh').addEventListener('click', refresh);
    document.getElementById('auto').addEventListener('change', schedule);
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); else clearTimeout(timer); });
    I18n.onChange(() => fillTargets().then(render));
    await refresh();
  }

  main().catch(() => { /* shown in the alert area or redirected to sign-in */ });
})();
