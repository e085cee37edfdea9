'use strict';
/*
 * Sign-in page: Spring Security's form login (POST /login, fields username and password). A
 * failed attempt comes back as /login?error (/login?locked after too many), a sign-out as
 * /login?logout; each is shown here.
 */
(() => {
  async function main() {
    await I18n.init();
    const select = document.getElementById('lang');
    select.replaceChildren(...I18n.languages().map((l) => {
      const option = document.createElement('option');
      option.value = l.code;
      option.lang = l.code;
      option.textContent = l.name;
      return option;
    }));
    select.value = I18n.current();
    select.addEventListener('change', () => I18n.use(select.value));
    const params = new URLSearchParams(location.search);
    const show = (id, key) => {
      const box = document.getElementById(id);
      box.dataset.i18n = key;
      box.textContent = I18n.t(key);
      box.hidden = false;
    };
    if (params.has('error')) show('alert', 'login.failed');
    if (params.has('locked')) show('alert', 'login.locked');
    if (params.has('logout')) show('notice', 'login.signedOut');
    if (params.has('expired')) show('notice', 'login.expired');
    const token = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
    if (token) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = '_csrf';
      input.value = decodeURIComponent(token[1]);
      document.getElementById('login-form').append(input);
    }
    document.body.dataset.ready = 'true';
  }
  main();
})();
