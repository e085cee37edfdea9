/*
 * Images and audio inside item texts, written where they stand as ![alt](media:<sha256>).
 * PromptMedia.fill(node, text, fetchMedium) appends the words as text nodes and each medium as
 * an <img> (or <audio controls>) whose source is a data: URL of the bytes fetchMedium(sha256)
 * resolves to (a Blob: the caller's authenticated request). Until they arrive, and if they never
 * do, the medium stands as its alternative text. Nothing is ever parsed as HTML.
 */
(function (global) {
  'use strict';
  var TOKEN = /!\[([^\]\n\r]*)\]\(media:([0-9a-f]{64})\)/g;
  var cache = {}; // sha256 -> data: URL, for this page's life (items are drawn again and again)
  var pending = {}; // sha256 -> the Promise of its data: URL while it is fetched (one request each)

  /** The text split into words and media: [{text}|{alt, sha}]. */
  function parts(text) {
    var out = [], at = 0, m;
    text = String(text == null ? '' : text);
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m.index > at) out.push({ text: text.slice(at, m.index) });
      out.push({ alt: m[1].trim(), sha: m[2] });
      at = TOKEN.lastIndex;
    }
    if (at < text.length) out.push({ text: text.slice(at) });
    return out;
  }

  /** Words only, each medium as [its alternative text]: for labels and reading aloud. */
  function plain(text) {
    return parts(text).map(function (p) { return p.sha ? '[' + (p.alt || '∗') + ']' : p.text; }).join('');
  }

  function dataUrl(blob) {
    return new Promise(function (resolve, reject) {
      var r = new FileReader();
      r.onload = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
      r.readAsDataURL(blob);
    });
  }

  function show(holder, url, alt) {
    var audio = /^data:audio\//.test(url), n;
    if (/^data:image\//.test(url)) {
      n = document.createElement('img');
      n.alt = alt;
    } else if (audio) {
      n = document.createElement('audio');
      n.controls = true;
      n.preload = 'auto';
      if (alt) n.setAttribute('aria-label', alt);
    } else {
      return;
    }
    n.src = url;
    n.className = 'medium';
    holder.textContent = '';
    holder.appendChild(n);
  }

  /** One medium, shown as its alternative text until its bytes arrive. */
  function medium(p, fetchMedium) {
    var holder = document.createElement('span');
    holder.className = 'medium-holder';
    holder.setAttribute('data-medium', p.sha);
    holder.textContent = '[' + (p.alt || '∗') + ']';
    if (cache[p.sha]) {
      show(holder, cache[p.sha], p.alt);
    } else if (fetchMedium) {
      if (!pending[p.sha]) {
        pending[p.sha] = fetchMedium(p.sha).then(dataUrl).then(function (url) {
          cache[p.sha] = url;
          delete pending[p.sha];
          return url;
        }, function (e) {
          delete pending[p.sha]; // the alternative text stays; the next drawing tries again
          throw e;
        });
      }
      pending[p.sha].then(function (url) { show(holder, url, p.alt); }, function () {});
    }
    return holder;
  }

  /** Appends the text to the node: words as text, media as media. */
  function fill(node, text, fetchMedium) {
    parts(text).forEach(function (p) {
      node.appendChild(p.sha ? medium(p, fetchMedium) : document.createTextNode(p.text));
    });
    return node;
  }

  global.PromptMedia = { parts: parts, plain: plain, fill: fill, medium: medium };
})(window);
