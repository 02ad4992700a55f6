// The reporting form (/report): what the key's unit (and subtree) reports for a period, one small form per
// (target, unit); a file upload (the period's .xlsx template, or CSV) with its rejected rows; and the review queue of
// the targets the unit leads. A page load makes two calls: GET /api/v1/completeness?period=&shares=true (what is owed,
// with each target's unit, bounds and the current value and its review state) and GET /api/v1/measurements?reviewable=true.
(function () {
  'use strict';
  const F = window.FJQ;
  const t = F.t, esc = F.escapeHtml;
  const $ = (id) => document.getElementById(id);
  let state = { period: null, items: [], queue: [] };

  // Periods offered: the years that have ended (the latest first: the default, the latest due), then the quarters
  // and halves of the last two years that have ended. The API says what is owed for each.
  function periods() {
    const now = new Date();
    const year = now.getFullYear();
    const list = [];
    for (let y = year - 1; y >= 2020; y--) list.push(String(y));
    for (let y = year; y >= year - 1; y--) {
      for (let q = 4; q >= 1; q--) {
        if (new Date(y, q * 3, 1) <= now) list.push(y + 'Q' + q);
      }
      for (let h = 2; h >= 1; h--) {
        if (new Date(y, h * 6, 1) <= now) list.push(y + 'S' + h);
      }
    }
    return list;
  }

  const showLogin = F.showLogin;
  F.onUnauthenticated = () => showLogin(t('密钥无效或已撤销', 'The key is not valid or was revoked'));

  // ------------------------------------------------------------------ the form

  const DUE = { ON_TIME: ['按时报送', 'on time'], LATE: ['逾期报送', 'late'], OVERDUE: ['已逾期', 'overdue'], PENDING: ['待报送', 'pending'] };

  function currentText(c, unit) {
    if (!c) return t('尚未报送', 'not reported yet');
    const num = c.numerator != null ? t('（' + F.number(c.numerator) + '/' + F.number(c.denominator) + '）',
      ' (' + F.number(c.numerator) + '/' + F.number(c.denominator) + ')') : '';
    return t('当前：', 'Current: ') + F.number(c.value) + (unit || '') + num + t('，', ', ') + F.reviewName(c.status) +
      t('，第 ' + c.revision + ' 次修订', ', revision ' + c.revision);
  }

  function field(i, name, label, value, hint) {
    const id = 'f' + i + '-' + name;
    return '<div class="field"><label for="' + id + '">' + esc(label) + '</label>' +
      (name === 'comment'
        ? '<input id="' + id + '" name="comment" type="text" maxlength="1000" value="' + esc(value) + '" aria-describedby="' + id + '-error">'
        : '<input id="' + id + '" name="' + name + '" type="text" inputmode="decimal" autocomplete="off" value="' + esc(value) +
          '" aria-describedby="' + id + '-error' + (hint ? ' ' + id + '-hint' : '') + '">') +
      (hint ? '<span class="hint" id="' + id + '-hint">' + esc(hint) + '</span>' : '') +
      '<span class="error" id="' + id + '-error" role="alert" data-field="' + name + '"></span></div>';
  }

  function bounds(item) {
    if (item.lowerBound == null && item.upperBound == null) return '';
    return t('允许范围 ', 'bounds ') + (item.lowerBound != null ? F.number(item.lowerBound) : '−∞') + '–' +
      (item.upperBound != null ? F.number(item.upperBound) : '∞') + (item.unitOfMeasure || '');
  }

  function entryHtml(item, i) {
    const c = item.current;
    const returned = c && c.status === 'RETURNED';
    const due = DUE[item.status] || [item.status, item.status];
    const name = F.lang === 'en' && item.targetNameEn ? item.targetNameEn : item.targetNameZh;
    return '<form class="entry' + (returned ? ' returned' : '') + '" id="entry-' + i + '" data-index="' + i + '" data-target="' +
      esc(item.target) + '" data-unit="' + esc(item.unit) + '" novalidate>' +
      '<fieldset><legend><span class="name">' + esc(name) + '</span> <span class="code">' + esc(item.target) + ' · ' +
      esc(item.unit) + (item.place !== item.unit ? ' → ' + esc(item.place) : '') + '</span></legend>' +
      '<div class="meta"><span>' + t('计量单位：', 'Unit: ') + esc(item.unitOfMeasure || '—') + '</span> ' +
      '<span>' + esc(bounds(item)) + '</span> ' +
      '<span>' + t('截止日期：', 'Due: ') + esc(item.dueDate) + '</span> ' +
      '<span class="due due-' + esc(item.status) + '">' + esc(t(due[0], due[1])) + '</span>' +
      (item.owed ? '' : ' <span class="share">' + t('可报份额（非必报）', 'a share you may report') + '</span>') + '</div>' +
      '<div class="current" id="current-' + i + '" data-status="' + esc(c ? c.status : '') + '">' + esc(currentText(c, item.unitOfMeasure)) +
      (returned ? '<div class="reason">' + t('退回理由：', 'Returned: ') + esc(c.reviewReason || '') + t('（请修改后重新提交）', ' (correct it and submit again)') + '</div>' : '') +
      (c && c.comment ? '<div class="hint">' + t('说明：', 'Comment: ') + esc(c.comment) + '</div>' : '') + '</div>' +
      '<div class="fields">' +
      (item.ratio
        ? field(i, 'numerator', t('分子', 'Numerator'), c && returned ? c.numerator ?? '' : '') +
          field(i, 'denominator', t('分母', 'Denominator'), c && returned ? c.denominator ?? '' : '') +
          field(i, 'value', t('数值（可不填，按分子/分母计算）', 'Value (optional: computed)'), '', item.unitOfMeasure === '%' ? t('百分数，如 98.5', 'a percentage, e.g. 98.5') : '')
        : field(i, 'value', t('数值', 'Value') + (item.unitOfMeasure ? '（' + item.unitOfMeasure + '）' : ''), c && returned ? c.value : '')) +
      field(i, 'comment', t('说明（可选）', 'Comment (optional)'), '') +
      '<button type="submit" class="submit">' + (c ? t('更正并提交', 'Submit a correction') : t('提交', 'Submit')) + '</button>' +
      '</div><p class="entry-error error" id="entry-error-' + i + '" role="alert"></p>' +
      '<p class="entry-done" id="entry-done-' + i + '" role="status"></p></fieldset></form>';
  }

  function renderEntries() {
    const owed = state.items.filter((i) => i.owed).length;
    const done = state.items.filter((i) => i.owed && i.reported).length;
    $('entries-summary').textContent = state.items.length === 0
      ? t('本期没有需要报送的指标。', 'Nothing to report for this period.')
      : t(F.periodName(state.period) + '：应报 ' + owed + ' 项，已报 ' + done + ' 项' + (state.items.length > owed ? '；另有 ' + (state.items.length - owed) + ' 项可报份额' : '') + '。',
          F.periodName(state.period) + ': ' + owed + ' owed, ' + done + ' reported' + (state.items.length > owed ? '; ' + (state.items.length - owed) + ' shares you may report' : '') + '.');
    $('forms').innerHTML = state.items.map(entryHtml).join('');
    document.querySelectorAll('form.entry').forEach((form) => form.addEventListener('submit', submitEntry));
  }

  function clearErrors(form) {
    form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
    form.querySelectorAll('input').forEach((e) => e.removeAttribute('aria-invalid'));
  }

  // Each API error next to its field (errors[].field), in words with its stable code; the rest at the entry.
  function showProblem(form, i, problem, status) {
    const errors = (problem.errors && problem.errors.length) ? problem.errors : [{ field: null, code: problem.code, message: problem.detail }];
    let first = null;
    errors.forEach((e) => {
      const span = e.field && form.querySelector('.error[data-field="' + e.field + '"]');
      const text = F.codeText(e.code || problem.code, e.message || problem.detail);
      if (span) {
        span.textContent = text;
        const input = form.querySelector('input[name="' + e.field + '"]');
        if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
      } else {
        $('entry-error-' + i).textContent = text + (status ? ' · HTTP ' + status : '');
      }
    });
    if (first) first.focus();
  }

  async function submitEntry(ev) {
    ev.preventDefault();
    const form = ev.currentTarget;
    const i = Number(form.dataset.index);
    const item = state.items[i];
    const button = form.querySelector('button.submit');
    if (form.dataset.busy === '1') return;  // a double click or a second Enter while the first is on its way
    clearErrors(form);
    $('entry-done-' + i).textContent = '';
    const body = { target: item.target, unit: item.unit, period: state.period };
    ['value', 'numerator', 'denominator', 'comment'].forEach((name) => {
      const input = form.querySelector('input[name="' + name + '"]');
      if (input && input.value.trim() !== '') body[name] = input.value.trim();
    });
    // One key per entry, kept until the API has answered it: a retry after a lost answer (or a second click) sends
    // the same key, and the service answers with the first answer without storing twice.
    if (!form.dataset.idempotencyKey) form.dataset.idempotencyKey = F.uuid();
    form.dataset.busy = '1';
    button.disabled = true;
    try {
      const stored = await submitWithRetry(body, form.dataset.idempotencyKey);
      delete form.dataset.idempotencyKey;  // answered: the next submission of this entry is a new one
      item.current = stored;
      item.reported = true;
      const current = $('current-' + i);
      current.dataset.status = stored.status;
      current.textContent = currentText(stored, item.unitOfMeasure);
      form.classList.remove('returned');
      form.querySelectorAll('input').forEach((input) => { input.value = ''; });
      button.textContent = t('更正并提交', 'Submit a correction');
      $('entry-done-' + i).textContent = t('已提交：', 'Stored: ') + F.number(stored.value) + (item.unitOfMeasure || '') +
        t('（第 ' + stored.revision + ' 次修订，待审核）', ' (revision ' + stored.revision + ', waiting for review)');
    } catch (e) {
      if (e instanceof F.ApiError) {
        delete form.dataset.idempotencyKey;  // the service stored nothing: a corrected entry is a new request
        showProblem(form, i, e.problem, e.status);
      } else {
        // no answer at all: the outcome is open; the key stays, so "提交" again repeats the same request safely
        $('entry-error-' + i).textContent = t('网络中断，结果未知：请再次点击“提交”（不会重复保存）', 'No answer: submit again (it will not be stored twice)');
      }
    } finally {
      form.dataset.busy = '0';
      button.disabled = false;
    }
  }

  // 502, 503, 504 leave the outcome open: the same request with the same key, a few times.
  async function submitWithRetry(body, idempotencyKey) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await F.api('/api/v1/measurements', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
      } catch (e) {
        const open = !(e instanceof F.ApiError) || [502, 503, 504].includes(e.status);
        if (!open || attempt >= 2) throw e;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
  }

  // ------------------------------------------------------------------ upload

  async function upload(ev) {
    ev.preventDefault();
    const file = $('file').files[0];
    const out = $('upload-result');
    if (!file) { out.innerHTML = '<p class="error">' + t('请先选择文件', 'Choose a file first') + '</p>'; $('file').focus(); return; }
    const xlsx = /\.xlsx$/i.test(file.name);
    const type = xlsx ? F.XLSX : 'text/csv';
    $('upload-button').disabled = true;
    out.innerHTML = '<p>' + t('上传中…', 'Uploading…') + '</p>';
    try {
      const summary = await F.api('/api/v1/imports' + ($('dry-run').checked ? '?dryRun=true' : ''), { method: 'POST', body: file, contentType: type });
      const c = summary.counts || {};
      out.innerHTML = '<p class="summary" data-status="' + esc(summary.status) + '">' + esc(file.name) + t('：共 ', ': ') + c.total +
        t(' 行，新增 ', ' rows, ') + c.imported + t('，更新 ', ' new, ') + c.updated + t('，未变 ', ' updated, ') + c.ignored +
        t('，拒绝 ', ' unchanged, ') + c.rejected + t(' 行', ' rejected') + (summary.dryRun ? t('（仅校验，未保存）', ' (checked only, nothing stored)') : '') + '</p>' +
        (summary.conflicts && summary.conflicts.length
          ? '<table class="rejected"><caption>' + t('被拒绝的行', 'Rejected rows') + '</caption><thead><tr><th scope="col">' +
            t('行', 'Row') + '</th><th scope="col">' + t('字段', 'Field') + '</th><th scope="col">' + t('原因', 'Reason') +
            '</th><th scope="col">' + t('说明', 'Detail') + '</th></tr></thead><tbody>' +
            summary.conflicts.map((r) => '<tr data-row="' + r.row + '" data-code="' + esc(r.code) + '"><td>' + r.row + '</td><td>' +
              esc(r.field || '') + '</td><td>' + esc(F.codeText(r.code)) + '</td><td>' + esc(r.message || '') + '</td></tr>').join('') +
            '</tbody></table>' + (summary.conflictsTruncated ? '<p>' + t('（仅列出前 10000 行）', '(the first 10,000 listed)') + '</p>' : '')
          : '');
      if (!summary.dryRun) await load();
    } catch (e) {
      out.innerHTML = '<p class="error" role="alert">' + esc(e instanceof F.ApiError ? F.codeText(e.problem.code, e.problem.detail) +
        (e.problem.detail ? '：' + e.problem.detail : '') : e.message) + '</p>';
    } finally {
      $('upload-button').disabled = false;
    }
  }

  // ------------------------------------------------------------------ review

  function renderQueue() {
    const list = $('review-list');
    if (state.queue.length === 0) {
      list.innerHTML = '<p class="hint">' + t('没有等待您审核的数值。', 'Nothing waits for your review.') + '</p>';
      return;
    }
    list.innerHTML = '<form id="review-form"><table class="queue"><caption>' + t('共 ' + state.queue.length + ' 项待审核', state.queue.length + ' waiting') +
      '</caption><thead><tr><th scope="col">' + t('选择', 'Select') + '</th><th scope="col">' + t('指标', 'Target') + '</th><th scope="col">' +
      t('报送单位 / 地区', 'Unit / place') + '</th><th scope="col">' + t('期别', 'Period') + '</th><th scope="col">' + t('数值', 'Value') +
      '</th><th scope="col">' + t('说明', 'Comment') + '</th><th scope="col">' + t('操作', 'Decide') + '</th></tr></thead><tbody>' +
      state.queue.map((m, i) => '<tr id="q-' + i + '" data-id="' + esc(m.id) + '" data-target="' + esc(m.target) + '" data-unit="' + esc(m.unit) + '">' +
        '<td><input type="checkbox" id="q-check-' + i + '" aria-label="' + esc(t('选择 ', 'Select ') + m.target + ' ' + m.unit + ' ' + m.period) + '"></td>' +
        '<td>' + esc(m.target) + '</td><td>' + esc(m.unit) + (m.place !== m.unit ? ' → ' + esc(m.place) : '') + '</td><td>' +
        esc(F.periodName(m.period)) + '</td><td>' + esc(F.number(m.value)) + (m.numerator != null ? ' (' + esc(F.number(m.numerator)) + '/' + esc(F.number(m.denominator)) + ')' : '') +
        t('，第 ', ', rev. ') + m.revision + t(' 次修订', '') + '</td><td>' + esc(m.comment || '') + '</td>' +
        '<td><button type="button" class="approve" data-i="' + i + '">' + t('通过', 'Approve') + '</button> ' +
        '<button type="button" class="return" data-i="' + i + '">' + t('退回', 'Return') + '</button>' +
        '<span class="outcome" id="q-outcome-' + i + '" role="status"></span></td></tr>').join('') +
      '</tbody></table><p><label for="reason">' + t('退回理由（退回时必填）', 'Reason (needed to return)') + '</label> ' +
      '<input id="reason" type="text" size="50" maxlength="1000"></p><p><button type="button" id="approve-selected">' +
      t('通过所选', 'Approve selected') + '</button> <button type="button" id="return-selected">' + t('退回所选', 'Return selected') +
      '</button></p></form>';
    list.querySelectorAll('button.approve').forEach((b) => b.addEventListener('click', () => decide([Number(b.dataset.i)], 'approve')));
    list.querySelectorAll('button.return').forEach((b) => b.addEventListener('click', () => decide([Number(b.dataset.i)], 'return')));
    $('approve-selected').addEventListener('click', () => decide(selected(), 'approve'));
    $('return-selected').addEventListener('click', () => decide(selected(), 'return'));
  }

  function selected() {
    return state.queue.map((m, i) => i).filter((i) => $('q-check-' + i) && $('q-check-' + i).checked);
  }

  // Approve or return, one request per value; a refusal (403 SELF_REVIEW_NOT_ALLOWED, REVIEW_NOT_ALLOWED…) is shown
  // on its row with its code, never hidden.
  async function decide(indexes, action) {
    if (indexes.length === 0) { $('message').textContent = t('请先选择数值', 'Select values first'); return; }
    const reason = $('reason').value.trim();
    if (action === 'return' && !reason) {
      $('message').textContent = F.codeText('REASON_REQUIRED');
      $('reason').focus();
      return;
    }
    $('message').textContent = '';
    for (const i of indexes) {
      const m = state.queue[i];
      const out = $('q-outcome-' + i);
      const row = $('q-' + i);
      if (row.dataset.decided) continue;
      try {
        const answer = await F.api('/api/v1/measurements/' + encodeURIComponent(m.id) + '/' + action,
          action === 'return' ? { method: 'POST', body: { reason } } : { method: 'POST' });
        row.dataset.decided = answer.status;
        out.textContent = ' ' + F.reviewName(answer.status);
        row.querySelectorAll('button, input').forEach((b) => { b.disabled = true; });
      } catch (e) {
        out.className = 'outcome error';
        out.textContent = ' ' + (e instanceof F.ApiError ? F.codeText(e.problem.code, e.problem.detail) + ' · HTTP ' + e.status : e.message);
        row.dataset.refused = e.problem && e.problem.code || 'ERROR';
      }
    }
  }

  // ------------------------------------------------------------------ loading

  async function load() {
    $('message').textContent = t('加载中…', 'Loading…');
    const period = state.period;
    const [completeness, queue] = await Promise.all([
      F.api('/api/v1/completeness?period=' + encodeURIComponent(period) + '&shares=true'),
      F.api('/api/v1/measurements?reviewable=true&size=500')]);
    if (period !== state.period) return;
    state.items = (completeness.items || []).slice().sort((a, b) => (b.owed - a.owed) || a.unit.localeCompare(b.unit) || a.target.localeCompare(b.target));
    state.queue = F.items(queue);
    renderEntries();
    renderQueue();
    $('message').textContent = '';
    document.body.dataset.loaded = period;
  }

  function pushUrl() {
    const q = new URLSearchParams(location.search);
    q.set('period', state.period);
    history.replaceState(null, '', location.pathname + '?' + q.toString() + location.hash);
  }

  async function start() {
    F.applyLanguage();
    if (!F.key()) { showLogin(); return; }
    $('login').hidden = true;
    $('main').hidden = false;
    const options = periods();
    $('period').innerHTML = options.map((p) => '<option value="' + p + '">' + esc(F.periodName(p)) + '</option>').join('');
    const wanted = new URLSearchParams(location.search).get('period');
    state.period = wanted && /^\d{4}([QS]\d|\d{2})?$/.test(wanted) ? wanted : options[0];
    if (![...$('period').options].some((o) => o.value === state.period)) {
      $('period').insertAdjacentHTML('afterbegin', '<option value="' + esc(state.period) + '">' + esc(F.periodName(state.period)) + '</option>');
    }
    $('period').value = state.period;
    try {
      await load();
    } catch (e) {
      if (!(e instanceof F.ApiError && e.status === 401)) {
        $('message').textContent = e instanceof F.ApiError ? F.codeText(e.problem.code, e.problem.detail) : e.message;
      }
    }
  }

  $('login').addEventListener('submit', (ev) => { ev.preventDefault(); F.setKey($('key').value.trim()); start(); });
  $('period').addEventListener('change', () => { state.period = $('period').value; pushUrl(); load().catch((e) => { $('message').textContent = e.message; }); });
  $('upload-form').addEventListener('submit', upload);
  $('template').addEventListener('click', () => F.download('/api/v1/imports/template?period=' + encodeURIComponent(state.period), F.XLSX,
    'import-template-' + state.period + '.xlsx').catch((e) => { $('upload-result').textContent = e.message; }));
  $('lang').addEventListener('click', () => { F.switchLanguage(); start(); });
  $('forget').addEventListener('click', () => { F.forgetKey(); showLogin(); });
  start();
})();
