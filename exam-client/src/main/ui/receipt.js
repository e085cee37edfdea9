/*
 * Checks a result receipt (exam-receipt/1) on this device, with WebCrypto only: the seal hash, the
 * score the seal names, the tree head's Ed25519 signature by the key the receipt names (whose id
 * must be the centre's published one: the page shows it to compare), and the seal's RFC 9162
 * inclusion proof in the signed tree. The same checks as `exam-client/verify --receipt`.
 */
(function () {
  'use strict';
  var t = window.ExamPage.t;
  var enc = new TextEncoder();

  function $(id) { return document.getElementById(id); }

  function setLang(l) {
    return window.ExamPage.setLang(l, 'receipt.title');
  }

  function hex(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function unhex(h) {
    if (!/^([0-9a-f]{2})*$/.test(h)) throw new Error('not hex');
    var out = new Uint8Array(h.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
    return out;
  }

  function unb64url(s) {
    var b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out;
  }

  function b64url(buf) {
    var s = '';
    new Uint8Array(buf).forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function sha256(bytes) { return crypto.subtle.digest('SHA-256', bytes); }

  function concat(prefix, a, b) {
    var out = new Uint8Array(1 + a.length + (b ? b.length : 0));
    out[0] = prefix; out.set(a, 1); if (b) out.set(b, 1 + a.length);
    return out;
  }

  /** RFC 9162 2.1.3.2, as kg.exam.contract.trust.MerkleTree.verifyInclusionOfLeafHash. */
  async function inclusion(leaf, index, size, path, root) {
    var r = new Uint8Array(await sha256(concat(0, leaf)));
    var fn = index, sn = size - 1;
    for (var i = 0; i < path.length; i++) {
      var p = unhex(path[i]);
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = new Uint8Array(await sha256(concat(1, p, r)));
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = new Uint8Array(await sha256(concat(1, r, p)));
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 && hex(r) === root;
  }

  async function check(receipt) {
    if (receipt.format !== 'exam-receipt/1') return 'format';
    var seal = enc.encode(receipt.seal), score = enc.encode(receipt.score), head = enc.encode(receipt.treeHead);
    if (hex(await sha256(seal)) !== receipt.sealSha256) return 'sealSha256';
    var sealJson = JSON.parse(receipt.seal), scoreJson = JSON.parse(receipt.score), headJson = JSON.parse(receipt.treeHead);
    if (sealJson.sittingId !== receipt.sittingId || scoreJson.sittingId !== receipt.sittingId) return 'sittingId';
    if (hex(await sha256(score)) !== sealJson.scoreDigest) return 'score';
    if ('signature' in headJson || headJson.sessionId !== receipt.sessionId || headJson.keyId !== receipt.keyId
        || headJson.treeSize !== receipt.treeSize) return 'treeHead';
    var raw = unb64url(receipt.publicKey);
    if (b64url((await sha256(raw)).slice(0, 16)) !== receipt.keyId) return 'publicKey';
    var key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, unb64url(receipt.treeHeadSignature), head))) return 'treeHeadSignature';
    if (!(await inclusion(seal, receipt.leafIndex, receipt.treeSize, receipt.path || [], headJson.rootHash))) return 'path';
    return { sitting: receipt.sittingId, total: scoreJson.rawTotal, grade: scoreJson.grade, session: receipt.sessionId, key: receipt.keyId };
  }

  function show(ok, text, key) {
    var out = $('outcome');
    out.textContent = text;
    out.dataset.ok = ok ? 'yes' : 'no';
    $('key-hint').hidden = !key;
    $('key-hint').textContent = key ? t('receipt.keyHint', { k: key }) : '';
  }

  $('file').addEventListener('change', function () {
    var f = $('file').files[0];
    if (!f) return;
    if (!window.crypto || !crypto.subtle) { show(false, t('receipt.noCrypto')); return; }
    f.text().then(function (text) { return check(JSON.parse(text)); }).then(function (r) {
      if (typeof r === 'string') show(false, t('receipt.bad', { w: r }));
      else show(true, t('receipt.ok', { s: r.sitting, t: r.total, g: r.grade, x: r.session, k: r.key }), r.key);
    }).catch(function (e) {
      show(false, e && e.name === 'NotSupportedError' ? t('receipt.noCrypto') : t('receipt.bad', { w: e && e.message ? e.message : 'malformed' }));
    });
  });

  setLang(window.ExamPage.wanted());
  $('lang').addEventListener('change', function () { setLang($('lang').value); });
}());
