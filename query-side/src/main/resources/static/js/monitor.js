'use strict';
/*
 * Live sitting monitor of one exam session (?session=), or of the sittings in open sessions at an
 * exam centre (?centre=) or of a school (?school=); the scope kind is chosen on the page.
 * Refreshes every 20 s while the box is ticked (and the tab is visible); candidates silent for
 * longer than the chosen minutes are listed first and marked in colour and in words, after those
 * overdue (still open past their deadline: a station's hand-in that has not arrived).
 */
(() => {
  const { t } = I18n;
  const { el, fmt } = Dash;
  const REFRESH_MS = 20000;
  const COUNTS = ['registered', 'started', 'inProgress', 'submitted', 'timedOut', 'paused', 'silent', 'overdue', 'incidents'];
  const KINDS = ['session', 'centre', 'school'];
  const PATHS = { session: '/api/monitor/sessions/', centre: '/api/monitor/centres/', school: '/api/monitor/schools/' };
  let me = null;
  let kind = 'session';
  let target = null;
  let last = null;
  let updatedAt = null;
  let timer = 0;

  function endpoint() {
    const [k, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    return PATHS[k] + encodeURIComponent(id);
  }

  function silentMinutes() {
    const value = parseInt(document.getElementById('silent').value, 10);
    return Number.isFinite(value) && value > 0 ? value : 10;
  }

  /** The choices of one scope kind, from the sessions of the caller's area. */
  function optionsOf(k, exams) {
    const options = [];
    if (k === 'session') {
      for (const exam of exams) {
        for (const s of exam.sessions || []) {
          if (me.role === 'SCHOOL' && s.schoolId && s.schoolId !== me.schoolId) continue;
          options.push(el('option', { value: 'session:' + s.sessionId }, t('monitor.sessionOption', {
            session: s.sessionId, title: exam.title, opens: s.opensAt ? fmt.dateTime(s.opensAt) : '',
            state: t(s.closed ? 'monitor.closed' : 'monitor.open'),
          })));
        }
      }
    } else if (k === 'centre') {
      const open = new Map();
      for (const exam of exams) {
        for (const s of exam.sessions || []) {
          if (!s.centreId) continue;
          open.set(s.centreId, (open.get(s.centreId) || 0) + (s.closed ? 0 : 1));
        }
      }
      for (const [centre, n] of [...open.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
        options.push(el('option', { value: 'centre:' + centre }, t('monitor.centreOption', { centre, open: fmt.int(n) })));
      }
    } else {
      const schools = new Set(me.schoolId ? [me.schoolId] : []);
      if (me.role !== 'SCHOOL') {
        for (const exam of exams) for (const s of exam.sessions || []) if (s.schoolId) schools.add(s.schoolId);
      }
      for (const school of schools) {
        options.push(el('option', { value: 'school:' + school }, school === me.schoolId
          ? t('monitor.mySchool', { school }) : t('monitor.schoolOption', { school })));
      }
    }
    return options;
  }

  async function fillTargets() {
    const select = document.getElementById('target');
    const kindSelect = document.getElementById('kind');
    const exams = await Dash.loadExams();
    kindSelect.replaceChildren(...KINDS.map((k) => el('option', { value: k }, t('monitor.scope.' + k))));
    const keep = target;
    kindSelect.value = kind;
    const options = optionsOf(kind, exams);
    select.replaceChildren(...options);
    const wanted = keep || (Dash.params().get(kind) ? kind + ':' + Dash.params().get(kind) : null);
    if (wanted && !options.some((o) => o.value === wanted)) {
      // Asked for by URL though not listed (e.g. another school): asked anyway, the server decides.
      select.append(el('option', { value: wanted }, wanted.slice(wanted.indexOf(':') + 1)));
    }
    if (wanted) select.value = wanted;
    target = select.value || null;
    document.getElementById('centre-help').hidden = kind !== 'centre';
  }

  /** The words beside a status: a station's sitting, overdue, silent. */
  function tags(r) {
    const words = [];
    if (r.stationRun) words.push('monitor.stationTag');
    if (r.overdue) words.push('monitor.overdueTag');
    if (r.silent) words.push('monitor.silentTag');
    return words.flatMap((w) => [' ', el('span', { class: 'tag' }, t(w))]);
  }

  function render() {
    const content = document.getElementById('content');
    if (!last) return;
    content.hidden = false;
    const counts = last.counts || {};
    document.getElementById('counts').replaceChildren(...COUNTS.map((key) => el('li', {
      class: (key === 'silent' || key === 'overdue' || key === 'incidents') && counts[key] > 0 ? 'warn' : null, dataset: { count: key },
    }, el('span', { class: 'n' }, fmt.int(counts[key] || 0)), t('count.' + key))));
    document.getElementById('silent-help').textContent = t('monitor.silentHelp', { minutes: silentMinutes() });
    const overdueHelp = document.getElementById('overdue-help');
    overdueHelp.hidden = !(counts.overdue > 0);
    overdueHelp.textContent = t('monitor.overdueHelp');
    const rank = (r) => (r.overdue ? 2 : 0) + (r.silent ? 1 : 0);
    const rows = (last.rows || []).slice().sort((a, b) => rank(b) - rank(a));
    document.getElementById('rows').replaceChildren(Dash.table([
      { key: 'candidateId', label: 'col.candidate' },
      { key: 'sittingId', label: 'col.sitting' },
      { key: 'schoolId', label: 'level.school' },
      kind === 'session' ? null : { key: 'sessionId', label: 'col.session' },
      { key: 'status', label: 'col.status', format: (v, r) => [Dash.statusName(v), ...tags(r)] },
      { key: 'answered', label: 'col.answered', numeric: true, format: fmt.int },
      { key: 'incidents', label: 'col.incidents', numeric: true, format: fmt.int },
      { key: 'lastActivity', label: 'col.lastActivity', format: fmt.dateTime },
    ].filter(Boolean), rows, {
      caption: 'monitor.tableCaption',
      rowClass: (r) => (r.overdue || r.silent ? 'silent' : null),
      csv: Dash.csvUrl(endpoint(), { silentMinutes: silentMinutes() }),
      empty: 'monitor.empty',
    }));
    document.getElementById('updated').textContent = updatedAt ? t('monitor.updated', { time: fmt.time(updatedAt) }) : '';
  }

  async function refresh() {
    clearTimeout(timer);
    if (!target) {
      last = null;
      document.getElementById('content').hidden = true;
      document.getElementById('updated').textContent = t(kind === 'session' ? 'monitor.noSessions' : 'monitor.noTargets');
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
    // the URL's choice, else the caller's school, else a session
    kind = KINDS.find((k) => Dash.params().get(k)) || (me.schoolId ? 'school' : 'session');
    await fillTargets();
    const select = document.getElementById('target');
    const remember = () => {
      const id = target ? target.slice(target.indexOf(':') + 1) : null;
      Dash.setParams(Object.fromEntries(KINDS.map((k) => [k, k === kind ? id : null])));
    };
    select.addEventListener('change', () => {
      target = select.value;
      remember();
      refresh();
    });
    document.getElementById('kind').addEventListener('change', async () => {
      kind = document.getElementById('kind').value;
      target = null;
      Dash.setParams(Object.fromEntries(KINDS.map((k) => [k, null])));
      await fillTargets();
      remember();
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
