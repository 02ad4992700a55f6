// What the pages share (scorecard, reporting form, target page): the key kept in this tab's session only, the
// language, calls to the public API with that key (each one listed on the page: "本页调用"), number and period words.
// Plain JavaScript, no build step; loaded before each page's own script. Exposes window.FJQ.
(function () {
  'use strict';
  const KEY_STORE = 'fjq.apiKey';
  const LANG_STORE = 'fjq.lang';
  let lang = sessionStorage.getItem(LANG_STORE) || 'zh';
  const wantedLang = new URLSearchParams(location.search).get('lang');
  if (wantedLang === 'en' || wantedLang === 'zh') {
    lang = wantedLang;
    sessionStorage.setItem(LANG_STORE, lang);
  }
  // A key may arrive in the fragment (#key=...), which browsers never send to a server; keep it in this tab's session
  // only and take it out of the address bar (the rest of the fragment stays).
  (function takeKeyFromFragment() {
    const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(KEY_STORE, decodeURIComponent(match[1]));
      const rest = location.hash.replace(/(^#|&)key=[^&]+/, '$1').replace(/^#&/, '#').replace(/^#$/, '');
      history.replaceState(null, '', location.pathname + location.search + rest);
    }
  })();

  const calls = [];  // the API calls this page made, shown in its footer

  function t(zh, en) { return lang === 'en' ? en : zh; }
  function key() { return sessionStorage.getItem(KEY_STORE); }
  function setKey(k) { sessionStorage.setItem(KEY_STORE, k); }
  function forgetKey() { sessionStorage.removeItem(KEY_STORE); }

  class ApiError extends Error {
    constructor(status, problem) {
      super(status + ' ' + ((problem && (problem.code || problem.detail)) || ''));
      this.status = status;
      this.problem = problem || {};
    }
  }

  function noteCall(method, path) {
    calls.push(method + ' ' + path);
    const list = document.getElementById('calls');
    if (list) {
      const li = document.createElement('li');
      li.textContent = method + ' ' + path;
      list.appendChild(li);
    }
  }

  // One call with the tab's key. JSON answers are parsed; a problem+json answer becomes an ApiError with its body.
  // options: method, body (JSON, or a Blob/File sent as is with contentType), headers, accept, raw (answer the Response).
  async function api(path, options) {
    const o = options || {};
    const method = o.method || 'GET';
    const headers = Object.assign({ 'Authorization': 'Bearer ' + key(), 'Accept': o.accept || 'application/json' }, o.headers || {});
    let body;
    if (o.body instanceof Blob) {
      body = o.body;
      headers['Content-Type'] = o.contentType || o.body.type || 'application/octet-stream';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['Content-Type'] = 'application/json';
    }
    noteCall(method, path);
    const response = await fetch(path, { method, headers, body });
    if (response.status === 401) {
      forgetKey();
      if (FJQ.onUnauthenticated) FJQ.onUnauthenticated();
      throw new ApiError(401, { code: 'INVALID_API_KEY' });
    }
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch (ignored) { /* not JSON */ }
      throw new ApiError(response.status, problem || { detail: response.statusText });
    }
    if (o.raw) return response;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }

  // A spreadsheet or CSV the API answers, saved by the browser under the server's file name.
  async function download(path, accept, fallbackName) {
    const response = await api(path, { accept, raw: true });
    const disposition = response.headers.get('Content-Disposition') || '';
    const m = /filename="([^"]+)"/.exec(disposition);
    const blob = await response.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = m ? m[1] : fallbackName;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function items(body) { return Array.isArray(body) ? body : (body.items || []); }

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function number(v) {
    if (v === null || v === undefined || v === '') return '—';
    const n = Number(v);
    if (Number.isNaN(n)) return String(v);
    return Math.abs(n) >= 1000 ? n.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : String(Math.round(n * 100) / 100);
  }

  // Period ids as the API gives them (DHIS2 style): 2025, 2025S1, 2025Q3, 202507. In this page's language, or in the one
  // given (the scorecard keeps its own language state).
  function periodName(id, language) {
    const l = language || lang;
    const w = (zh, en) => (l === 'en' ? en : zh);
    const p = String(id || '');
    let m;
    if ((m = /^(\d{4})$/.exec(p))) return w(m[1] + '年', m[1]);
    if ((m = /^(\d{4})S([12])$/.exec(p))) return w(m[1] + '年' + (m[2] === '1' ? '上半年' : '下半年'), m[1] + ' H' + m[2]);
    if ((m = /^(\d{4})Q([1-4])$/.exec(p))) return w(m[1] + '年第' + m[2] + '季度', m[1] + ' Q' + m[2]);
    if ((m = /^(\d{4})(\d{2})$/.exec(p))) return w(m[1] + '年' + Number(m[2]) + '月', m[1] + '-' + m[2]);
    return p;
  }

  const REVIEW = { SUBMITTED: ['待审核', 'waiting for review'], APPROVED: ['已通过', 'approved'], RETURNED: ['已退回', 'returned'] };
  function reviewName(s) { const n = REVIEW[s]; return n ? t(n[0], n[1]) : String(s || ''); }

  const STATUS_NAMES = {
    ACHIEVED: ['已实现', 'Achieved'], ON_TRACK: ['按进度', 'On track'],
    NEEDS_ACCELERATION: ['需加快', 'Needs acceleration'], OFF_TRACK: ['滞后', 'Off track'],
    DETERIORATING: ['倒退', 'Deteriorating'], NO_DATA: ['数据不足', 'Not enough data'],
    NOT_APPLICABLE: ['不适用', 'Not applicable']
  };
  function statusName(s) { const n = STATUS_NAMES[s]; return n ? t(n[0], n[1]) : String(s || ''); }

  // The API's stable error codes in words (Chinese first); the code itself is always shown beside them.
  const CODES = {
    MISSING_FIELD: ['必填', 'required'],
    VALUE_NOT_NUMERIC: ['不是数字（只能填阿拉伯数字、小数点和负号）', 'not a number'],
    VALUE_NOT_FINITE: ['不是有限的数', 'not a finite number'],
    VALUE_TOO_PRECISE: ['小数位过多（最多 10 位）', 'too many decimals (at most 10)'],
    VALUE_OUT_OF_BOUNDS: ['超出本指标允许的范围', 'outside the bounds of the target'],
    RATIO_NOT_APPLICABLE: ['本指标不填分子、分母', 'this target takes no numerator or denominator'],
    RATIO_INCOMPLETE: ['分子、分母须同时填写', 'give both numerator and denominator'],
    DENOMINATOR_NOT_POSITIVE: ['分母须大于 0', 'the denominator must be above 0'],
    NUMERATOR_EXCEEDS_DENOMINATOR: ['分子不能大于分母', 'the numerator exceeds the denominator'],
    RATIO_MISMATCH: ['数值与分子/分母不一致', 'the value does not match numerator / denominator'],
    VALUE_LOCKED: ['数值已审核通过并锁定，须先退回才能修改', 'approved and locked: it must be returned first'],
    COMMENT_TOO_LONG: ['说明超过 1000 字', 'the comment is longer than 1000 characters'],
    FUTURE_PERIOD: ['该期尚未结束，不能报送', 'the period has not ended yet'],
    PERIOD_OUTSIDE_PLAN: ['期别不在规划期内', 'the period is outside the plan'],
    WRONG_FREQUENCY: ['期别与指标报送频度不符', 'the period is coarser than the target takes'],
    MALFORMED_PERIOD: ['期别格式不正确', 'not a period'],
    UNIT_NOT_ALLOWED: ['本单位不报送该指标', 'the unit does not report this target'],
    UNIT_OUT_OF_SCOPE: ['本密钥无权代该单位报送', 'the key may not act for this unit'],
    UNKNOWN_TARGET: ['指标不存在', 'no such target'],
    UNKNOWN_UNIT: ['单位不存在', 'no such unit'],
    UNIT_INACTIVE: ['单位在该期未启用', 'the unit was not active in the period'],
    UNKNOWN_PLACE: ['地区不存在', 'no such place'],
    PLACE_NOT_ALLOWED: ['不能报送该地区的数值', 'the unit may not report for that place'],
    TARGET_RETIRED: ['指标已停用', 'the target is retired'],
    CONCURRENT_SUBMISSION: ['同时有另一提交，请重试', 'another submission at the same moment: retry'],
    IDEMPOTENCY_KEY_REUSED: ['与先前提交的内容不同', 'differs from the earlier submission with this key'],
    IDEMPOTENCY_KEY_IN_USE: ['正在处理同一提交，请稍候重试', 'the same submission is being processed: retry'],
    COLUMN_COUNT: ['列数与表头不符', 'the row has more or fewer fields than the header'],
    INVALID_ENCODING: ['含有非 UTF-8 字符', 'not UTF-8'],
    CSV_HEADER_INVALID: ['表头不正确（应为 target,unit,period,value…）', 'the header row is not right'],
    CSV_HEADER_MISSING: ['文件为空，缺少表头', 'the file is empty'],
    XLSX_UNREADABLE: ['不是可读取的 Excel 工作簿（.xlsx）', 'not an .xlsx workbook that can be read'],
    MALFORMED_CSV: ['CSV 格式错误', 'the CSV cannot be read'],
    BODY_INCOMPLETE: ['文件未完整上传', 'the upload broke off'],
    SELF_REVIEW_NOT_ALLOWED: ['不能审核本密钥或本单位提交的数值（四眼原则）', 'you submitted it: someone else reviews it (four-eyes rule)'],
    REVIEW_NOT_ALLOWED: ['无权审核该数值', 'you may not review this value'],
    NOT_REVIEWABLE: ['该数值当前不可审核', 'the value cannot be reviewed now'],
    REASON_REQUIRED: ['请填写退回理由', 'give a reason'],
    REASON_TOO_LONG: ['理由超过 1000 字', 'the reason is too long'],
    RATE_LIMITED: ['请求过于频繁，请稍候', 'too many requests: wait a moment'],
    INVALID_TEXT: ['含有不允许的字符', 'holds a character that is not allowed'],
    FORBIDDEN: ['无权限', 'not allowed'],
    MEASUREMENT_NOT_FOUND: ['数值不存在', 'no such value'],
    UNSUPPORTED_MEDIA_TYPE: ['文件类型不支持（请上传 .xlsx 或 .csv）', 'upload an .xlsx or .csv file'],
    PAYLOAD_TOO_LARGE: ['文件过大', 'the file is too large']
  };
  // "不是数字（VALUE_NOT_NUMERIC）": words and the stable code.
  function codeText(code, fallback) {
    const n = CODES[code];
    const words = n ? t(n[0], n[1]) : (fallback || t('出错', 'error'));
    return code ? words + t('（' + code + '）', ' (' + code + ')') : words;
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.querySelectorAll('[data-zh]').forEach((el) => { el.textContent = el.dataset[lang]; });
    const button = document.getElementById('lang');
    if (button) button.textContent = lang === 'en' ? '中文' : 'English';
  }

  // The reporting form and the target page hold their content in <main id="main">: without a (valid) key they show the
  // key form instead. (The scorecard has its own, which also clears its sections.)
  function showLogin(message) {
    document.getElementById('login').hidden = false;
    document.getElementById('main').hidden = true;
    document.getElementById('message').textContent = message || '';
    document.getElementById('key').focus();
  }

  function switchLanguage() {
    lang = lang === 'en' ? 'zh' : 'en';
    sessionStorage.setItem(LANG_STORE, lang);
  }

  // An idempotency key per entry: a random UUID (crypto.randomUUID where the page is a secure context, else from
  // crypto.getRandomValues).
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  window.FJQ = {
    t, key, setKey, forgetKey, api, download, items, escapeHtml, number, periodName, reviewName, statusName, codeText,
    applyLanguage, switchLanguage, showLogin, uuid, ApiError, calls, get lang() { return lang; }, onUnauthenticated: null,
    XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  };
})();
