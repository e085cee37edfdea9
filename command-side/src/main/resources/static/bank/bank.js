/*
 * The item bank's page: item writers write items of the common types (choice, true/false, short
 * answer, number, essay) with pictures or sound and a version in a second language,
 * reviewers search, preview an item as the candidate sees it in each language, accept, return or
 * approve it, and centre administrators assemble parallel forms from a blueprint. Talks only to
 * the command side's /api/bank; credentials stay in this page's memory.
 */
(function () {
  'use strict';

  const TEXT = {
    ky: {
      'problem.not-found': 'Табылган жок.', 'problem.staff-locked': 'Өтө көп ката кирүү: кийинчерээк аракет кылыңыз.',
      'problem.assembly-already-exists': 'Мындай түзүү бар.', 'problem.assembly-busy': 'Башка түзүү жүрүп жатат: бир аздан кийин кайталаңыз.',
      'error.competency': 'Компетенцияны алкак:код түрүндө жазыңыз.', 'assemble.done': 'Варианттар түзүлдү.',
      title: 'Тапшырмалар банкы', skip: 'Мазмунга өтүү', language: 'Тил', signout: 'Чыгуу',
      'signin.title': 'Кирүү', account: 'Эсеп', password: 'Сырсөз', 'signin.button': 'Кирүү',
      'tab.search': 'Издөө', 'tab.write': 'Жаңы тапшырма', 'tab.assemble': 'Варианттарды түзүү',
      'search.title': 'Банктан издөө', 'search.text': 'Суроодогу сөздөр',
      'search.competency': 'Компетенция (алкак:код)', 'search.status': 'Абалы',
      'search.itemLanguage': 'Тилде', 'search.button': 'Издөө', 'search.none': 'Тапшырма табылган жок.',
      'search.results': 'Табылган тапшырмалар', 'search.more': 'Дагы', any: 'Баары',
      'status.DRAFT': 'Долбоор', 'status.REVIEWED': 'Каралган', 'status.APPROVED': 'Бекитилген',
      'status.RETIRED': 'Колдонуудан чыгарылган',
      'col.item': 'Тапшырма', 'col.status': 'Абалы', 'col.type': 'Түрү', 'col.languages': 'Тилдер',
      'col.competencies': 'Компетенциялар', 'col.exposure': 'Тапшыруулар', 'col.version': 'Версия',
      'col.writtenBy': 'Жазган', 'col.reviewedBy': 'Караган', 'col.approvedBy': 'Бекиткен',
      'item.latest': 'акыркы версия', 'item.previewIn': 'Талапкер көргөндөй, тилде',
      'item.versions': 'Версиялар', 'review.title': 'Карап чыгуу',
      'review.comment': 'Комментарий (кайтаруу үчүн керек; ысымдарсыз)', 'review.accept': 'Кабыл алуу',
      'review.return': 'Авторго кайтаруу', 'review.approve': 'Бекитүү',
      'review.accepted': 'Версия кабыл алынды.', 'review.returned': 'Версия авторго кайтарылды.',
      'review.approvedDone': 'Версия бекитилди.',
      'write.id': 'Тапшырманын коду',
      'write.subject': 'Сабак', 'write.level': 'Ой жүгүртүү деңгээли', 'write.language': 'Тапшырманын тили',
      'write.prompt': 'Суроо', 'write.choices': 'Жооптор (туурасын белгилеңиз)',
      'write.translation': 'Ушул эле тапшырма башка тилде (милдеттүү эмес, жооптор ошол эле тартипте)',
      'write.translationLanguage': 'Тил', 'write.correct': 'Туура', 'write.choice': 'Жооп', 'write.translatedChoice': 'Которулган жооп',
      'write.title': 'Тапшырма жазуу', 'write.type': 'Тапшырманын түрү', 'type.SINGLE_CHOICE': 'Бир туура жооп', 'type.MULTIPLE_RESPONSE': 'Бир нече туура жооп', 'type.TRUE_FALSE': 'Туура же туура эмес', 'type.SHORT_TEXT': 'Кыска жооп', 'type.NUMERIC': 'Сан', 'type.EXTENDED_TEXT': 'Кеңири жооп, адамдар баалайт', 'type.ORDERING': 'Тартипке келтирүү', 'type.MATCHING': 'Дал келтирүү', 'type.GAP': 'Бош орундарды толтуруу', 'write.maxScore': 'Упай', 'write.answers': 'Кабыл алынуучу жооптор (ар бири өз сабында)', 'write.number': 'Туура сан', 'write.tf': 'Ырастама', 'tf.true': 'Туура', 'tf.false': 'Туура эмес', 'write.translatedAnswers': 'Ошол тилдеги кабыл алынуучу жооптор (ар бири өз сабында)', 'write.picture': 'Суроо үчүн сүрөт же үн', 'write.pictureFile': 'Файл (PNG, JPEG, GIF, WebP, MP3, Ogg, WAV; эң көп 1 МБ)', 'write.pictureAlt': 'Эмнени көрсөтөт (көрө албагандар үчүн)', 'write.addPicture': 'Суроого кошуу', 'write.pictureAdded': 'Суроого кошулду.', 'error.picture': 'Файлды тандап, эмнени көрсөтөрүн жазыңыз.', 'problem.invalid-media': 'Файл банк сактаган сүрөт же үн эмес.', 'error.answers': 'Туура жоопту жазыңыз.', 'error.information': 'Максатты θ:маалымат жуптары менен жазыңыз, мисалы -1:4, 0:6, 1:4.', 'assemble.grade': 'Класс (милдеттүү эмес)', 'assemble.minutes': 'Күтүлгөн убакыт эң көп (мүнөт, милдеттүү эмес)', 'assemble.minB': 'Кыйынчылык b кеминде (милдеттүү эмес)', 'assemble.maxB': 'Кыйынчылык b эң көп (милдеттүү эмес)', 'assemble.information': 'Максаттуу маалымат (θ:I, үтүр менен, милдеттүү эмес)', 'assemble.shared': 'Эки вариантта жалпы боло турган тапшырмалар', 'assemble.exposure': 'Мындан көп берилген тапшырмаларды алып салуу (милдеттүү эмес)', 'assemble.types': 'Саптар: бир вариантта түр боюнча тапшырмалар (милдеттүү эмес)', 'assemble.addType': 'Түр сабын кошуу', 'assemble.type': 'Түрү',
      'write.submit': 'Долбоор катары сактоо', 'write.saved': 'Долбоор сакталды (1-версия).',
      'level.REMEMBER': 'Эстөө', 'level.UNDERSTAND': 'Түшүнүү', 'level.APPLY': 'Колдонуу',
      'level.ANALYSE': 'Талдоо', 'level.EVALUATE': 'Баалоо', 'level.CREATE': 'Түзүү',
      'assemble.title': 'Схема боюнча параллель варианттарды түзүү',
      'assemble.languages': 'Тилдер (үтүр менен)', 'assemble.forms': 'Варианттар',
      'assemble.length': 'Бир варианттагы тапшырмалар', 'assemble.seconds': 'Чечүүчүнүн убакыты (сек)',
      'assemble.rows': 'Саптар: бир вариантта компетенция боюнча тапшырмалар',
      'assemble.addRow': 'Сап кошуу', 'assemble.submit': 'Түзүү', 'assemble.result': 'Варианттар',
      'assemble.code': 'Компетенция (алкак:код)', 'assemble.min': 'Кеминде', 'assemble.max': 'Эң көп',
      'assemble.form': 'Вариант', 'assemble.solver': 'Чечүүчү', 'assemble.eligible': 'ылайыктуу тапшырма',
      'assemble.OPTIMAL': 'эң жакшысы далилденди', 'assemble.FEASIBLE': 'табылгандардын эң жакшысы',
      'problem.own-bank-item': 'Бул версияны сиз жаздыңыз: аны башка адам карап чыгышы керек.',
      'problem.bank-item-status': 'Тапшырманын абалы буга жол бербейт.',
      'problem.bank-item-changed': 'Тапшырма ошондон бери өзгөрдү: кайра ачыңыз.',
      'problem.forbidden': 'Сиздин ролуңуз муну кыла албайт.',
      'problem.invalid-request': 'Суроо-талап туура эмес.',
      'problem.invalid-bank-item': 'Тапшырма банктын эрежелерине туура келбейт.',
      'problem.bank-item-already-exists': 'Мындай коддуу тапшырма бар.',
      'problem.invalid-blueprint': 'Схема туура эмес.',
      'problem.assembly-infeasible': 'Банктагы тапшырмалардан бул схема боюнча вариант түзүлбөйт.',
      'error.signin': 'Эсеп же сырсөз туура эмес.', 'error.role': 'Сиздин ролуңуз банкты колдоно албайт.',
      'error.network': 'Сервер жооп берген жок. Кайра аракет кылыңыз.', 'error.required': 'Толтуруңуз:'
    },
    ru: {
      'problem.not-found': 'Не найдено.', 'problem.staff-locked': 'Слишком много неудачных входов: попробуйте позже.',
      'problem.assembly-already-exists': 'Такая сборка уже есть.', 'problem.assembly-busy': 'Идёт другая сборка: повторите чуть позже.',
      'error.competency': 'Запишите компетенцию как рамка:код.', 'assemble.done': 'Варианты собраны.',
      title: 'Банк заданий', skip: 'К содержанию', language: 'Язык', signout: 'Выйти',
      'signin.title': 'Вход', account: 'Учётная запись', password: 'Пароль', 'signin.button': 'Войти',
      'tab.search': 'Поиск', 'tab.write': 'Новое задание', 'tab.assemble': 'Сборка вариантов',
      'search.title': 'Поиск в банке', 'search.text': 'Слова в вопросе',
      'search.competency': 'Компетенция (рамка:код)', 'search.status': 'Статус',
      'search.itemLanguage': 'На языке', 'search.button': 'Найти', 'search.none': 'Заданий не найдено.',
      'search.results': 'Найденные задания', 'search.more': 'Ещё', any: 'Любой',
      'status.DRAFT': 'Черновик', 'status.REVIEWED': 'Проверено', 'status.APPROVED': 'Утверждено',
      'status.RETIRED': 'Выведено из использования',
      'col.item': 'Задание', 'col.status': 'Статус', 'col.type': 'Тип', 'col.languages': 'Языки',
      'col.competencies': 'Компетенции', 'col.exposure': 'Сдачи', 'col.version': 'Версия',
      'col.writtenBy': 'Автор', 'col.reviewedBy': 'Проверил', 'col.approvedBy': 'Утвердил',
      'item.latest': 'последняя версия', 'item.previewIn': 'Как видит экзаменуемый, на языке',
      'item.versions': 'Версии', 'review.title': 'Рецензирование',
      'review.comment': 'Комментарий (нужен для возврата; без имён)', 'review.accept': 'Принять',
      'review.return': 'Вернуть автору', 'review.approve': 'Утвердить',
      'review.accepted': 'Версия принята.', 'review.returned': 'Версия возвращена автору.',
      'review.approvedDone': 'Версия утверждена.',
      'write.id': 'Код задания',
      'write.subject': 'Предмет', 'write.level': 'Когнитивный уровень', 'write.language': 'Язык задания',
      'write.prompt': 'Вопрос', 'write.choices': 'Варианты ответа (отметьте верный)',
      'write.translation': 'То же задание на другом языке (необязательно, ответы в том же порядке)',
      'write.translationLanguage': 'Язык', 'write.correct': 'Верный', 'write.choice': 'Ответ', 'write.translatedChoice': 'Ответ в переводе',
      'write.title': 'Написать задание', 'write.type': 'Тип задания', 'type.SINGLE_CHOICE': 'Один верный ответ', 'type.MULTIPLE_RESPONSE': 'Несколько верных ответов', 'type.TRUE_FALSE': 'Верно или неверно', 'type.SHORT_TEXT': 'Краткий ответ', 'type.NUMERIC': 'Число', 'type.EXTENDED_TEXT': 'Развёрнутый ответ, оценивают эксперты', 'type.ORDERING': 'Упорядочивание', 'type.MATCHING': 'Соответствие', 'type.GAP': 'Заполнение пропусков', 'write.maxScore': 'Баллы', 'write.answers': 'Принимаемые ответы (по одному в строке)', 'write.number': 'Верное число', 'write.tf': 'Утверждение', 'tf.true': 'Верно', 'tf.false': 'Неверно', 'write.translatedAnswers': 'Принимаемые ответы на этом языке (по одному в строке)', 'write.picture': 'Рисунок или звук к вопросу', 'write.pictureFile': 'Файл (PNG, JPEG, GIF, WebP, MP3, Ogg, WAV; не более 1 МБ)', 'write.pictureAlt': 'Что на нём (для тех, кто не видит)', 'write.addPicture': 'Добавить к вопросу', 'write.pictureAdded': 'Добавлено к вопросу.', 'error.picture': 'Выберите файл и опишите, что на нём.', 'problem.invalid-media': 'Файл — не рисунок и не звук, который хранит банк.', 'error.answers': 'Укажите верный ответ.', 'error.information': 'Запишите цель парами θ:информация, например -1:4, 0:6, 1:4.', 'assemble.grade': 'Класс (необязательно)', 'assemble.minutes': 'Ожидаемое время не более (минут, необязательно)', 'assemble.minB': 'Трудность b не менее (необязательно)', 'assemble.maxB': 'Трудность b не более (необязательно)', 'assemble.information': 'Целевая информация (θ:I через запятую, необязательно)', 'assemble.shared': 'Общих заданий у двух вариантов', 'assemble.exposure': 'Исключить задания, выданные чаще чем (необязательно)', 'assemble.types': 'Строки: заданий в варианте по типу (необязательно)', 'assemble.addType': 'Добавить строку типа', 'assemble.type': 'Тип',
      'write.submit': 'Сохранить как черновик', 'write.saved': 'Черновик сохранён (версия 1).',
      'level.REMEMBER': 'Запоминание', 'level.UNDERSTAND': 'Понимание', 'level.APPLY': 'Применение',
      'level.ANALYSE': 'Анализ', 'level.EVALUATE': 'Оценка', 'level.CREATE': 'Создание',
      'assemble.title': 'Сборка параллельных вариантов по спецификации',
      'assemble.languages': 'Языки (через запятую)', 'assemble.forms': 'Вариантов',
      'assemble.length': 'Заданий в варианте', 'assemble.seconds': 'Время решателя (с)',
      'assemble.rows': 'Строки: заданий в варианте по компетенции',
      'assemble.addRow': 'Добавить строку', 'assemble.submit': 'Собрать', 'assemble.result': 'Варианты',
      'assemble.code': 'Компетенция (рамка:код)', 'assemble.min': 'Не менее', 'assemble.max': 'Не более',
      'assemble.form': 'Вариант', 'assemble.solver': 'Решатель', 'assemble.eligible': 'подходящих заданий',
      'assemble.OPTIMAL': 'доказано лучшее', 'assemble.FEASIBLE': 'лучшее из найденных',
      'problem.own-bank-item': 'Эту версию писали вы: проверить её должен другой человек.',
      'problem.bank-item-status': 'Статус задания этого не позволяет.',
      'problem.bank-item-changed': 'Задание с тех пор изменилось: откройте его снова.',
      'problem.forbidden': 'Ваша роль этого не может.',
      'problem.invalid-request': 'Неверный запрос.',
      'problem.invalid-bank-item': 'Задание не соответствует правилам банка.',
      'problem.bank-item-already-exists': 'Задание с таким кодом уже есть.',
      'problem.invalid-blueprint': 'Спецификация неверна.',
      'problem.assembly-infeasible': 'Из заданий банка нельзя собрать варианты по этой спецификации.',
      'error.signin': 'Неверная учётная запись или пароль.', 'error.role': 'Ваша роль не работает с банком.',
      'error.network': 'Сервер не ответил. Повторите попытку.', 'error.required': 'Заполните:'
    },
    en: {
      'problem.not-found': 'Not found.', 'problem.staff-locked': 'Too many failed sign-ins: try again later.',
      'problem.assembly-already-exists': 'This assembly exists already.', 'problem.assembly-busy': 'Another assembly is running: try again shortly.',
      'error.competency': 'Write the competency as framework:code.', 'assemble.done': 'Forms assembled.',
      title: 'Item bank', skip: 'Skip to content', language: 'Language', signout: 'Sign out',
      'signin.title': 'Sign in', account: 'Account', password: 'Password', 'signin.button': 'Sign in',
      'tab.search': 'Search', 'tab.write': 'New item', 'tab.assemble': 'Assemble forms',
      'search.title': 'Search the bank', 'search.text': 'Words in the question',
      'search.competency': 'Competency (framework:code)', 'search.status': 'Status',
      'search.itemLanguage': 'In language', 'search.button': 'Search', 'search.none': 'No items.',
      'search.results': 'Items found', 'search.more': 'More', any: 'Any',
      'status.DRAFT': 'Draft', 'status.REVIEWED': 'Reviewed', 'status.APPROVED': 'Approved',
      'status.RETIRED': 'Retired',
      'col.item': 'Item', 'col.status': 'Status', 'col.type': 'Type', 'col.languages': 'Languages',
      'col.competencies': 'Competencies', 'col.exposure': 'Sittings', 'col.version': 'Version',
      'col.writtenBy': 'Written by', 'col.reviewedBy': 'Reviewed by', 'col.approvedBy': 'Approved by',
      'item.latest': 'latest version', 'item.previewIn': 'As the candidate sees it, in',
      'item.versions': 'Versions', 'review.title': 'Review',
      'review.comment': 'Comment (needed to return it; no names)', 'review.accept': 'Accept',
      'review.return': 'Return to the writer', 'review.approve': 'Approve',
      'review.accepted': 'Version accepted.', 'review.returned': 'Version returned to its writer.',
      'review.approvedDone': 'Version approved.',
      'write.id': 'Item id',
      'write.subject': 'Subject', 'write.level': 'Cognitive level', 'write.language': 'Language of the item',
      'write.prompt': 'Question', 'write.choices': 'Choices (tick the correct one)',
      'write.translation': 'The same item in another language (optional, the choices in the same order)',
      'write.translationLanguage': 'Language', 'write.correct': 'Correct', 'write.choice': 'Choice', 'write.translatedChoice': 'Translated choice',
      'write.title': 'Write an item', 'write.type': 'Item type', 'type.SINGLE_CHOICE': 'One correct choice', 'type.MULTIPLE_RESPONSE': 'Several correct choices', 'type.TRUE_FALSE': 'True or false', 'type.SHORT_TEXT': 'Short answer', 'type.NUMERIC': 'Number', 'type.EXTENDED_TEXT': 'Essay, marked by people', 'type.ORDERING': 'Ordering', 'type.MATCHING': 'Matching', 'type.GAP': 'Gaps to fill', 'write.maxScore': 'Points', 'write.answers': 'Accepted answers (one per line)', 'write.number': 'The correct number', 'write.tf': 'The statement is', 'tf.true': 'True', 'tf.false': 'False', 'write.translatedAnswers': 'Accepted answers in that language (one per line)', 'write.picture': 'Picture or sound for the question', 'write.pictureFile': 'File (PNG, JPEG, GIF, WebP, MP3, Ogg, WAV; at most 1 MB)', 'write.pictureAlt': 'What it shows (for those who cannot see it)', 'write.addPicture': 'Add to the question', 'write.pictureAdded': 'Added to the question.', 'error.picture': 'Choose a file and say what it shows.', 'problem.invalid-media': 'The file is not a picture or sound the bank keeps.', 'error.answers': 'Give the correct answer.', 'error.information': 'Write the target as θ:information pairs, e.g. -1:4, 0:6, 1:4.', 'assemble.grade': 'Grade (optional)', 'assemble.minutes': 'Expected time at most (minutes, optional)', 'assemble.minB': 'Difficulty b at least (optional)', 'assemble.maxB': 'Difficulty b at most (optional)', 'assemble.information': 'Target information (θ:I, comma-separated, optional)', 'assemble.shared': 'Items two forms may share', 'assemble.exposure': 'Leave out items sat more often than (optional)', 'assemble.types': 'Rows: items per form of a type (optional)', 'assemble.addType': 'Add a type row', 'assemble.type': 'Type',
      'write.submit': 'Save as a draft', 'write.saved': 'Draft saved (version 1).',
      'level.REMEMBER': 'Remember', 'level.UNDERSTAND': 'Understand', 'level.APPLY': 'Apply',
      'level.ANALYSE': 'Analyse', 'level.EVALUATE': 'Evaluate', 'level.CREATE': 'Create',
      'assemble.title': 'Assemble parallel forms from a blueprint',
      'assemble.languages': 'Languages (comma-separated)', 'assemble.forms': 'Forms',
      'assemble.length': 'Items per form', 'assemble.seconds': 'Solver time limit (s)',
      'assemble.rows': 'Rows: items per form of a competency',
      'assemble.addRow': 'Add a row', 'assemble.submit': 'Assemble', 'assemble.result': 'Forms',
      'assemble.code': 'Competency (framework:code)', 'assemble.min': 'At least', 'assemble.max': 'At most',
      'assemble.form': 'Form', 'assemble.solver': 'Solver', 'assemble.eligible': 'eligible items',
      'assemble.OPTIMAL': 'proved best', 'assemble.FEASIBLE': 'best found',
      'problem.own-bank-item': 'You wrote this version: another person must review it.',
      'problem.bank-item-status': "The item's status does not allow this.",
      'problem.bank-item-changed': 'The item changed since: open it again.',
      'problem.forbidden': 'Your role may not do this.',
      'problem.invalid-request': 'The request is not valid.',
      'problem.invalid-bank-item': "The item breaks the bank's rules.",
      'problem.bank-item-already-exists': 'An item with this id exists already.',
      'problem.invalid-blueprint': 'The blueprint is not valid.',
      'problem.assembly-infeasible': "The bank's items cannot make forms to this blueprint.",
      'error.signin': 'Wrong account or password.', 'error.role': 'Your role does not use the bank.',
      'error.network': 'The server did not answer. Try again.', 'error.required': 'Fill in:'
    }
  };

  const $ = (id) => document.getElementById(id);
  const LETTERS = ['A', 'B', 'C', 'D', 'E'];
  const state = { lang: 'ky', auth: null, tab: 'search', item: null, next: null };

  function t(key) {
    return (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.en[key] || key;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined && v !== false) {
        e.setAttribute(k, v === true ? '' : v);
      }
    });
    children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  }

  function translate() {
    document.documentElement.lang = state.lang;
    document.title = t('title');
    document.querySelectorAll('[data-t]').forEach((e) => { e.textContent = t(e.dataset.t); });
    document.querySelectorAll('[data-t-label]').forEach((e) => {
      e.setAttribute('aria-label', t(e.dataset.tLabel) + (e.dataset.suffix || ''));
    });
    if (state.item) {
      renderItem(state.item);
    }
  }

  function basic(account, password) {
    const bytes = new TextEncoder().encode(account + ':' + password);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return 'Basic ' + btoa(binary);
  }

  function say(message) {
    $('status').textContent = message || '';
    if (message) {
      $('error').textContent = '';
    }
  }

  function fail(message) {
    $('error').textContent = message || '';
    if (message) {
      $('status').textContent = '';
    }
  }

  /** A refusal in the page's language, with the server's detail (English) after it. */
  function problemText(problem) {
    const type = String((problem && problem.type) || '').replace('urn:kg-exam:problem:', '');
    const known = TEXT.en['problem.' + type] ? t('problem.' + type) : (problem && problem.title) || '';
    const detail = problem && problem.detail ? ' (' + problem.detail + ')' : '';
    return known + detail;
  }

  /** An image or audio file of the bank, as a Blob, with the signed-in account. */
  async function medium(sha256) {
    const response = await fetch('/api/bank/media/' + sha256,
      { headers: { Authorization: state.auth }, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    return response.blob();
  }

  async function call(method, path, body) {
    const headers = { Authorization: state.auth, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      throw new Error(t('error.network'));
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = { title: String(response.status) };
    }
    if (!response.ok) {
      const error = new Error(problemText(json));
      error.status = response.status;
      throw error;
    }
    return json;
  }

  function show(page) {
    document.body.dataset.page = page;
  }

  async function signIn(event) {
    event.preventDefault();
    const account = $('account').value.trim();
    const password = $('password').value;
    if (!account || !password) {
      fail(t('error.required') + ' ' + t(!account ? 'account' : 'password'));
      return;
    }
    state.auth = basic(account, password);
    try {
      await call('GET', '/api/bank/frameworks');
    } catch (e) {
      state.auth = null;
      fail(e.status === 401 ? t('error.signin') : e.status === 403 ? t('error.role') : e.message);
      return;
    }
    $('password').value = '';
    $('who').textContent = account;
    $('signin').hidden = true;
    $('work').hidden = false;
    $('signout').hidden = false;
    fail('');
    openTab('search');
    await search();
  }

  function signOut() {
    // a shared lab PC: nothing of the last user stays on the page
    state.auth = null;
    state.item = null;
    state.next = null;
    $('who').textContent = '';
    ['filters', 'new-item', 'review', 'blueprint'].forEach((id) => $(id).reset());
    $('results-body').replaceChildren();
    $('results').hidden = true;
    $('item').hidden = true;
    $('forms').replaceChildren();
    $('solver').textContent = '';
    $('assembled').hidden = true;
    $('b-rows').replaceChildren();
    addRow('kg-ict-teachers:2.2', '1', '1');
    choiceRows();
    fail('');
    $('work').hidden = true;
    $('signout').hidden = true;
    $('signin').hidden = false;
    say('');
    show('signin');
  }

  function openTab(tab) {
    state.tab = tab;
    document.querySelectorAll('.tabs button').forEach((b) => {
      b.setAttribute('aria-current', String(b.dataset.tab === tab));
    });
    $('search').hidden = tab !== 'search';
    $('item').hidden = tab !== 'search' || !state.item;
    $('write').hidden = tab !== 'write';
    $('assemble').hidden = tab !== 'assemble';
    show(tab);
  }

  async function search(event, more) {
    if (event) {
      event.preventDefault();
    }
    const query = new URLSearchParams({ limit: '50' });
    [['text', 'f-text'], ['competency', 'f-competency'], ['status', 'f-status'],
      ['language', 'f-language']].forEach(([name, id]) => {
      const value = $(id).value.trim();
      if (value) {
        query.set(name, value);
      }
    });
    if (more && state.next) {
      query.set('after', state.next);
    }
    try {
      const page = await call('GET', '/api/bank/items?' + query);
      const body = $('results-body');
      if (!more) {
        body.replaceChildren();
      }
      page.items.forEach((item) => {
        const open = el('button', { type: 'button', 'data-item': item.itemId }, item.itemId);
        open.addEventListener('click', () => openItem(item.itemId));
        body.append(el('tr', null,
          el('td', null, open),
          el('td', null, t('status.' + item.status)),
          el('td', null, item.type),
          el('td', null, item.languages.join(', ')),
          el('td', null, item.competencies.join(', ')),
          el('td', null, String(item.exposure.sittings))));
      });
      state.next = page.next;
      $('more').hidden = !page.next;
      $('results').hidden = body.children.length === 0;
      $('none').hidden = body.children.length > 0;
      fail('');
      show('search');
    } catch (e) {
      fail(e.message);
    }
  }

  async function openItem(itemId) {
    try {
      state.item = await call('GET', '/api/bank/items/' + encodeURIComponent(itemId));
      state.preview = null;
      $('item').hidden = false;
      renderItem(state.item);
      await preview();
      $('item-title').focus();
      show('item');
    } catch (e) {
      fail(e.message);
    }
  }

  function renderItem(detail) {
    const item = detail.item;
    $('item-title').textContent = item.itemId;
    $('item-title').setAttribute('tabindex', '-1');
    $('item-status').textContent = t('status.' + item.status);
    $('item-version').textContent = String(item.latestVersion);
    const select = $('preview-language');
    const chosen = select.value;
    select.replaceChildren(...item.languages.map((l) => el('option', { value: l }, l)));
    if (item.languages.includes(chosen)) {
      select.value = chosen;
    }
    $('versions').replaceChildren(...detail.versions.map((v) => el('tr', null,
      el('td', null, String(v.version)),
      el('td', null, v.writtenBy),
      el('td', null, v.reviewedBy || '—'),
      el('td', null, v.approvedBy || '—'))));
  }

  async function preview() {
    const item = state.item.item;
    const language = $('preview-language').value || item.languages[0];
    try {
      const p = await call('GET', '/api/bank/items/' + encodeURIComponent(item.itemId)
        + '/versions/' + item.latestVersion + '/preview?language=' + encodeURIComponent(language));
      $('preview').lang = language;
      $('preview-prompt').textContent = '';
      PromptMedia.fill($('preview-prompt'), p.prompt, medium);
      $('preview-choices').replaceChildren(
        ...p.choices.concat(p.targets).map((c) => PromptMedia.fill(el('li'), c.text, medium)));
    } catch (e) {
      fail(e.message);
    }
  }

  async function review(kind) {
    const item = state.item.item;
    const base = '/api/bank/items/' + encodeURIComponent(item.itemId) + '/versions/' + item.latestVersion;
    const comment = $('review-comment').value.trim();
    try {
      if (kind === 'approve') {
        await call('POST', base + '/approve');
        say(t('review.approvedDone'));
      } else {
        const body = { accepted: kind === 'accept' };
        if (comment) {
          body.comment = comment;
        }
        await call('POST', base + '/review', body);
        say(t(kind === 'accept' ? 'review.accepted' : 'review.returned'));
      }
      $('review-comment').value = '';
      const status = $('status').textContent;
      await openItem(item.itemId);
      say(status);
    } catch (e) {
      fail(e.message);
    }
  }

  /** Shows the fields the chosen item type needs, and only those. */
  function typeChanged() {
    const type = $('w-type').value;
    const choices = type === 'SINGLE_CHOICE' || type === 'MULTIPLE_RESPONSE';
    $('w-choices-set').hidden = !choices;
    $('t-choices').hidden = !choices;
    document.querySelectorAll('.w-tf').forEach((e) => { e.hidden = type !== 'TRUE_FALSE'; });
    document.querySelectorAll('.w-answers, .t-answers')
      .forEach((e) => { e.hidden = type !== 'SHORT_TEXT'; });
    document.querySelectorAll('.w-number').forEach((e) => { e.hidden = type !== 'NUMERIC'; });
    const multi = type === 'MULTIPLE_RESPONSE';
    document.querySelectorAll('input[name=correct]').forEach((r) => { r.type = multi ? 'checkbox' : 'radio'; });
  }

  /** Stores the chosen file in the bank's media and writes it into the question where the cursor is. */
  async function addMedium() {
    const file = $('w-media').files[0];
    const alt = $('w-media-alt').value.trim().replace(/[\[\]\r\n]+/g, ' ');
    if (!file || !alt) {
      fail(t('error.picture'));
      (file ? $('w-media-alt') : $('w-media')).focus();
      return;
    }
    let response;
    try {
      response = await fetch('/api/bank/media', {
        method: 'POST', credentials: 'omit',
        headers: { Authorization: state.auth, 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' },
        body: file
      });
    } catch (e) {
      fail(t('error.network'));
      return;
    }
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      fail(problemText(json || { title: String(response.status) }));
      return;
    }
    const prompt = $('w-prompt');
    const token = '![' + alt + '](media:' + json.sha256 + ')';
    const at = prompt.selectionStart === undefined ? prompt.value.length : prompt.selectionStart;
    prompt.value = prompt.value.slice(0, at) + (at > 0 && !/\s$/.test(prompt.value.slice(0, at)) ? ' ' : '')
      + token + ' ' + prompt.value.slice(at);
    $('w-media').value = '';
    $('w-media-alt').value = '';
    say(t('write.pictureAdded'));
  }

  function lines(id) {
    return $(id).value.split('\n').map((l) => l.trim()).filter(Boolean);
  }

  function choiceRows() {
    $('w-choices').replaceChildren(...LETTERS.slice(0, 4).map((id, i) => el('div', { class: 'choice' },
      el('span', null, id),
      el('input', { type: 'text', id: 'w-choice-' + id, maxlength: '1000',
        'data-t-label': 'write.choice', 'data-suffix': ' ' + id }),
      el('label', null,
        el('input', { type: 'radio', name: 'correct', value: id, checked: i === 0 }),
        ' ', el('span', { 'data-t': 'write.correct' }, t('write.correct')), ' ' + id))));
    $('t-choices').replaceChildren(...LETTERS.slice(0, 4).map((id) => el('div', { class: 'choice' },
      el('span', null, id),
      el('input', { type: 'text', id: 't-choice-' + id, maxlength: '1000',
        'data-t-label': 'write.translatedChoice', 'data-suffix': ' ' + id }),
      el('span'))));
    translate();
  }

  async function writeItem(event) {
    event.preventDefault();
    const missing = [['w-id', 'write.id'], ['w-subject', 'write.subject'],
      ['w-competency', 'search.competency'], ['w-prompt', 'write.prompt']]
      .filter(([id]) => !$(id).value.trim());
    if (missing.length) {
      fail(t('error.required') + ' ' + missing.map(([, k]) => t(k)).join(', '));
      $(missing[0][0]).focus();
      return;
    }
    const type = $('w-type').value;
    const maxScore = Number($('w-max').value) || 1;
    const choices = type === 'SINGLE_CHOICE' || type === 'MULTIPLE_RESPONSE'
      ? LETTERS.slice(0, 4).map((id) => ({ id, text: $('w-choice-' + id).value.trim() })).filter((c) => c.text)
      : [];
    const correct = Array.from(document.querySelectorAll('input[name=correct]:checked')).map((r) => r.value);
    let key;
    if (type === 'TRUE_FALSE') {
      key = { correct: [$('w-tf').value] };
    } else if (type === 'SHORT_TEXT') {
      key = { correct: lines('w-answers') };
    } else if (type === 'NUMERIC') {
      key = { correct: [$('w-number').value.trim().replace(',', '.')].filter(Boolean) };
    } else if (type === 'EXTENDED_TEXT') {
      key = { rubric: [{ criterionId: 'overall', description: t('write.prompt'), maxPoints: maxScore }] };
    } else {
      key = { correct };
    }
    if (key.correct && key.correct.length === 0) {
      fail(t('error.answers'));
      return;
    }
    const competency = $('w-competency').value.trim();
    const colon = competency.indexOf(':');
    if (colon < 1 || colon === competency.length - 1) {
      fail(t('error.competency'));
      $('w-competency').focus();
      return;
    }
    const content = {
      subject: $('w-subject').value.trim(),
      language: $('w-language').value,
      competencies: [{ frameworkId: competency.slice(0, colon), code: competency.slice(colon + 1) }],
      cognitiveLevel: $('w-level').value,
      item: {
        type, maxScore, weight: 1, prompt: $('w-prompt').value.trim(), choices, key
      },
      translations: []
    };
    if ($('t-prompt').value.trim()) {
      const version = {
        language: $('t-language').value,
        prompt: $('t-prompt').value.trim(),
        choices: choices.map((c) => ({ id: c.id, text: $('t-choice-' + c.id).value.trim() }))
      };
      if (type === 'SHORT_TEXT') {
        version.acceptedAnswers = lines('t-answers');
      }
      content.translations.push(version);
    }
    try {
      const created = await call('POST', '/api/bank/items', { itemId: $('w-id').value.trim(), content });
      $('new-item').reset();
      choiceRows();
      typeChanged();
      say(t('write.saved'));
      openTab('search');
      await openItem(created.itemId);
      say(t('write.saved'));
    } catch (e) {
      fail(e.message);
    }
  }

  function addRow(code, min, max) {
    const n = $('b-rows').children.length + 1;
    $('b-rows').append(el('div', { class: 'brow' },
      el('label', null, el('span', { 'data-t': 'assemble.code' }, t('assemble.code')),
        el('input', { class: 'r-code', value: code || '', maxlength: '130', required: true, id: 'r-code-' + n })),
      el('label', null, el('span', { 'data-t': 'assemble.min' }, t('assemble.min')),
        el('input', { class: 'r-min', type: 'number', min: '0', value: min || '0', id: 'r-min-' + n })),
      el('label', null, el('span', { 'data-t': 'assemble.max' }, t('assemble.max')),
        el('input', { class: 'r-max', type: 'number', min: '0', value: max || '1', id: 'r-max-' + n }))));
  }

  function addTypeRow(type, min, max) {
    const n = $('b-types').children.length + 1;
    const select = el('select', { class: 't-type', id: 't-type-' + n },
      ...['SINGLE_CHOICE', 'MULTIPLE_RESPONSE', 'TRUE_FALSE', 'SHORT_TEXT', 'NUMERIC', 'ORDERING',
        'MATCHING', 'GAP', 'EXTENDED_TEXT'].map((x) => el('option',
        { value: x, 'data-t': 'type.' + x, selected: x === type }, t('type.' + x))));
    $('b-types').append(el('div', { class: 'trow' },
      el('label', null, el('span', { 'data-t': 'assemble.type' }, t('assemble.type')), select),
      el('label', null, el('span', { 'data-t': 'assemble.min' }, t('assemble.min')),
        el('input', { class: 't-min', type: 'number', min: '0', value: min || '0', id: 't-min-' + n })),
      el('label', null, el('span', { 'data-t': 'assemble.max' }, t('assemble.max')),
        el('input', { class: 't-max', type: 'number', min: '0', value: max || '1', id: 't-max-' + n }))));
  }

  /** "-1:4, 0:6, 1:4" → [{theta, information}], or null when it is not written so. */
  function information(text) {
    if (!text.trim()) {
      return [];
    }
    const points = text.split(',').map((p) => p.trim().split(':').map((x) => Number(x.trim())));
    return points.every((p) => p.length === 2 && p.every((x) => Number.isFinite(x)))
      ? points.map(([theta, info]) => ({ theta, information: info })) : null;
  }

  function optionalNumber(id) {
    const v = $(id).value.trim();
    return v === '' ? null : Number(v);
  }

  async function assemble(event) {
    event.preventDefault();
    const target = information($('b-info').value);
    if (target === null) {
      fail(t('error.information'));
      $('b-info').focus();
      return;
    }
    const codes = Array.from(document.querySelectorAll('.r-code')).map((c) => c.value.trim());
    if (codes.some((c) => c && (c.indexOf(':') < 1 || c.endsWith(':')))) {
      fail(t('error.competency'));
      return;
    }
    const content = Array.from(document.querySelectorAll('.brow')).map((row) => {
      const code = row.querySelector('.r-code').value.trim();
      const colon = code.indexOf(':');
      return {
        frameworkId: code.slice(0, colon), code: code.slice(colon + 1),
        min: Number(row.querySelector('.r-min').value), max: Number(row.querySelector('.r-max').value)
      };
    }).filter((r) => r.frameworkId);
    const blueprint = {
      subject: $('b-subject').value.trim(),
      languages: $('b-languages').value.split(',').map((l) => l.trim()).filter(Boolean),
      forms: Number($('b-forms').value),
      itemsPerForm: Number($('b-length').value),
      content,
      types: Array.from(document.querySelectorAll('.trow')).map((row) => ({
        type: row.querySelector('.t-type').value,
        min: Number(row.querySelector('.t-min').value), max: Number(row.querySelector('.t-max').value)
      })),
      grade: optionalNumber('b-grade'),
      maxMinutes: optionalNumber('b-minutes'),
      minDifficulty: optionalNumber('b-bmin'),
      maxDifficulty: optionalNumber('b-bmax'),
      information: target,
      maxSharedItems: Number($('b-shared').value) || 0,
      maxExposure: optionalNumber('b-exposure'),
      timeLimitSeconds: Number($('b-seconds').value)
    };
    say('…');
    const button = document.querySelector('#blueprint button[type=submit]');
    button.disabled = true; // one request at a time: the solver may take its whole time limit
    try {
      const a = await call('POST', '/api/bank/assemblies', { blueprint });
      $('solver').textContent = t('assemble.solver') + ': ' + a.solver.solver + ', '
        + t('assemble.' + a.solver.status) + ', ' + a.solver.eligibleItems + ' '
        + t('assemble.eligible') + ', ' + a.solver.seconds.toFixed(2) + ' s · ' + a.assemblyId;
      $('forms').replaceChildren(...a.forms.map((f) => el('li', null,
        t('assemble.form') + ' ' + f.form + ': '
          + f.items.map((i) => i.itemId + ' (v' + i.version + ')').join(', '))));
      $('assembled').hidden = false;
      say(t('assemble.done'));
      show('assembled');
    } catch (e) {
      fail(e.message);
    } finally {
      button.disabled = false;
    }
  }

  function start() {
    const params = new URLSearchParams(location.search);
    const lang = params.get('lang');
    if (TEXT[lang]) {
      state.lang = lang;
    }
    $('lang').value = state.lang;
    $('lang').addEventListener('change', () => {
      state.lang = $('lang').value;
      translate();
    });
    $('signin').addEventListener('submit', signIn);
    $('signout').addEventListener('click', signOut);
    $('filters').addEventListener('submit', (e) => search(e, false));
    $('more').addEventListener('click', () => search(null, true));
    $('preview-language').addEventListener('change', preview);
    $('accept').addEventListener('click', () => review('accept'));
    $('return').addEventListener('click', () => review('return'));
    $('approve').addEventListener('click', () => review('approve'));
    $('new-item').addEventListener('submit', writeItem);
    $('blueprint').addEventListener('submit', assemble);
    $('add-row').addEventListener('click', () => addRow());
    $('add-type').addEventListener('click', () => addTypeRow());
    $('w-type').addEventListener('change', typeChanged);
    $('w-media-add').addEventListener('click', addMedium);
    document.querySelectorAll('.tabs button').forEach((b) => {
      b.addEventListener('click', () => openTab(b.dataset.tab));
    });
    choiceRows();
    typeChanged();
    addRow('kg-ict-teachers:2.2', '1', '1');
    translate();
    show('signin');
  }

  start();
}());
