// A page per target (/scorecard/targets/{code}), linked from every scorecard card: what the target says (the clause of
// its document, kind, comparator, deadline, baseline, the method in words), the province's series as a chart (SVG drawn
// here, no library) with the target line and the forecast to the deadline, the city comparison (a bar per city, with its
// source and coverage), the reported values with their review state, and downloads. A page load makes six calls:
// GET /api/v1/targets/{code}, its /progress and /cities, GET /api/v1/measurements?target=, the plan (chapter title) and
// GET /api/v1/units?size=500 (the names of the lead units, reporters and places).
(function () {
  'use strict';
  const F = window.FJQ;
  const t = F.t, esc = F.escapeHtml;
  const $ = (id) => document.getElementById(id);
  const code = decodeURIComponent(location.pathname.split('/').pop());
  const query = new URLSearchParams(location.search);
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(query.get('asOf') || '') ? query.get('asOf') : null;
  const KINDS = {
    RATE: ['比率', 'rate'], INDEX: ['指数', 'index'], LEVEL: ['水平值（取最新）', 'level (the latest)'],
    CUMULATIVE: ['累计值（规划期内合计）', 'cumulative (since the plan began)'], ANNUAL: ['年度值', 'annual amount'],
    RELATIVE_CHANGE: ['相对基期的变化', 'change from the baseline']
  };
  const COMPARATORS = { GE: ['≥（不低于）', '≥ (at least)'], GT: ['>（高于）', '> (above)'], LE: ['≤（不高于）', '≤ (at most)'], LT: ['<（低于）', '< (below)'], EQ: ['=（等于）', '= (equal)'] };
  const SIGN = { GE: '≥', GT: '>', LE: '≤', LT: '<', EQ: '=' };
  const SOURCES = { REPORTED: ['报送', 'reported'], DERIVED: ['由分期数据推算', 'derived from shorter periods'], ROLLED_UP: ['汇总', 'rolled up'] };
  // The method in words from the target's kind, aggregation and baseline source: the rules of docs/targets-service.md
  // ("Method"), in Chinese for the people who read this page. The service's own account of this computation (English,
  // with its periods and counts) follows in a fold.
  const TREND = ['预测：以基期水平和各年度数值拟合最小二乘趋势线（最多 5 个点，仅 1 个点时视为持平），读取期限年底的值',
    'forecast: a least-squares line through the base year\'s level and the yearly figures (up to 5 points; one point: flat), read at the end of the deadline year'];
  const RULES = {
    LEVEL: [['实际值取最新一期的水平值', 'actual: the latest level'], TREND],
    CUMULATIVE: [['实际值为规划期起各期数值之和（某年无数据按 0 计，并在说明中列出）', 'actual: the sum since the plan began (a year without a value counts as 0 and is named)'],
      ['预测：按目前进度线性外推到期限年底', 'forecast: the pace so far, extended to the end of the deadline year']],
    ANNUAL: [['实际值取最近一年的数值', 'actual: the latest year\'s amount'], ['预测：当年未满的，按当年进度外推到年底', 'forecast: a running year extended by its pace']],
    RELATIVE_CHANGE: [['实际值为最新水平相对基期值的变化（单位为 % 时按百分比计，否则按百分点；以下降为目标的，下降计为正）',
      'actual: the change of the latest level from the baseline (percent for a % unit, else points; a fall counts positive where a fall is wanted)'], TREND]
  };
  RULES.RATE = RULES.INDEX = RULES.LEVEL;
  const AGGREGATIONS = {
    SUM: ['全省数：有全省报送数时取报送数；否则由各设区市汇总，设区市无报送数时由其所辖县（市、区）汇总',
      'the province: its reported figure; else the sum of the cities, a city without one from its counties'],
    RATIO: ['全省比率：有全省报送数时取报送数；否则按各地分子之和 ÷ 分母之和计算，不取比率的平均',
      'the province: its reported figure; else Σnumerator ÷ Σdenominator of the places below, never a mean of rates'],
    LEAD_UNIT_ONLY: ['全省数：仅取牵头单位报送的全省数，不由各地汇总', 'the province: only the lead unit\'s figure, no roll-up']
  };
  const BASELINES = {
    STATED: ['基期值：目标文件所列的值', 'baseline: as stated by the document'], BASE_YEAR: ['基期值：基期年份的报送数', 'baseline: the base year\'s figure'],
    FIRST_REPORT: ['基期值：首次报送数（缺基期年份数据）', 'baseline: the first report (the base year\'s figure is missing)'],
    ZERO: ['起点为 0（累计或年度数量）', 'starting point 0 (a sum or an annual amount)']
  };

  function methodWords(target, detail) {
    const th = detail.thresholds || {};
    const lines = (RULES[target.kind] || []).map((r) => t(r[0], r[1]));
    if (AGGREGATIONS[target.aggregation]) lines.unshift(t(AGGREGATIONS[target.aggregation][0], AGGREGATIONS[target.aggregation][1]));
    if (detail.baselineSource === 'FIRST_REPORT' && !target.baseline) {
      lines.push(t('基期值：首次报送数（本指标未设基期年份）', 'baseline: the first report (the target names no base year)'));
    } else if (BASELINES[detail.baselineSource]) {
      lines.push(t(BASELINES[detail.baselineSource][0], BASELINES[detail.baselineSource][1]));
    }
    lines.push(t('状态：实际值已满足目标为“' + F.statusName('ACHIEVED') + '”；否则按 P =（预测 − 基期）÷（目标 − 基期）：P ≥ ' + th.onTrackFrom +
      ' 为“' + F.statusName('ON_TRACK') + '”，' + th.needsAccelerationFrom + ' ≤ P < ' + th.onTrackFrom + ' 为“' + F.statusName('NEEDS_ACCELERATION') +
      '”，0 ≤ P < ' + th.needsAccelerationFrom + ' 为“' + F.statusName('OFF_TRACK') + '”，P < 0 为“' + F.statusName('DETERIORATING') + '”',
      'status: ACHIEVED when the actual meets the target; else by P = (forecast − baseline) ÷ (target − baseline): ON_TRACK from ' + th.onTrackFrom +
      ', NEEDS_ACCELERATION from ' + th.needsAccelerationFrom + ', OFF_TRACK from 0, DETERIORATING below'));
    // A figure from only some of the places below is not judged (CoverageRule in targets-service): say why.
    const latest = (detail.series || []).filter((p) => p.value != null).pop();
    if (detail.status === 'NO_DATA' && detail.actual != null && latest && latest.source === 'ROLLED_UP' && latest.placesCovered < latest.placesTotal) {
      const k = latest.placesCovered + '/' + latest.placesTotal;
      lines.unshift(target.aggregation === 'RATIO'
        ? t('未评价：最新数值仅由 ' + k + ' 个下级地区汇总，比率须至少覆盖一半的下级地区才评价', 'not judged: the latest figure comes from ' + k + ' places below; a ratio is judged from half of them up')
        : t('未评价：最新数值仅为 ' + k + ' 个下级地区之和，不是全省总数；只有已达到目标时才可判定“' + F.statusName('ACHIEVED') + '”',
            'not judged: the latest figure is the sum of ' + k + ' places below, not the total; only a target already met can be judged'));
    }
    return '<ul class="method-rules">' + lines.map((l) => '<li>' + esc(l) + '</li>').join('') + '</ul>' +
      (detail.method ? '<details><summary>' + t('本次计算说明（英文）', 'This computation') + '</summary><p class="method">' + esc(detail.method) + '</p></details>' : '');
  }

  let data = {};
  let unitNames = new Map();

  // A unit by its name in the page's language, its code in the title (the code alone when the name is not known).
  function unitName(code) {
    const u = unitNames.get(code);
    if (!u) return esc(code || '');
    return '<span title="' + esc(code) + '">' + esc(F.lang === 'en' ? u.nameEn : u.nameZh) + '</span>';
  }

  const showLogin = F.showLogin;
  F.onUnauthenticated = () => showLogin(t('密钥无效或已撤销', 'The key is not valid or was revoked'));

  function words(map, k) { const n = map[k]; return n ? t(n[0], n[1]) : String(k || ''); }

  function sourceWords(f, below) {
    if (!f || !f.source) return '';
    if (f.source === 'ROLLED_UP' && f.placesCovered != null) {
      return t('汇总自 ' + f.placesCovered + '/' + f.placesTotal + ' 个' + below[0], 'rolled up from ' + f.placesCovered + ' of ' + f.placesTotal + ' ' + below[1]);
    }
    return words(SOURCES, f.source);
  }

  function renderAbout(target, plan, detail) {
    const chapter = plan && (plan.chapters || []).filter((c) => (target.section || '').startsWith(c.section)).pop();
    const baseline = target.baseline
      ? t(target.baseline.year + '年' + (target.baseline.value != null ? '：' + F.number(target.baseline.value) + target.unit : '（基期值待报送）'),
          target.baseline.year + (target.baseline.value != null ? ': ' + F.number(target.baseline.value) + target.unit : ' (value to be reported)'))
      : t('无', 'none');
    const name = F.lang === 'en' ? target.nameEn : target.nameZh;
    document.title = name + ' · ' + t('指标详情', 'Target');
    $('title').textContent = name;
    $('about-body').innerHTML =
      '<p class="lead-text"><span class="status-badge" data-status="' + esc(detail.status) + '" style="background:var(--' + esc(detail.status) + ')">' +
      esc(F.statusName(detail.status)) + '</span> ' + esc(F.lang === 'en' ? target.nameZh : target.nameEn) + ' · <span class="code">' + esc(target.code) + '</span></p>' +
      '<dl class="facts">' +
      '<dt>' + t('出处', 'Source') + '</dt><dd><blockquote id="clause">' + esc(target.sourceText || '—') + '</blockquote>' +
      '<div>' + esc(plan ? (F.lang === 'en' ? plan.titleEn : plan.titleZh) : target.planCode) + ' · ' + esc(target.section) +
      (chapter ? ' ' + esc(chapter.titleZh) : '') + ' · <span class="code">' + esc(target.sourceDocument || '') + '</span></div></dd>' +
      '<dt>' + t('类型', 'Kind') + '</dt><dd>' + esc(words(KINDS, target.kind)) + '</dd>' +
      '<dt>' + t('目标', 'Target') + '</dt><dd id="target-line">' + esc(words(COMPARATORS, target.comparator)) + ' ' + esc(F.number(target.targetValue)) +
      esc(target.unit) + t('，' + target.deadlineYear + '年底前', ', by the end of ' + target.deadlineYear) + '</dd>' +
      '<dt>' + t('基期', 'Baseline') + '</dt><dd>' + esc(baseline) + '</dd>' +
      '<dt>' + t('牵头单位', 'Lead units') + '</dt><dd>' + (target.leadUnits || []).map(unitName).join('、') + '</dd>' +
      '<dt>' + t('最新情况', 'Latest') + '</dt><dd>' + t('实际 ', 'Actual ') + esc(F.number(detail.actual)) + esc(target.unit) +
      (detail.forecast != null ? t('，预测到期 ', ', forecast ') + esc(F.number(detail.forecast)) + esc(target.unit) : '') +
      (detail.asOf ? t('（截至 ', ' (as of ') + esc(String(detail.asOf).slice(0, 10)) + t('）', ')') : '') + '</dd>' +
      '<dt>' + t('计算方法', 'Method') + '</dt><dd id="method">' + methodWords(target, detail) + '</dd>' +
      '</dl>';
  }

  // The series, the target line and the forecast to the deadline, on one scale. Periods on the x axis by their start;
  // one marker per point whose shape says its source (as on the scorecard); every point has a text title.
  function renderChart(target, detail) {
    const series = (detail.series || []).filter((p) => p.value != null);
    const w = 760, h = 300, left = 64, right = 24, top = 24, bottom = 44;
    // a period at its middle, in years (2024 → 2024.5, 2024Q1 → 2024.12)
    const year = (p) => (p.start && p.end)
      ? 1970 + ((Date.parse(p.start) + Date.parse(p.end) + 86400000) / 2) / (365.2425 * 86400000)
      : Number(String(p.period).slice(0, 4)) + 0.5;
    const firstYear = Math.min(detail.planStartYear || target.deadlineYear, ...series.map((p) => Math.floor(year(p))));
    const lastYear = Math.max(target.deadlineYear, ...series.map((p) => Math.ceil(year(p))));
    const values = series.map((p) => Number(p.value));
    if (target.targetValue != null) values.push(Number(target.targetValue));
    if (detail.forecast != null) values.push(Number(detail.forecast));
    if (detail.baseline != null) values.push(Number(detail.baseline));
    let min = Math.min(...values), max = Math.max(...values);
    if (!Number.isFinite(min)) { min = 0; max = 1; }
    const pad = (max - min) * 0.15 || Math.abs(max) * 0.1 || 1;
    min -= pad; max += pad;
    const x = (yr) => left + ((yr - firstYear) / Math.max(1, lastYear + 1 - firstYear)) * (w - left - right);
    const y = (v) => top + (1 - (v - min) / (max - min)) * (h - top - bottom);
    let svg = '<svg class="chart" viewBox="0 0 ' + w + ' ' + h + '" role="img" aria-labelledby="chart-desc">';
    const label = t('全省数据：', 'Province: ') + (series.length ? series.map((p) => F.periodName(p.period) + ' ' + F.number(p.value) + target.unit + '（' + sourceWords(p, ['设区市', 'cities']) + '）').join('；') : t('暂无', 'none')) +
      t('；目标 ', '; target ') + SIGN[target.comparator] + F.number(target.targetValue) + target.unit + '（' + target.deadlineYear + '）' +
      (detail.forecast != null ? t('；预测 ', '; forecast ') + F.number(detail.forecast) + target.unit : '');
    svg += '<desc id="chart-desc">' + esc(label) + '</desc>';
    for (let yr = firstYear; yr <= lastYear + 1; yr++) {
      svg += '<line x1="' + x(yr) + '" y1="' + top + '" x2="' + x(yr) + '" y2="' + (h - bottom) + '" class="grid"/>';
      if (yr <= lastYear) svg += '<text x="' + (x(yr) + x(yr + 1)) / 2 + '" y="' + (h - bottom + 18) + '" class="axis" text-anchor="middle">' + yr + '</text>';
    }
    [min + pad, (min + max) / 2, max - pad].forEach((v) => {
      svg += '<text x="' + (left - 6) + '" y="' + (y(v) + 4) + '" class="axis" text-anchor="end">' + esc(F.number(v)) + '</text>';
    });
    if (target.targetValue != null) {
      const ty = y(Number(target.targetValue));
      svg += '<g class="target-line"><line x1="' + left + '" y1="' + ty + '" x2="' + (w - right) + '" y2="' + ty + '"/>' +
        '<text x="' + (w - right) + '" y="' + (ty - 6) + '" text-anchor="end">' + esc(t('目标 ', 'Target ') + SIGN[target.comparator] + F.number(target.targetValue) + target.unit + '（' + target.deadlineYear + '）') + '</text></g>';
    }
    const xy = series.map((p) => [x(year(p)), y(Number(p.value))]);
    if (xy.length > 1) svg += '<path class="series" d="' + xy.map((q, i) => (i ? 'L' : 'M') + q[0].toFixed(1) + ' ' + q[1].toFixed(1)).join(' ') + '"/>';
    if (detail.forecast != null && xy.length) {
      const fx = x(target.deadlineYear + 0.5), fy = y(Number(detail.forecast));
      const last = xy[xy.length - 1];
      svg += '<g class="forecast"><path d="M' + last[0].toFixed(1) + ' ' + last[1].toFixed(1) + ' L' + fx.toFixed(1) + ' ' + fy.toFixed(1) + '"/>' +
        '<circle cx="' + fx.toFixed(1) + '" cy="' + fy.toFixed(1) + '" r="4"/><title>' + esc(t('预测 ', 'Forecast ') + target.deadlineYear + '：' + F.number(detail.forecast) + target.unit) + '</title></g>';
    }
    series.forEach((p, i) => {
      const [cx, cy] = xy[i];
      let shape;
      if (p.source === 'ROLLED_UP') shape = '<circle cx="' + cx.toFixed(1) + '" cy="' + cy.toFixed(1) + '" r="5" class="hollow"/>';
      else if (p.source === 'DERIVED') shape = '<path class="hollow" d="M' + cx.toFixed(1) + ' ' + (cy - 6).toFixed(1) + ' L' + (cx + 6).toFixed(1) + ' ' + cy.toFixed(1) + ' L' + cx.toFixed(1) + ' ' + (cy + 6).toFixed(1) + ' L' + (cx - 6).toFixed(1) + ' ' + cy.toFixed(1) + ' Z"/>';
      else shape = '<circle cx="' + cx.toFixed(1) + '" cy="' + cy.toFixed(1) + '" r="5" class="solid"/>';
      if (p.flagged) shape += '<circle cx="' + cx.toFixed(1) + '" cy="' + cy.toFixed(1) + '" r="9" class="flagged"/>';
      const text = F.periodName(p.period) + '：' + F.number(p.value) + target.unit + '，' + sourceWords(p, ['设区市', 'cities']) + (p.flagged ? t('，核对差异', ', reconciliation difference') : '');
      svg += '<g class="point" data-period="' + esc(p.period) + '" data-source="' + esc(p.source) + '" data-value="' + esc(p.value) + '" data-flagged="' + (p.flagged ? 'true' : 'false') + '">' +
        '<title>' + esc(text) + '</title>' + shape + '<text x="' + cx.toFixed(1) + '" y="' + (cy - 10).toFixed(1) + '" text-anchor="middle" class="value">' + esc(F.number(p.value)) + '</text></g>';
    });
    svg += '</svg>';
    $('chart-body').innerHTML = svg + '<p class="legend">' + t('● 省级报送　○ 由设区市汇总　◇ 由分期数据推算　红圈：核对差异　— — 目标线　⋯ 预测至目标年份',
      '● reported for the province  ○ rolled up from the cities  ◇ derived from shorter periods  red ring: reconciliation difference  — — target  ⋯ forecast to the deadline') + '</p>';
  }

  function renderCities(target, comparison) {
    const cities = comparison.cities || [];
    const withValue = cities.filter((c) => c.value != null);
    const max = Math.max(...withValue.map((c) => Math.abs(Number(c.value))), target.targetValue != null && target.aggregation !== 'SUM' ? Number(target.targetValue) : 0, 1e-9);
    const p = comparison.province || {};
    $('cities-body').innerHTML = '<p>' + t('期别：', 'Period: ') + esc(comparison.period ? F.periodName(comparison.period) : t('暂无', 'none')) +
      t('；全省 ', '; province ') + esc(F.number(p.value)) + esc(target.unit) + (p.source ? '（' + esc(sourceWords(p, ['设区市', 'cities'])) + '）' : '') +
      t('；有数据的设区市 ', '; cities with a figure ') + withValue.length + '/' + cities.length + '</p>' +
      '<table class="bars"><caption class="visually-hidden">' + t('各设区市数值', 'The cities\' figures') + '</caption><thead><tr><th scope="col">' + t('设区市', 'City') +
      '</th><th scope="col">' + t('数值', 'Figure') + '</th><th scope="col">' + t('来源与覆盖', 'Source and coverage') + '</th><th scope="col">' + t('排名', 'Rank') + '</th></tr></thead><tbody>' +
      cities.map((c) => {
        const pct = c.value == null ? 0 : Math.max(0, Math.min(100, Math.abs(Number(c.value)) / max * 100));
        return '<tr class="city" data-code="' + esc(c.code) + '" data-source="' + esc(c.source || '') + '" data-value="' + esc(c.value == null ? '' : c.value) + '">' +
          '<th scope="row">' + esc(F.lang === 'en' ? c.nameEn : c.nameZh) + '</th>' +
          '<td><div class="hbar"><div style="width:' + pct.toFixed(1) + '%"></div></div><span class="num">' + esc(c.value == null ? '—' : F.number(c.value) + target.unit) + '</span></td>' +
          '<td>' + esc(c.value == null ? t('未报送', 'no figure') : sourceWords(c, ['县（市、区）', 'counties'])) + (c.flagged ? ' ⚠' : '') + '</td>' +
          '<td>' + esc(c.rank == null ? '—' : c.rank) + '</td></tr>';
      }).join('') + '</tbody></table>';
  }

  function renderValues(target, page) {
    const rows = F.items(page);
    $('values-body').innerHTML = rows.length === 0 ? '<p class="hint">' + t('暂无本密钥可见的报送数值。', 'No value this key may see.') + '</p>'
      : '<table class="values"><thead><tr><th scope="col">' + t('期别', 'Period') + '</th><th scope="col">' + t('报送单位', 'Unit') + '</th><th scope="col">' +
        t('地区', 'Place') + '</th><th scope="col">' + t('数值', 'Value') + '</th><th scope="col">' + t('审核状态', 'Review') + '</th><th scope="col">' +
        t('修订', 'Revision') + '</th><th scope="col">' + t('报送时间', 'Submitted') + '</th><th scope="col">' + t('退回理由 / 说明', 'Reason / comment') + '</th></tr></thead><tbody>' +
        rows.map((m) => '<tr data-id="' + esc(m.id) + '" data-status="' + esc(m.status) + '"><td>' + esc(F.periodName(m.period)) + '</td><td>' + unitName(m.unit) + '</td><td>' + unitName(m.place) +
          '</td><td>' + esc(F.number(m.value)) + esc(target.unit) + (m.numerator != null ? ' (' + esc(F.number(m.numerator)) + '/' + esc(F.number(m.denominator)) + ')' : '') +
          (m.followUp ? ' <span class="flag">' + t('需核实', 'follow up') + '</span>' : '') + '</td><td>' + esc(F.reviewName(m.status)) + '</td><td>' + m.revision +
          '</td><td>' + esc(String(m.submittedAt || '').replace('T', ' ').slice(0, 16)) + '</td><td>' + esc(m.reviewReason || m.comment || '') + '</td></tr>').join('') +
        '</tbody></table>' + (page.total > rows.length ? '<p class="hint">' + t('仅显示前 ' + rows.length + ' 条，共 ' + page.total + ' 条；完整数据请下载。', 'The first ' + rows.length + ' of ' + page.total + '; download for all.') + '</p>' : '');
  }

  async function start() {
    F.applyLanguage();
    if (!F.key()) { showLogin(); return; }
    $('login').hidden = true;
    $('main').hidden = false;
    $('message').textContent = t('加载中…', 'Loading…');
    const back = new URLSearchParams();
    if (query.get('plan')) back.set('plan', query.get('plan'));
    if (asOf) back.set('year', asOf.slice(0, 4));
    $('back').href = '/scorecard' + (back.toString() ? '?' + back : '');
    const as = asOf ? 'asOf=' + asOf : '';
    try {
      const enc = encodeURIComponent(code);
      const targetCall = F.api('/api/v1/targets/' + enc).then(async (target) => {
        let plan = null;
        try { plan = await F.api('/api/v1/plans/' + encodeURIComponent(target.planCode)); } catch (e) { /* the chapter title is a nicety */ }
        return [target, plan];
      });
      // The units' names (lead units, reporters, places): one page holds every unit; a nicety, so codes on failure.
      const unitsCall = F.api('/api/v1/units?size=500').then((page) => page.items || [], () => []);
      const [[target, plan], detail, comparison, values, units] = await Promise.all([
        targetCall,
        F.api('/api/v1/targets/' + enc + '/progress' + (as ? '?' + as : '')),
        F.api('/api/v1/targets/' + enc + '/cities' + (as ? '?' + as : '')),
        F.api('/api/v1/measurements?target=' + enc + '&size=500'),
        unitsCall]);
      unitNames = new Map(units.map((u) => [u.code, u]));
      data = { target, plan, detail, comparison, values };
      renderAbout(target, plan, detail);
      renderChart(target, detail);
      renderCities(target, comparison);
      renderValues(target, values);
      $('message').textContent = '';
      document.body.dataset.loaded = code;
    } catch (e) {
      if (!(e instanceof F.ApiError && e.status === 401)) {
        $('message').textContent = e instanceof F.ApiError ? F.codeText(e.problem.code, e.problem.detail) : e.message;
      }
    }
  }

  function downloadPath(what, format) {
    const enc = encodeURIComponent(code);
    const as = asOf ? 'asOf=' + asOf : '';
    if (what === 'series') return '/api/v1/targets/' + enc + '/progress' + (as ? '?' + as : '');
    if (what === 'cities') return '/api/v1/targets/' + enc + '/cities' + (data.comparison && data.comparison.period ? '?period=' + data.comparison.period + (as ? '&' + as : '') : (as ? '?' + as : ''));
    return '/api/v1/measurements?target=' + enc;
  }

  document.querySelectorAll('button[data-download]').forEach((b) => b.addEventListener('click', () => {
    const format = b.dataset.format;
    F.download(downloadPath(b.dataset.download, format), format === 'xlsx' ? F.XLSX : 'text/csv', code + '.' + format)
      .catch((e) => { $('message').textContent = e.message; });
  }));
  $('login').addEventListener('submit', (ev) => { ev.preventDefault(); F.setKey($('key').value.trim()); start(); });
  $('lang').addEventListener('click', () => { F.switchLanguage(); start(); });
  $('forget').addEventListener('click', () => { F.forgetKey(); showLogin(); });
  start();
})();
