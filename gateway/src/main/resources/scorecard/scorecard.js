// The analysts' scorecard: reads the same public API as any client, with the caller's own key.
// A page load makes: plans + units (once), the plan's progress rows (per plan), and one series per target with data
// (its trend line and where each point comes from). The cards' source, coverage and flag come from the rows.
(function () {
  'use strict';
  const STATUSES = ['ACHIEVED', 'ON_TRACK', 'NEEDS_ACCELERATION', 'OFF_TRACK', 'DETERIORATING', 'NO_DATA', 'NOT_APPLICABLE'];
  const STATUS_NAMES = {
    ACHIEVED: ['已实现', 'Achieved'], ON_TRACK: ['按进度', 'On track'],
    NEEDS_ACCELERATION: ['需加快', 'Needs acceleration'], OFF_TRACK: ['滞后', 'Off track'],
    DETERIORATING: ['倒退', 'Deteriorating'], NO_DATA: ['数据不足', 'Not enough data'],
    NOT_APPLICABLE: ['不适用', 'Not applicable']
  };
  const COMPARATORS = { GE: '≥', GT: '>', LE: '≤', LT: '<', EQ: '=' };
  const SERIES_AT_ONCE = 6;  // series requests in flight at a time (a key's rate limit is per second)
  const KEY_STORE = 'fjq.apiKey';
  const LANG_STORE = 'fjq.lang';
  const $ = (id) => document.getElementById(id);
  let lang = sessionStorage.getItem(LANG_STORE) || 'zh';
  // ?lang=en (or zh) chooses the language of a bookmark or a shared link; the button switches it for the session.
  (function takeLanguageFromQuery() {
    const wanted = new URLSearchParams(location.search).get('lang');
    if (wanted === 'en' || wanted === 'zh') {
      lang = wanted;
      sessionStorage.setItem(LANG_STORE, lang);
    }
  })();
  let state = { progress: [], units: {}, series: {}, requested: new Set(), chapters: [] };
  let generation = 0;  // a newer render or plan load makes older series answers stale

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
    try {
      return await window.FJQ.api(path);
    } catch (e) {
      if (e.status === 401) {
        showLogin(t('密钥无效或已撤销', 'The key is not valid or was revoked'));
        throw new Error('unauthenticated');
      }
      throw new Error(e.status ? e.status + ' ' + (e.problem.detail || e.problem.code || '') : e.message);
    }
  }

  // The view is kept in the address (plan, status, lead unit, year, language), so a link shares it.
  function keepInUrl() {
    const q = new URLSearchParams();
    q.set('plan', $('plan').value);
    if ($('status').value) q.set('status', $('status').value);
    if ($('lead').value) q.set('lead', $('lead').value);
    if ($('year').value) q.set('year', $('year').value);
    if (lang === 'en') q.set('lang', 'en');
    history.replaceState(null, '', location.pathname + '?' + q.toString() + location.hash);
  }

  // The state as of the end of the chosen year (asOf=YYYY-12-31), or the latest.
  function asOf() {
    return $('year').value ? $('year').value + '-12-31' : null;
  }

  function chapterTitle(group) {
    const chapter = (state.chapters || []).find((c) => c.section === group);
    return chapter ? group + ' ' + chapter.titleZh : group;
  }

  function items(body) { return Array.isArray(body) ? body : (body.items || []); }

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

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function statusName(s) {
    const names = STATUS_NAMES[s];
    return names ? t(names[0], names[1]) : String(s || '');
  }

  function periodName(id) { return window.FJQ.periodName(id, lang); }

  // The last day of a period (yyyy-mm-dd), to tell a figure that speaks for only part of it.
  function periodEnd(id) {
    const p = String(id || '');
    let m, y, month;
    if ((m = /^(\d{4})$/.exec(p))) { y = +m[1]; month = 12; }
    else if ((m = /^(\d{4})S([12])$/.exec(p))) { y = +m[1]; month = 6 * m[2]; }
    else if ((m = /^(\d{4})Q([1-4])$/.exec(p))) { y = +m[1]; month = 3 * m[2]; }
    else if ((m = /^(\d{4})(\d{2})$/.exec(p))) { y = +m[1]; month = +m[2]; }
    else return null;
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    return y + '-' + String(month).padStart(2, '0') + '-' + String(last).padStart(2, '0');
  }

  // Where a figure comes from, in words: REPORTED for the place, DERIVED from its own shorter periods, ROLLED_UP
  // from the places below (for the province: the cities). `below` names those places.
  function sourceText(source, covered, total, below, months) {
    if (source === 'REPORTED') return t('省级报送', 'reported for the province');
    if (source === 'DERIVED') {
      return t('由分期数据推算', 'derived from its shorter periods') +
        (months && months[1] ? t('（覆盖 ' + months[0] + '/' + months[1] + ' 个月）', ' (' + months[0] + ' of ' + months[1] + ' months)') : '');
    }
    if (source === 'ROLLED_UP') {
      return covered != null && total != null
        ? t('汇总自 ' + covered + '/' + total + ' 个' + below[0], 'rolled up from ' + covered + ' of ' + total + ' ' + below[1])
        : t('由' + below[0] + '汇总', 'rolled up from the ' + below[1]);
    }
    return '';
  }

  function pointText(p, unit) {
    const months = p.monthsTotal ? [p.monthsCovered, p.monthsTotal] : null;
    return periodName(p.period) + t('：', ': ') + number(p.value) + unit + t('，', ', ') +
      sourceText(p.source, p.placesCovered, p.placesTotal, ['设区市', 'cities'], months) +
      (p.flagged ? t('，核对差异', ', reconciliation difference') : '');
  }

  // One marker per point, its shape by source (text in its title and the chart's label, not colour alone):
  // ● reported, ○ rolled up from the places below, ◇ derived from shorter periods; a flagged point is ringed.
  function marker(p, x, y) {
    const cx = x.toFixed(1), cy = y.toFixed(1);
    let shape;
    if (p.source === 'ROLLED_UP') {
      shape = '<circle cx="' + cx + '" cy="' + cy + '" r="3" fill="#fff" stroke="#0b3d91" stroke-width="1.6"/>';
    } else if (p.source === 'DERIVED') {
      shape = '<path d="M' + cx + ' ' + (y - 3.6).toFixed(1) + ' L' + (x + 3.6).toFixed(1) + ' ' + cy + ' L' + cx + ' ' +
        (y + 3.6).toFixed(1) + ' L' + (x - 3.6).toFixed(1) + ' ' + cy + ' Z" fill="#fff" stroke="#0b3d91" stroke-width="1.4"/>';
    } else {
      shape = '<circle cx="' + cx + '" cy="' + cy + '" r="3" fill="#0b3d91"/>';
    }
    if (p.flagged) shape += '<circle cx="' + cx + '" cy="' + cy + '" r="5.6" fill="none" stroke="#b00020" stroke-width="1.4"/>';
    return shape;
  }

  function sparkline(points, unit) {
    const usable = (points || []).filter((p) => p.value !== null && p.value !== undefined && !Number.isNaN(Number(p.value)));
    if (usable.length === 0) return '';
    const values = usable.map((p) => Number(p.value));
    const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
    const w = 150, h = 40, step = values.length > 1 ? (w - 14) / (values.length - 1) : 0;
    const xy = values.map((v, i) => [7 + i * step, h - 7 - ((v - min) / span) * (h - 14)]);
    const path = xy.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join(' ');
    const label = usable.map((p) => pointText(p, unit)).join('；');
    return '<svg class="spark" viewBox="0 0 ' + w + ' ' + h + '" role="img" aria-label="' + escapeHtml(label) + '">' +
      '<path d="' + path + '" fill="none" stroke="#0b3d91" stroke-width="1.4"/>' +
      usable.map((p, i) => '<g class="point" data-period="' + escapeHtml(p.period) + '" data-source="' + escapeHtml(p.source) +
        '" data-flagged="' + (p.flagged ? 'true' : 'false') + '"><title>' + escapeHtml(pointText(p, unit)) + '</title>' +
        marker(p, xy[i][0], xy[i][1]) + '</g>').join('') + '</svg>';
  }

  // Group by chapter and sub-chapter as the document numbers them: "二、(一)1" belongs to "二、(一)".
  function topSection(section) {
    const m = /^([一二三四五六七八九十]+、(?:[(（][一二三四五六七八九十]+[)）])?)/.exec(section || '');
    return m ? m[1] : (section || '—');
  }

  // The card's line about the province's latest figure: period, source, coverage.
  function latestLine(r, series) {
    if (!r.lastPeriod || !r.source) return '';
    const last = series && series.length ? series[series.length - 1] : null;
    const months = last && last.period === r.lastPeriod && last.monthsTotal ? [last.monthsCovered, last.monthsTotal] : null;
    const end = periodEnd(r.lastPeriod);
    const partial = r.coveredThrough && end && r.coveredThrough < end ? t('，截至 ' + r.coveredThrough, ', through ' + r.coveredThrough) : '';
    return t('最新 ', 'Latest: ') + periodName(r.lastPeriod) + t(' · ', ' · ') +
      sourceText(r.source, r.placesCovered, r.placesTotal, ['设区市', 'cities'], months) + partial;
  }

  function flagText(n) {
    return t('⚠ 核对差异：' + n + ' 个周期', '⚠ Reconciliation: ' + n + (n === 1 ? ' period differs' : ' periods differ'));
  }

  function render() {
    const statusFilter = $('status').value;
    const leadFilter = $('lead').value;
    const rows = state.progress
      .filter((r) => !statusFilter || r.status === statusFilter)
      .filter((r) => !leadFilter || (r.leadUnits || []).includes(leadFilter));

    const counts = {};
    rows.forEach((r) => { counts[r.status] = (counts[r.status] || 0) + 1; });
    $('summary').innerHTML = STATUSES.filter((s) => counts[s]).map((s) =>
      '<span class="pill" data-status="' + s + '" style="background:var(--' + s + ')">' +
      escapeHtml(statusName(s)) + ' <b>' + counts[s] + '</b></span>').join('');

    const groups = new Map();
    rows.forEach((r) => {
      const g = topSection(r.section);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(r);
    });
    let html = '';
    groups.forEach((list, group) => {
      html += '<h2 data-section="' + escapeHtml(group) + '">' + escapeHtml(chapterTitle(group)) + '</h2>';
      list.forEach((r) => {
        const pct = r.percentOfTarget == null ? 0 : Math.max(0, Math.min(100, Number(r.percentOfTarget)));
        const names = lang === 'en'
          ? escapeHtml(r.nameEn) + '<span class="en">' + escapeHtml(r.nameZh) + '</span>'
          : escapeHtml(r.nameZh) + '<span class="en">' + escapeHtml(r.nameEn) + '</span>';
        const unit = escapeHtml(r.unit || '');
        const flagged = Number(r.flaggedPeriods || 0);
        const colour = STATUS_NAMES[r.status] ? 'var(--' + r.status + ')' : 'var(--NO_DATA)';
        html += '<article class="card" data-code="' + escapeHtml(r.code) + '" data-status="' + escapeHtml(r.status) +
          '" data-source="' + escapeHtml(r.source || '') + '" data-flagged="' + flagged + '" style="border-left-color:' + colour + '">' +
          '<div><div class="name"><a class="target-link" href="/scorecard/targets/' + encodeURIComponent(r.code) + '?plan=' +
          encodeURIComponent($('plan').value) + (asOf() ? '&asOf=' + asOf() : '') + '">' + names + '</a></div><div class="code">' + escapeHtml(r.code) + ' · ' + escapeHtml(r.section) +
          ' · ' + escapeHtml((r.leadUnits || []).map((u) => unitName(u)).join('、')) + '</div></div>' +
          '<div><div class="bar"><div style="width:' + pct + '%;background:' + colour + '"></div></div>' +
          '<div class="numbers"><span class="actual">' + t('实际', 'Actual') + ' ' + number(r.actual) + unit + '</span> / ' +
          '<span class="target">' + t('目标', 'Target') + ' ' + (COMPARATORS[r.comparator] || '') + number(r.targetValue) + unit +
          ' (' + (r.deadlineYear || '') + ')</span>' +
          (r.forecast != null ? ' · ' + t('预测', 'Forecast') + ' ' + number(r.forecast) + unit : '') + '</div>' +
          '<div class="source" id="source-' + escapeHtml(r.code) + '">' + escapeHtml(latestLine(r, state.series[r.code])) + '</div></div>' +
          '<div class="status" style="color:' + colour + '">' + escapeHtml(statusName(r.status)) +
          (r.stale && r.status !== 'NO_DATA' ? '<div class="stale">' + t('数据过期', 'stale') + '</div>' : '') +
          (flagged > 0 ? '<div class="flag" title="' + escapeHtml(t('本级报送数与下级汇总（或分期推算）之差超出容差',
            'a reported figure and its roll-up (or its shorter periods) differ by more than the tolerance')) + '">' +
            escapeHtml(flagText(flagged)) + '</div>' : '') + '</div>' +
          '<div class="trend" id="spark-' + escapeHtml(r.code) + '">' +
          (state.series[r.code] ? sparkline(state.series[r.code], r.unit || '') : '') + '</div></article>';
      });
    });
    $('sections').innerHTML = html || '<p>' + t('没有符合条件的指标', 'No target matches') + '</p>';
    loadSeries(rows.filter((r) => r.status !== 'NO_DATA' && !state.requested.has(r.code)));
  }

  // The series of the targets shown (each once per plan load), a few requests at a time.
  function loadSeries(rows) {
    const mine = generation;
    const queue = rows.slice();
    queue.forEach((r) => state.requested.add(r.code));
    const worker = async () => {
      while (queue.length && mine === generation) {
        const row = queue.shift();
        try {
          const detail = await api('/api/v1/targets/' + encodeURIComponent(row.code) + '/progress?scope=PROVINCE' +
            (asOf() ? '&asOf=' + asOf() : ''));
          if (mine !== generation) return;
          state.series[row.code] = detail.series || [];
          const spark = document.getElementById('spark-' + row.code);
          if (spark) spark.innerHTML = sparkline(state.series[row.code], row.unit || '');
          const source = document.getElementById('source-' + row.code);
          if (source) source.textContent = latestLine(row, state.series[row.code]);
        } catch (e) {
          state.requested.delete(row.code);  // the card stays without a trend line; the next render asks again
        }
      }
    };
    return Promise.all(Array.from({ length: Math.min(SERIES_AT_ONCE, queue.length) }, worker)).then(() => {
      if (mine === generation) document.body.dataset.series = 'loaded';
    });
  }

  function unitName(code) {
    const u = state.units[code];
    return u ? (lang === 'en' ? u.nameEn : (u.aliases && u.aliases[0]) || u.nameZh) : code;
  }

  async function loadPlan() {
    const plan = $('plan').value;
    generation++;
    delete document.body.dataset.series;
    $('message').textContent = t('加载中…', 'Loading…');
    // The progress rows carry everything a card shows (names, section, target, lead units, latest figure and source).
    const [progress, detail] = await Promise.all([
      api('/api/v1/progress?plan=' + encodeURIComponent(plan) + (asOf() ? '&asOf=' + asOf() : '')),
      api('/api/v1/plans/' + encodeURIComponent(plan))]);
    state.progress = items(progress);
    state.chapters = detail.chapters || [];
    state.series = {};
    state.requested = new Set();
    const leads = [...new Set(state.progress.flatMap((x) => x.leadUnits || []))].sort();
    const lead = $('lead').value || new URLSearchParams(location.search).get('lead') || '';
    $('lead').innerHTML = '<option value="">' + t('全部', 'All') + '</option>' +
      leads.map((u) => '<option value="' + escapeHtml(u) + '">' + escapeHtml(unitName(u)) + '</option>').join('');
    if (leads.includes(lead)) $('lead').value = lead;
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
        STATUSES.map((s) => '<option value="' + s + '">' + escapeHtml(statusName(s)) + '</option>').join('');
      const wantedStatus = new URLSearchParams(location.search).get('status');
      if (wantedStatus) $('status').value = wantedStatus;
      const thisYear = new Date().getFullYear();
      const years = [];
      for (let y = thisYear; y >= 2014; y--) years.push(y);
      $('year').innerHTML = '<option value="">' + t('最新', 'Latest') + '</option>' +
        years.map((y) => '<option value="' + y + '">' + t(y + '年底', 'end of ' + y) + '</option>').join('');
      const wantedYear = new URLSearchParams(location.search).get('year');
      if (wantedYear && years.includes(Number(wantedYear))) $('year').value = wantedYear;
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
  $('plan').addEventListener('change', () => { $('lead').value = ''; keepInUrl(); loadPlan().catch((e) => { $('message').textContent = e.message; }); });
  $('year').addEventListener('change', () => { keepInUrl(); loadPlan().catch((e) => { $('message').textContent = e.message; }); });
  $('status').addEventListener('change', () => { keepInUrl(); render(); });
  $('lead').addEventListener('change', () => { keepInUrl(); render(); });
  $('lang').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    sessionStorage.setItem(LANG_STORE, lang);
    keepInUrl();
    start();
  });
  $('forget').addEventListener('click', () => { sessionStorage.removeItem(KEY_STORE); showLogin(); });
  start();
})();
