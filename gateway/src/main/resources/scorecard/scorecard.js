// The analysts' scorecard: reads the same public API as any client, with the caller's own key.
(function () {
  'use strict';
  const STATUSES = ['ACHIEVED', 'ON_TRACK', 'NEEDS_ACCELERATION', 'OFF_TRACK', 'DETERIORATING', 'NO_DATA'];
  const STATUS_NAMES = {
    ACHIEVED: ['已实现', 'Achieved'], ON_TRACK: ['按进度', 'On track'],
    NEEDS_ACCELERATION: ['需加快', 'Needs acceleration'], OFF_TRACK: ['滞后', 'Off track'],
    DETERIORATING: ['倒退', 'Deteriorating'], NO_DATA: ['暂无数据', 'No data']
  };
  const COMPARATORS = { GE: '≥', GT: '>', LE: '≤', LT: '<', EQ: '=' };
  const KEY_STORE = 'fjq.apiKey';
  const LANG_STORE = 'fjq.lang';
  const $ = (id) => document.getElementById(id);
  let lang = sessionStorage.getItem(LANG_STORE) || 'zh';
  let state = { targets: [], progress: [], units: {} };

  // A key may arrive in the fragment (#key=...), which browsers never send to a server; keep it in
  // this tab's session only and take it out of the address bar.
  (function takeKeyFromFragment() {
    const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(KEY_STORE, decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
  })();

  function t(zh, en) { return lang === 'en' ? en : zh; }
  function key() { return sessionStorage.getItem(KEY_STORE); }

  async function api(path) {
    const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + key(), 'Accept': 'application/json' } });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY_STORE);
      showLogin(t('密钥无效或已撤销', 'The key is not valid or was revoked'));
      throw new Error('unauthenticated');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
      throw new Error(response.status + ' ' + detail);
    }
    return response.json();
  }

  function items(body) { return Array.isArray(body) ? body : (body.items || body.rows || []); }

  function showLogin(message) {
    $('login').hidden = false;
    $('message').textContent = message || '';
    $('sections').innerHTML = '';
    $('summary').innerHTML = '';
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.querySelectorAll('[data-zh]').forEach((el) => { el.textContent = el.dataset[lang]; });
    $('lang').textContent = lang === 'en' ? '中文' : 'English';
  }

  function number(v) {
    if (v === null || v === undefined) return '—';
    const n = Number(v);
    return Math.abs(n) >= 1000 ? n.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) : String(Math.round(n * 100) / 100);
  }

  function sparkline(points) {
    if (!points || points.length === 0) return '';
    const values = points.map((p) => Number(p.value)).filter((v) => !Number.isNaN(v));
    if (values.length === 0) return '';
    const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
    const w = 130, h = 36, step = values.length > 1 ? (w - 6) / (values.length - 1) : 0;
    const xy = values.map((v, i) => [3 + i * step, h - 4 - ((v - min) / span) * (h - 8)]);
    const path = xy.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join(' ');
    const last = xy[xy.length - 1];
    return '<svg class="spark" viewBox="0 0 ' + w + ' ' + h + '" role="img" aria-label="' + values.join(', ') + '">' +
      '<path d="' + path + '" fill="none" stroke="#0b3d91" stroke-width="1.6"/>' +
      '<circle cx="' + last[0].toFixed(1) + '" cy="' + last[1].toFixed(1) + '" r="2.5" fill="#0b3d91"/></svg>';
  }

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  // Group by chapter and sub-chapter as the document numbers them: "二、(一)1" belongs to "二、(一)".
  function topSection(section) {
    const m = /^([一二三四五六七八九十]+、(?:[(（][一二三四五六七八九十]+[)）])?)/.exec(section || '');
    return m ? m[1] : (section || '—');
  }

  function render() {
    const statusFilter = $('status').value;
    const leadFilter = $('lead').value;
    const byCode = Object.fromEntries(state.targets.map((x) => [x.code, x]));
    const rows = state.progress
      .map((p) => Object.assign({}, byCode[p.targetCode || p.code] || {}, p, { code: p.targetCode || p.code }))
      .filter((r) => !statusFilter || r.status === statusFilter)
      .filter((r) => !leadFilter || (r.leadUnits || []).includes(leadFilter));

    const counts = {};
    rows.forEach((r) => { counts[r.status] = (counts[r.status] || 0) + 1; });
    $('summary').innerHTML = STATUSES.filter((s) => counts[s]).map((s) =>
      '<span class="pill" data-status="' + s + '" style="background:var(--' + s + ')">' +
      escapeHtml(t(STATUS_NAMES[s][0], STATUS_NAMES[s][1])) + ' <b>' + counts[s] + '</b></span>').join('');

    const groups = new Map();
    rows.forEach((r) => {
      const g = topSection(r.section);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(r);
    });
    let html = '';
    groups.forEach((list, group) => {
      html += '<h2>' + escapeHtml(group) + '</h2>';
      list.forEach((r) => {
        const pct = r.percentOfTarget == null ? 0 : Math.max(0, Math.min(100, Number(r.percentOfTarget)));
        const names = lang === 'en'
          ? escapeHtml(r.nameEn) + '<span class="en">' + escapeHtml(r.nameZh) + '</span>'
          : escapeHtml(r.nameZh) + '<span class="en">' + escapeHtml(r.nameEn) + '</span>';
        const unit = escapeHtml(r.unit || '');
        html += '<article class="card" data-code="' + escapeHtml(r.code) + '" data-status="' + r.status + '" style="border-left-color:var(--' + r.status + ')">' +
          '<div><div class="name">' + names + '</div><div class="code">' + escapeHtml(r.code) + ' · ' + escapeHtml(r.section) +
          ' · ' + escapeHtml((r.leadUnits || []).map((u) => unitName(u)).join('、')) + '</div></div>' +
          '<div><div class="bar"><div style="width:' + pct + '%;background:var(--' + r.status + ')"></div></div>' +
          '<div class="numbers"><span class="actual">' + t('实际', 'Actual') + ' ' + number(r.actual) + unit + '</span> / ' +
          '<span class="target">' + t('目标', 'Target') + ' ' + (COMPARATORS[r.comparator] || '') + number(r.targetValue) + unit +
          ' (' + (r.deadlineYear || '') + ')</span>' +
          (r.forecast != null ? ' · ' + t('预测', 'Forecast') + ' ' + number(r.forecast) + unit : '') + '</div></div>' +
          '<div class="status" style="color:var(--' + r.status + ')">' + escapeHtml(t(STATUS_NAMES[r.status][0], STATUS_NAMES[r.status][1])) +
          (r.stale && r.status !== 'NO_DATA' ? '<div class="stale">' + t('数据过期', 'stale') + '</div>' : '') + '</div>' +
          '<div class="trend" id="spark-' + escapeHtml(r.code) + '"></div></article>';
      });
    });
    $('sections').innerHTML = html || '<p>' + t('没有符合条件的指标', 'No target matches') + '</p>';
    rows.filter((r) => r.status !== 'NO_DATA').forEach(loadSparkline);
  }

  async function loadSparkline(row) {
    try {
      const detail = await api('/api/v1/targets/' + encodeURIComponent(row.code) + '/progress?scope=PROVINCE');
      const series = detail.series || detail.timeSeries || detail.points || [];
      const el = document.getElementById('spark-' + row.code);
      if (el) el.innerHTML = sparkline(series);
    } catch (e) { /* the card stays without a trend line */ }
  }

  function unitName(code) {
    const u = state.units[code];
    return u ? (lang === 'en' ? u.nameEn : (u.aliases && u.aliases[0]) || u.nameZh) : code;
  }

  async function loadPlan() {
    const plan = $('plan').value;
    $('message').textContent = t('加载中…', 'Loading…');
    const [targets, progress] = await Promise.all([
      api('/api/v1/targets?plan=' + encodeURIComponent(plan) + '&size=500'),
      api('/api/v1/progress?plan=' + encodeURIComponent(plan) + '&size=500')
    ]);
    state.targets = items(targets);
    state.progress = items(progress);
    const leads = [...new Set(state.targets.flatMap((x) => x.leadUnits || []))].sort();
    $('lead').innerHTML = '<option value="">' + t('全部', 'All') + '</option>' +
      leads.map((u) => '<option value="' + escapeHtml(u) + '">' + escapeHtml(unitName(u)) + '</option>').join('');
    $('message').textContent = '';
    document.body.dataset.loaded = plan;
    render();
  }

  async function start() {
    applyLanguage();
    if (!key()) { showLogin(); return; }
    $('login').hidden = true;
    try {
      const [plans, units] = await Promise.all([api('/api/v1/plans'), api('/api/v1/units?size=500')]);
      items(units).forEach((u) => { state.units[u.code] = u; });
      $('plan').innerHTML = items(plans).map((p) => '<option value="' + escapeHtml(p.code) + '">' +
        escapeHtml(lang === 'en' ? p.titleEn : p.titleZh) + '</option>').join('');
      const wanted = new URLSearchParams(location.search).get('plan') || 'FJ-OUTLINE-2025';
      if ([...$('plan').options].some((o) => o.value === wanted)) $('plan').value = wanted;
      $('status').innerHTML = '<option value="">' + t('全部', 'All') + '</option>' +
        STATUSES.map((s) => '<option value="' + s + '">' + escapeHtml(t(STATUS_NAMES[s][0], STATUS_NAMES[s][1])) + '</option>').join('');
      const wantedStatus = new URLSearchParams(location.search).get('status');
      if (wantedStatus) $('status').value = wantedStatus;
      await loadPlan();
    } catch (e) {
      if (e.message !== 'unauthenticated') $('message').textContent = e.message;
    }
  }

  $('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(KEY_STORE, $('key').value.trim());
    start();
  });
  $('plan').addEventListener('change', () => loadPlan().catch((e) => { $('message').textContent = e.message; }));
  $('status').addEventListener('change', render);
  $('lead').addEventListener('change', render);
  $('lang').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    sessionStorage.setItem(LANG_STORE, lang);
    start();
  });
  $('forget').addEventListener('click', () => { sessionStorage.removeItem(KEY_STORE); showLogin(); });
  start();
})();
