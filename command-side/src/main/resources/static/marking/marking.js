/*
 * The marker's page: sign in with the staff account, take scripts of a session, read each one
 * blind (prompt, rubric, the answer as text) and record points per criterion. Talks only to the
 * command side's marking API; credentials stay in this page's memory.
 */
(function () {
  'use strict';

  const TEXT = {
    ky: {
      title: 'Жазуу иштерин баалоо', skip: 'Мазмунга өтүү', language: 'Тил', signout: 'Чыгуу',
      'signin.title': 'Кирүү', account: 'Эсеп', password: 'Сырсөз', session: 'Сессия',
      'signin.button': 'Кирүү', 'queue.title': 'Менин иштерим', 'queue.count': 'Канча',
      'queue.take': 'Иш алуу', 'queue.empty': 'Азыр сиз баалай турган иш жок.',
      'queue.item': 'Иш', 'script.adjudication': 'Талаштуу иш: үчүнчү баа',
      'script.prompt': 'Тапшырма', 'script.answer': 'Талапкердин жообу',
      'script.earlier': 'Мурунку эки баа', 'script.rubric': 'Баалоо критерийлери',
      'script.total': 'Жалпы', 'script.comment': 'Комментарий (милдеттүү эмес, ысымдарсыз)',
      'script.submit': 'Бааны жазуу', 'script.points': 'упай', 'script.mark': 'Баа',
      'status.recorded': 'Баа жазылды.', 'status.taken': 'Иштер алынды.',
      'chief.title': 'Башкы баалоочу', 'chief.markers': 'Баалоочулар', 'chief.appeals': 'Апелляциялар',
      'chief.noAppeals': 'Апелляция жок.', 'chief.marker': 'Баалоочу', 'chief.marks': 'Баалар',
      'chief.seeds': 'Текшерүүчү иштер', 'chief.seedDiff': 'Туура баадан орточо айырма',
      'chief.flagged': 'четтеп жатат', 'chief.stopped': 'токтотулган', 'chief.stop': 'Токтотуу',
      'chief.stopReason': 'Эмне үчүн токтотулат', 'chief.stopConfirm': 'Баалоочуну токтотуу:',
      'chief.stoppedDone': 'Баалоочу токтотулду; бүтө элек иштери башкаларга берилди.',
      'chief.open': 'ачык', 'chief.outcome': 'Чечим', 'chief.UPHELD': 'Жыйынтык өзгөрбөйт',
      'chief.SCORE_CHANGED': 'Упай кайра баалоо боюнча өзгөрөт', 'chief.REJECTED': 'Четке кагуу: негиз жок',
      'chief.decisionReason': 'Себеби (талапкерге көрүнөт)', 'chief.decide': 'Чечимди жазуу',
      'chief.decided': 'Чечим жазылды.', 'chief.finalTotal': 'Акыркы баа', 'chief.round': 'Баа',
      'chief.remark': 'Кайра баалоо',
      'error.signin': 'Эсеп же сырсөз туура эмес.', 'error.network': 'Сервер жооп берген жок. Кайра аракет кылыңыз.'
    },
    ru: {
      title: 'Проверка письменных работ', skip: 'К содержанию', language: 'Язык', signout: 'Выйти',
      'signin.title': 'Вход', account: 'Учётная запись', password: 'Пароль', session: 'Сессия',
      'signin.button': 'Войти', 'queue.title': 'Мои работы', 'queue.count': 'Сколько',
      'queue.take': 'Взять работы', 'queue.empty': 'Сейчас нет работ для вашей проверки.',
      'queue.item': 'Работа', 'script.adjudication': 'Спорная работа: третья оценка',
      'script.prompt': 'Задание', 'script.answer': 'Ответ экзаменуемого',
      'script.earlier': 'Две прежние оценки', 'script.rubric': 'Критерии оценивания',
      'script.total': 'Итого', 'script.comment': 'Комментарий (необязательно, без имён)',
      'script.submit': 'Сохранить оценку', 'script.points': 'балл.', 'script.mark': 'Оценка',
      'status.recorded': 'Оценка сохранена.', 'status.taken': 'Работы получены.',
      'chief.title': 'Старший эксперт', 'chief.markers': 'Проверяющие', 'chief.appeals': 'Апелляции',
      'chief.noAppeals': 'Апелляций нет.', 'chief.marker': 'Проверяющий', 'chief.marks': 'Оценки',
      'chief.seeds': 'Контрольные работы', 'chief.seedDiff': 'Среднее отклонение от эталона',
      'chief.flagged': 'отклоняется', 'chief.stopped': 'отстранён', 'chief.stop': 'Отстранить',
      'chief.stopReason': 'Причина отстранения', 'chief.stopConfirm': 'Отстранить проверяющего:',
      'chief.stoppedDone': 'Проверяющий отстранён; его незавершённые работы переданы другим.',
      'chief.open': 'открыта', 'chief.outcome': 'Решение', 'chief.UPHELD': 'Результат остаётся',
      'chief.SCORE_CHANGED': 'Изменить балл по перепроверке', 'chief.REJECTED': 'Отклонить: нет оснований',
      'chief.decisionReason': 'Причина (её увидит экзаменуемый)', 'chief.decide': 'Записать решение',
      'chief.decided': 'Решение записано.', 'chief.finalTotal': 'Итоговая оценка', 'chief.round': 'Оценка',
      'chief.remark': 'Перепроверка',
      'error.signin': 'Неверная учётная запись или пароль.', 'error.network': 'Сервер не ответил. Повторите попытку.'
    },
    en: {
      title: 'Marking written answers', skip: 'Skip to content', language: 'Language', signout: 'Sign out',
      'signin.title': 'Sign in', account: 'Account', password: 'Password', session: 'Session',
      'signin.button': 'Sign in', 'queue.title': 'My scripts', 'queue.count': 'How many',
      'queue.take': 'Take scripts', 'queue.empty': 'No scripts for you to mark now.',
      'queue.item': 'Script', 'script.adjudication': 'Disputed script: third mark',
      'script.prompt': 'Task', 'script.answer': "The candidate's answer",
      'script.earlier': 'The two earlier marks', 'script.rubric': 'Marking criteria',
      'script.total': 'Total', 'script.comment': 'Comment (optional, no names)',
      'script.submit': 'Record the mark', 'script.points': 'points', 'script.mark': 'Mark',
      'status.recorded': 'Mark recorded.', 'status.taken': 'Scripts taken.',
      'chief.title': 'Chief marker', 'chief.markers': 'Markers', 'chief.appeals': 'Appeals',
      'chief.noAppeals': 'No appeals.', 'chief.marker': 'Marker', 'chief.marks': 'Marks',
      'chief.seeds': 'Seeded scripts', 'chief.seedDiff': 'Mean difference from definitive marks',
      'chief.flagged': 'drifting', 'chief.stopped': 'stopped', 'chief.stop': 'Stop',
      'chief.stopReason': 'Why stop this marker', 'chief.stopConfirm': 'Stop marker',
      'chief.stoppedDone': 'The marker is stopped; their unfinished scripts went to others.',
      'chief.open': 'open', 'chief.outcome': 'Decision', 'chief.UPHELD': 'The result stands',
      'chief.SCORE_CHANGED': 'Change the score by the re-marks', 'chief.REJECTED': 'Reject: no grounds',
      'chief.decisionReason': 'Reason (shown to the candidate)', 'chief.decide': 'Record the decision',
      'chief.decided': 'Decision recorded.', 'chief.finalTotal': 'Final mark', 'chief.round': 'Mark',
      'chief.remark': 'Re-mark',
      'error.signin': 'Wrong account or password.', 'error.network': 'The server did not answer. Try again.'
    }
  };

  const $ = (id) => document.getElementById(id);
  const state = { lang: 'ky', auth: null, session: null, scripts: [], current: null };

  function t(key) {
    return (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.en[key] || key;
  }

  function translate() {
    document.documentElement.lang = state.lang;
    document.title = t('title');
    document.querySelectorAll('[data-t]').forEach((e) => { e.textContent = t(e.dataset.t); });
    if (state.scripts.length) {
      renderQueue();
    }
    if (state.current) {
      renderScript(state.current);
    }
    if (state.markers) {
      renderChief();
    }
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined) {
        e.setAttribute(k, v);
      }
    });
    children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  }

  function basic(account, password) {
    const bytes = new TextEncoder().encode(account + ':' + password);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return 'Basic ' + btoa(binary);
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = !message;
  }

  function say(message) {
    $('status').textContent = message;
  }

  /**
   * The reader of the pictures and sounds a task shows, through the script or appeal being looked
   * at (GET {base}/media/{sha256}), as Blobs, with the signed-in account.
   */
  function mediaOf(base) {
    return async function (sha256) {
      const response = await fetch(base + '/media/' + sha256,
        { headers: { Authorization: state.auth }, credentials: 'omit', cache: 'no-store' });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.blob();
    };
  }

    /** Calls the API; a problem document becomes an Error whose message is its title and detail. */
  async function api(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: Object.assign({ Authorization: state.auth, Accept: 'application/json' },
          body === undefined ? {} : { 'Content-Type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store'
      });
    } catch (e) {
      throw new Error(t('error.network'));
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error(response.status === 401 ? t('error.signin')
        : (json && (json.title + (json.detail ? ': ' + json.detail : ''))) || String(response.status));
      error.status = response.status;
      throw error;
    }
    return json;
  }

  async function signIn(event) {
    event.preventDefault();
    showError('');
    state.auth = basic($('account').value.trim(), $('password').value);
    state.session = $('session').value.trim();
    try {
      state.scripts = await api('GET', '/api/sessions/' + encodeURIComponent(state.session) + '/marking/allocations');
    } catch (e) {
      state.auth = null;
      showError(e.message);
      return;
    }
    $('password').value = '';
    $('signin').hidden = true;
    $('work').hidden = false;
    $('signout').hidden = false;
    document.body.dataset.page = 'queue';
    renderQueue();
    $('take').focus();
    await chief();
  }

  function signOut() {
    state.auth = null;
    state.scripts = [];
    state.current = null;
    state.markers = null;
    state.appeals = null;
    $('chief').hidden = true;
    $('appeal').hidden = true;
    $('stop').hidden = true;
    $('work').hidden = true;
    $('script').hidden = true;
    $('signout').hidden = true;
    $('signin').hidden = false;
    document.body.dataset.page = 'signin';
    $('account').focus();
  }

  async function take() {
    showError('');
    try {
      state.scripts = await api('POST', '/api/sessions/' + encodeURIComponent(state.session) + '/marking/allocations',
        { count: Number($('count').value) });
      say(t('status.taken'));
    } catch (e) {
      showError(e.message);
    }
    renderQueue();
  }

  function renderQueue() {
    const list = $('scripts');
    list.replaceChildren();
    $('empty').hidden = state.scripts.length > 0;
    state.scripts.forEach((s, i) => {
      const label = t('queue.item') + ' ' + (i + 1) + ' · ' + s.itemId
        + (s.adjudication ? ' · ' + t('script.adjudication') : '');
      const button = el('button', { type: 'button', 'data-script': s.scriptId,
        'aria-current': state.current && state.current.scriptId === s.scriptId ? 'true' : null }, label);
      button.addEventListener('click', () => open(s.scriptId));
      list.append(el('li', {}, button));
    });
  }

  async function open(scriptId) {
    showError('');
    try {
      state.current = await api('GET', '/api/marking/scripts/' + encodeURIComponent(scriptId));
    } catch (e) {
      showError(e.message);
      return;
    }
    renderScript(state.current);
    renderQueue();
    document.body.dataset.page = 'script';
    $('script-title').focus();
  }

  function renderScript(s) {
    $('script').hidden = false;
    const index = state.scripts.findIndex((x) => x.scriptId === s.scriptId);
    $('script-title').textContent = t('queue.item') + ' ' + (index + 1) + ' · ' + s.itemId;
    $('script-title').tabIndex = -1;
    $('adjudication').hidden = !s.adjudication;
    $('prompt').textContent = '';
    PromptMedia.fill($('prompt'), s.prompt || '',
      mediaOf('/api/marking/scripts/' + encodeURIComponent(s.scriptId)));
    // the answer exactly as written, as text: never interpreted as markup
    $('answer').textContent = (s.response || []).join('\n');
    const criteria = $('criteria');
    const kept = {};
    criteria.querySelectorAll('input').forEach((i) => { kept[i.dataset.criterion] = i.value; });
    criteria.replaceChildren();
    s.rubric.forEach((c) => {
      const id = 'c-' + c.criterionId;
      const input = el('input', { id, type: 'number', min: '0', max: String(c.maxPoints), step: '0.5',
        inputmode: 'decimal', required: 'required', 'data-criterion': c.criterionId });
      input.value = kept[c.criterionId] || '';
      input.addEventListener('input', total);
      criteria.append(el('div', { class: 'criterion' },
        el('label', { for: id }, c.description + ' (0–' + c.maxPoints + ' ' + t('script.points') + ')'), input));
    });
    const earlier = s.earlierMarks || [];
    $('earlier').hidden = earlier.length === 0;
    if (earlier.length) {
      $('earlier-head').replaceChildren(el('th', { scope: 'col' }, t('script.mark')),
        ...s.rubric.map((c) => el('th', { scope: 'col' }, c.description)), el('th', { scope: 'col' }, t('script.total')));
      $('earlier-body').replaceChildren(...earlier.map((m, i) => el('tr', {}, el('th', { scope: 'row' }, String(i + 1)),
        ...s.rubric.map((c) => el('td', {}, String(m.criterionScores[c.criterionId]))), el('td', {}, String(m.total)))));
    }
    total();
  }

  function total() {
    let sum = 0;
    $('criteria').querySelectorAll('input').forEach((i) => { sum += Number(i.value) || 0; });
    $('total').textContent = String(sum);
  }

  async function mark(event) {
    event.preventDefault();
    showError('');
    const points = {};
    let bad = null;
    $('criteria').querySelectorAll('input').forEach((i) => {
      if (i.value === '' || !i.checkValidity()) {
        bad = bad || i;
      }
      points[i.dataset.criterion] = Number(i.value);
    });
    if (bad) {
      bad.setAttribute('aria-invalid', 'true');
      bad.focus();
      showError(bad.labels[0].textContent);
      return;
    }
    const comment = $('comment').value.trim();
    try {
      await api('POST', '/api/marking/scripts/' + encodeURIComponent(state.current.scriptId) + '/marks',
        comment ? { criterionScores: points, comment } : { criterionScores: points });
    } catch (e) {
      showError(e.message);
      return;
    }
    $('comment').value = '';
    state.current = null;
    $('script').hidden = true;
    $('criteria').replaceChildren();
    say(t('status.recorded'));
    try {
      state.scripts = await api('GET', '/api/sessions/' + encodeURIComponent(state.session) + '/marking/allocations');
    } catch (e) {
      showError(e.message);
    }
    document.body.dataset.page = 'queue';
    renderQueue();
    const next = document.querySelector('#scripts button');
    (next || $('take')).focus();
  }

  // ---------- chief marker: markers and appeals ----------

  async function chief() {
    const base = '/api/sessions/' + encodeURIComponent(state.session);
    let appeals;
    try {
      appeals = await api('GET', base + '/appeals');
    } catch (e) {
      $('chief').hidden = true; // not a chief marker
      return;
    }
    $('chief').hidden = false;
    const progress = await api('GET', base + '/marking');
    state.markers = progress.markers;
    state.appeals = appeals;
    renderChief();
  }

  function renderChief() {
    const rows = (state.markers || []).map((m) => el('tr', {},
      el('th', { scope: 'row' }, m.markerId, ...(m.flagged ? [' ', el('span', { class: 'tag bad' }, t('chief.flagged'))] : []),
        ...(m.stopped ? [' ', el('span', { class: 'tag' }, t('chief.stopped'))] : [])),
      el('td', {}, String(m.marks)),
      el('td', {}, String(m.seedMarks)),
      el('td', {}, m.seedMeanAbsoluteDifference === null || m.seedMeanAbsoluteDifference === undefined ? '—' : String(Math.round(m.seedMeanAbsoluteDifference * 100) / 100)),
      el('td', {}, m.stopped ? '' : stopButton(m.markerId))));
    $('markers').replaceChildren(el('table', {},
      el('caption', {}, t('chief.markers')),
      el('thead', {}, el('tr', {}, ...['chief.marker', 'chief.marks', 'chief.seeds', 'chief.seedDiff', 'chief.stop']
        .map((k) => el('th', { scope: 'col' }, t(k))))),
      el('tbody', {}, ...rows)));
    $('no-appeals').hidden = (state.appeals || []).length > 0;
    $('appeals').replaceChildren(...(state.appeals || []).map((a, i) => {
      const b = el('button', { type: 'button', 'data-appeal': a.appealId },
        t('chief.appeals') + ' ' + (i + 1) + ' · ' + (a.outcome ? t('chief.' + a.outcome) : t('chief.open')));
      b.addEventListener('click', () => openAppeal(a.appealId));
      return el('li', {}, b);
    }));
  }

  function stopButton(markerId) {
    const b = el('button', { type: 'button', 'data-stop': markerId }, t('chief.stop'));
    b.addEventListener('click', () => {
      state.stopping = markerId;
      $('stop').hidden = false;
      $('stop-confirm').textContent = t('chief.stopConfirm') + ' ' + markerId;
      $('stop-reason').focus();
    });
    return b;
  }

  async function stop(event) {
    event.preventDefault();
    showError('');
    const reason = $('stop-reason').value.trim();
    if (!reason) { $('stop-reason').setAttribute('aria-invalid', 'true'); $('stop-reason').focus(); return; }
    try {
      await api('POST', '/api/sessions/' + encodeURIComponent(state.session) + '/marking/markers/'
        + encodeURIComponent(state.stopping) + '/stop', { reason });
    } catch (e) {
      showError(e.message);
      return;
    }
    $('stop').hidden = true;
    $('stop-reason').value = '';
    say(t('chief.stoppedDone'));
    await chief();
  }

  async function openAppeal(appealId) {
    showError('');
    let review;
    try {
      review = await api('GET', '/api/appeals/' + encodeURIComponent(appealId));
    } catch (e) {
      showError(e.message);
      return;
    }
    state.review = review;
    $('appeal').hidden = false;
    $('appeal-title').textContent = t('chief.appeals') + ' · ' + (review.appeal.outcome ? t('chief.' + review.appeal.outcome) : t('chief.open'));
    $('appeal-reason').textContent = review.appeal.reason;
    $('appeal-scripts').replaceChildren(...review.scripts.map((s) => el('div', { class: 'card' },
      PromptMedia.fill(el('p', {}), s.prompt || '',
        mediaOf('/api/appeals/' + encodeURIComponent(review.appeal.appealId))),
      el('div', { class: 'answer' }, (s.response || []).join('\n')),
      el('p', {}, t('chief.finalTotal') + ': ' + s.finalTotal + ' · ' + s.marks.map((m) => t('chief.round') + ' ' + m.round + ': ' + m.total).join(', ')),
      el('fieldset', {}, el('legend', {}, t('chief.remark')),
        ...s.rubric.map((c) => {
          const id = 'r-' + s.scriptId + '-' + c.criterionId;
          return el('div', { class: 'remark' }, el('label', { for: id }, c.description + ' (0–' + c.maxPoints + ')'),
            el('input', { id, type: 'number', min: '0', max: String(c.maxPoints), step: '0.5', 'data-script': s.scriptId, 'data-criterion': c.criterionId }));
        })))));
    $('decision').hidden = !!review.appeal.outcome;
    $('appeal-title').focus();
  }

  async function decide(event) {
    event.preventDefault();
    showError('');
    const outcome = $('outcome').value;
    const reason = $('decision-reason').value.trim();
    if (!reason) { $('decision-reason').setAttribute('aria-invalid', 'true'); $('decision-reason').focus(); return; }
    const remarks = {};
    if (outcome === 'SCORE_CHANGED') {
      $('appeal-scripts').querySelectorAll('input[data-script]').forEach((i) => {
        if (i.value === '') return;
        (remarks[i.dataset.script] = remarks[i.dataset.script] || {})[i.dataset.criterion] = Number(i.value);
      });
    }
    try {
      await api('POST', '/api/appeals/' + encodeURIComponent(state.review.appeal.appealId) + '/decision',
        { outcome, reason, remarks });
    } catch (e) {
      showError(e.message);
      return;
    }
    $('decision-reason').value = '';
    $('appeal').hidden = true;
    say(t('chief.decided'));
    await chief();
  }

  function start() {
    const params = new URLSearchParams(location.search);
    const wanted = params.get('lang') || (navigator.language || 'ky').slice(0, 2);
    state.lang = TEXT[wanted] ? wanted : 'ky';
    $('lang').value = state.lang;
    if (params.get('session')) {
      $('session').value = params.get('session');
    }
    $('lang').addEventListener('change', () => { state.lang = $('lang').value; translate(); });
    $('signin').addEventListener('submit', signIn);
    $('signout').addEventListener('click', signOut);
    $('take').addEventListener('click', take);
    $('mark').addEventListener('submit', mark);
    $('stop').addEventListener('submit', stop);
    $('decision').addEventListener('submit', decide);
    translate();
  }

  start();
}());
