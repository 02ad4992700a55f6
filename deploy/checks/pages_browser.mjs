// The pages for people who do not write code (issue "[4/6] Pages"), in headless Chromium against a running stack,
// through the gateway only. Run by stack-e2e.sh after the smoke test; playwright-core (pinned in package-lock.json,
// `npm ci`) drives Debian's /usr/bin/chromium: no browser is downloaded.
//
// The story, on OL25-AQUATIC-ORIGIN-SPOT-CHECK-PASS-RATE (水产品产地监督抽查合格率: RATIO, %, FJ-OCEAN leads, 福州 contributes;
// no other check reports it) for 2025:
//   1. a county reporter key (鼓楼区, below 福州) opens /report: the form lists the target as a share it may report, with
//      its unit of measure, bounds and due date; a page load makes exactly the API calls the page lists;
//   2. with the keyboard only (Tab between fields, Enter submits) it enters a numerator above the denominator: the
//      API's error appears next to the numerator, in Chinese, with its code; then 9900/10000: the value (99%) shows,
//      waiting for review, stored once (revision +1);
//   3. it uploads an .xlsx with a bad row: the rejected row's reason shows in the table; it downloads the template;
//   4. FJ-OCEAN's key (the lead) approves the value in the review queue (keyboard: Space selects, Enter approves);
//   5. the target page shows the 2025 point in the chart and 福州 rolled up from its county in the city comparison, and
//      the value approved; the scorecard shows chapter titles, links each card to its page, keeps filters in the URL.
// Screenshots of each page: target/screenshots/ of the repository (PAGES_SCREENSHOTS moves them).
// Safe to rerun on the same stack: an earlier run's approved value is first returned by the admin (the form then shows
// the reviewer's reason, and the entry corrects it).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STACK_DIR = process.env.STACK_DIR || path.join(REPO, '.stack');
const GATEWAY = process.env.SMOKE_GATEWAY || `http://127.0.0.1:${process.env.STACK_GATEWAY_PORT || '8080'}`;
const SHOTS = path.resolve(process.env.PAGES_SCREENSHOTS || path.join(REPO, 'target', 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN = process.env.ADMIN_API_KEY || fs.readFileSync(path.join(STACK_DIR, 'admin-api-key'), 'utf8').trim();
const TARGET = 'OL25-AQUATIC-ORIGIN-SPOT-CHECK-PASS-RATE';
const TARGET_NAME = '水产品产地监督抽查合格率';
const COUNTY = 'FJ-FUZHOU-GULOU';
const LEAD = 'FJ-OCEAN';
const PERIOD = '2025';
const WAIT = 30_000;

const failures = [];
function check(condition, what) {
  console.log((condition ? '  ok    ' : '  FAIL  ') + what);
  if (!condition) failures.push(what);
  return condition;
}

async function call(method, p, key, body) {
  const headers = { Authorization: 'Bearer ' + key, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(GATEWAY + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body: json };
}

async function mint(unit, label) {
  const r = await call('POST', `/api/v1/units/${unit}/api-keys`, ADMIN, { label });
  check(r.status === 201 && String(r.body?.apiKey || '').startsWith('fjq_'), `admin mints a REPORTER key for ${unit} (${r.status})`);
  return r.body?.apiKey;
}

async function currentValue() {
  const r = await call('GET', `/api/v1/measurements?target=${TARGET}&unit=${COUNTY}&from=${PERIOD}&to=${PERIOD}`, ADMIN);
  return (r.body?.items || []).find((m) => m.period === PERIOD && m.place === COUNTY) || null;
}

// A minimal .xlsx (stored zip, inline strings): what a person saves from Excel, with one bad row.
function xlsx(rows) {
  const cell = (v, r, c) => {
    const ref = String.fromCharCode(65 + c) + (r + 1);
    if (v === null || v === undefined || v === '') return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    const s = String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    return `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;
  };
  const sheet = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    rows.map((row, r) => `<row r="${r + 1}">` + row.map((v, c) => cell(v, r, c)).join('') + '</row>').join('') + '</sheetData></worksheet>';
  const files = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="填报" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'xl/styles.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>',
    'xl/worksheets/sheet1.xml': sheet
  };
  const parts = [], central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = Buffer.from(name), data = Buffer.from(text, 'utf8'), crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    parts.push(local, n, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc, 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

// A page whose API calls (through the gateway) are counted from its first request.
async function open(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const apiCalls = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/')) apiCalls.push(r.method() + ' ' + u.pathname + u.search); });
  page.on('pageerror', (e) => check(false, 'no script error on ' + url.split('#')[0] + ': ' + e.message));
  await page.goto(url);
  return { context, page, apiCalls };
}

async function shot(page, name) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  check(fs.statSync(file).size > 10_000, 'screenshot saved: ' + file);
}

// The calls a load made equal the ones the page lists ("本页调用的接口").
async function callsAsListed(page, apiCalls, expected, what) {
  const listed = await page.$$eval('#calls li', (lis) => lis.map((li) => li.textContent));
  check(apiCalls.length === expected && listed.length === apiCalls.length,
    `${what}: a page load makes ${expected} API calls, the ones it lists (${apiCalls.length} made: ${apiCalls.join(', ')}; ${listed.length} listed)`);
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  console.log('the pages in headless Chromium (' + CHROMIUM + '), screenshots in ' + SHOTS);
  const county = await mint(COUNTY, 'pages check: 鼓楼区');
  const lead = await mint(LEAD, 'pages check: 省海洋渔业局');
  const earlier = await currentValue();
  if (earlier && earlier.status === 'APPROVED') {
    const r = await call('POST', `/api/v1/measurements/${earlier.id}/return`, ADMIN, { reason: '页面检查重跑：请重新报送' });
    check(r.status === 200, `an earlier run's approved value is returned first (${r.status})`);
  }
  const before = await currentValue();
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-gpu']
  });
  try {
    // ---------------------------------------------------------------- 1. the form
    console.log('1. the reporting form, a county reporter key');
    let { context, page, apiCalls } = await open(browser, `${GATEWAY}/report?period=${PERIOD}#key=${county}`);
    await page.waitForSelector(`body[data-loaded="${PERIOD}"]`, { timeout: WAIT });
    check(!page.url().includes('key='), 'the key is taken out of the address bar');
    await callsAsListed(page, apiCalls, 2, '/report');
    const form = page.locator(`form.entry[data-target="${TARGET}"][data-unit="${COUNTY}"]`);
    check(await form.count() === 1, `the form lists ${TARGET} for ${COUNTY}`);
    const text = await form.innerText();
    check(text.includes(TARGET_NAME) && text.includes('%') && text.includes('0–100%') && text.includes('2026-03-31') && text.includes('可报份额'),
      `with its name, unit of measure, bounds, due date and "a share you may report" (${JSON.stringify(text.split('\n').slice(0, 3))})`);
    if (before && before.status === 'RETURNED') {
      check(text.includes('已退回') && text.includes(before.reviewReason || '—'), 'a returned value shows the reviewer\'s reason');
    }
    await shot(page, 'report.png');

    // ---------------------------------------------------------------- 2. keyboard, a field error, then the value
    console.log('2. keyboard entry: a bad value, then a good one');
    const index = await form.getAttribute('data-index');
    await page.focus(`#f${index}-numerator`);
    await page.keyboard.press('Control+A');  // a returned value's numbers are put back into the fields
    await page.keyboard.type('10100');
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.id) === `f${index}-denominator`, 'Tab moves from the numerator to the denominator');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10000');
    await page.keyboard.press('Enter');
    const numeratorError = page.locator(`#f${index}-numerator-error`);
    await numeratorError.filter({ hasText: 'NUMERATOR_EXCEEDS_DENOMINATOR' }).waitFor({ timeout: WAIT });
    const errorText = await numeratorError.innerText();
    check(errorText.includes('分子不能大于分母') && errorText.includes('NUMERATOR_EXCEEDS_DENOMINATOR'),
      `Enter submits; the API's error shows next to the numerator, in Chinese with its code: ${errorText}`);
    check(await page.evaluate(() => document.activeElement.getAttribute('aria-invalid')) === 'true', 'and the field in error has the focus');
    await shot(page, 'report-field-error.png');
    await page.fill(`#f${index}-numerator`, '9900');
    await page.focus(`#f${index}-denominator`);
    await page.keyboard.press('Enter');
    await page.locator(`#entry-done-${index}`).filter({ hasText: '已提交' }).waitFor({ timeout: WAIT });
    const current = await page.locator(`#current-${index}`).innerText();
    check(current.includes('99%') && current.includes('待审核'), `the value shows, waiting for review: ${current}`);
    const after = await currentValue();
    check(after && Number(after.value) === 99 && after.status === 'SUBMITTED' && after.revision === (before ? before.revision + 1 : 1),
      `stored once: revision ${after?.revision} (before: ${before ? before.revision : 'none'}), value ${after?.value}`);

    // ---------------------------------------------------------------- 3. files
    console.log('3. the template and an .xlsx upload with a bad row');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.click('#template')]);
    const templateFile = path.join(os.tmpdir(), 'pages-check-template.xlsx');
    await download.saveAs(templateFile);
    const template = fs.readFileSync(templateFile);
    check(download.suggestedFilename() === `import-template-${PERIOD}.xlsx` && template.subarray(0, 2).toString() === 'PK' && template.length > 2000,
      `the template downloads as ${download.suggestedFilename()} (${template.length} bytes, a zip)`);
    const upload = path.join(os.tmpdir(), 'pages-check-upload.xlsx');
    fs.writeFileSync(upload, xlsx([
      ['指标代码 (target)', '报送单位 (unit)', '期别 (period)', '数值 (value)', '分子 (numerator)', '分母 (denominator)', '#指标名称'],
      [TARGET, COUNTY, PERIOD, '', 9900, 10000, TARGET_NAME],
      [TARGET, COUNTY, PERIOD, 'abc', '', '', TARGET_NAME]]));
    await page.setInputFiles('#file', upload);
    await page.focus('#upload-button');
    await page.keyboard.press('Enter');
    const rejected = page.locator('table.rejected tr[data-row="2"]');
    await rejected.waitFor({ timeout: WAIT });
    const reason = await rejected.innerText();
    check((await rejected.getAttribute('data-code')) === 'VALUE_NOT_NUMERIC' && reason.includes('不是数字') && reason.includes('value'),
      `the rejected row 2 shows its field and reason: ${reason.replace(/\s+/g, ' ')}`);
    const summary = await page.locator('#upload-result .summary').innerText();
    check(summary.includes('拒绝 1'), `and the summary: ${summary}`);
    await page.locator(`body[data-loaded="${PERIOD}"]`).waitFor({ timeout: WAIT });
    await shot(page, 'report-upload.png');
    await context.close();

    // ---------------------------------------------------------------- 4. review
    console.log('4. the lead unit reviews');
    ({ context, page, apiCalls } = await open(browser, `${GATEWAY}/report?period=${PERIOD}#key=${lead}`));
    await page.waitForSelector(`body[data-loaded="${PERIOD}"]`, { timeout: WAIT });
    const row = page.locator(`#review-list tr[data-target="${TARGET}"][data-unit="${COUNTY}"]`);
    check(await row.count() === 1, `${LEAD}'s review queue lists ${COUNTY}'s value`);
    const checkbox = row.locator('input[type="checkbox"]');
    await checkbox.focus();
    await page.keyboard.press('Space');
    check(await checkbox.isChecked(), 'Space selects it');
    await shot(page, 'review.png');
    await page.focus('#approve-selected');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#review-list tr[data-target="${TARGET}"][data-unit="${COUNTY}"][data-decided="APPROVED"]`, { timeout: WAIT });
    check((await row.innerText()).includes('已通过'), 'Enter on “通过所选” approves it: 已通过');
    check((await currentValue())?.status === 'APPROVED', 'and the service has it APPROVED');
    await shot(page, 'review-approved.png');
    await context.close();

    // ---------------------------------------------------------------- 5. the target page and the scorecard
    console.log('5. the target page and the scorecard');
    let point = null, city = null;
    const deadline = Date.now() + WAIT;
    while (Date.now() < deadline) {
      ({ context, page, apiCalls } = await open(browser, `${GATEWAY}/scorecard/targets/${TARGET}?plan=FJ-OUTLINE-2025#key=${ADMIN}`));
      await page.waitForSelector(`body[data-loaded="${TARGET}"]`, { timeout: WAIT });
      point = await page.$(`svg.chart g.point[data-period="${PERIOD}"]`);
      city = await page.$('tr.city[data-code="FJ-FUZHOU"][data-source="ROLLED_UP"]');
      if (point && city) break;
      await context.close();
      await new Promise((r) => setTimeout(r, 1000));
    }
    await callsAsListed(page, apiCalls, 6, `/scorecard/targets/${TARGET}`);
    check(point && Number(await point.getAttribute('data-value')) === 99 && (await point.getAttribute('data-source')) === 'ROLLED_UP',
      `the chart has the ${PERIOD} point: 99, rolled up (${point && await point.getAttribute('data-value')})`);
    check(await page.$('svg.chart .target-line') !== null && (await page.locator('svg.chart .target-line').innerHTML()).includes('98.5'),
      'and the target line at 98.5');
    const cityText = city ? (await city.innerText()).replace(/\s+/g, ' ') : '';
    check(city && cityText.includes('福州') && cityText.includes('99%') && cityText.includes('汇总自 1/'),
      `the city comparison: 福州 99%, rolled up from its county: ${cityText}`);
    const about = await page.locator('#about-body').innerText();
    check(about.includes('到2025年,食品抽检合格率和水产品产地监督抽查合格率均达到98.5%以上') && about.includes('实施重点产品质量提升工程')
      && about.includes('001_bbe6214b5f05588b.txt'), 'the clause, the chapter title and the document');
    // One county of one city of ten: a ratio from fewer than half of the cities is not judged, and the page says why.
    const method = await page.locator('#method').innerText();
    check(about.includes('数据不足') && method.includes('未评价：最新数值仅由 1/10 个下级地区汇总') && method.includes('分子之和'),
      `the status 数据不足 with the reason and the method in Chinese: ${method.split('\n').slice(0, 2).join(' / ')}`);
    check((await page.locator(`#values-body tr[data-status="APPROVED"]`).count()) >= 1, 'the values with their review state (已通过)');
    const valuesText = await page.locator('#values-body').innerText();
    check(about.includes('福建省海洋与渔业局'), `the lead unit by its name, not ${LEAD}: ${about.split('\n').find((l) => l.includes('牵头')) || ''}`);
    check(valuesText.includes('鼓楼区') && !valuesText.includes(COUNTY), `the values name their unit and place (鼓楼区), not ${COUNTY}`);
    await shot(page, 'target.png');
    await context.close();

    ({ context, page, apiCalls } = await open(browser, `${GATEWAY}/scorecard?plan=FJ-OUTLINE-2025&year=${PERIOD}#key=${ADMIN}`));
    await page.waitForSelector('body[data-loaded="FJ-OUTLINE-2025"]', { timeout: WAIT });
    const headings = await page.$$eval('h2[data-section]', (hs) => hs.map((h) => h.textContent));
    check(headings.includes('二、(一) 实施重点产品质量提升工程'), `chapter titles, not only numbers: ${headings.slice(0, 3).join(' | ')}`);
    check(await page.$eval('#year', (s) => s.value) === PERIOD, `the year comes from the URL (state as of ${PERIOD}-12-31)`);
    check(apiCalls.some((c) => c.includes('/api/v1/progress?plan=FJ-OUTLINE-2025&asOf=2025-12-31')), 'and the progress is asked as of its end');
    await page.selectOption('#status', 'ON_TRACK');
    check(page.url().includes('status=ON_TRACK') && page.url().includes('year=2025'), `filters are kept in the URL: ${page.url().replace(GATEWAY, '')}`);
    await page.selectOption('#status', '');
    const link = page.locator(`article.card[data-code="${TARGET}"] a.target-link`);
    check(await link.count() === 1, 'each card links to its target page');
    await shot(page, 'scorecard-chapters.png');
    await link.focus();
    await Promise.all([page.waitForURL(`**/scorecard/targets/${TARGET}**`, { timeout: WAIT }), page.keyboard.press('Enter')]);
    check(page.url().includes(`/scorecard/targets/${TARGET}`), 'Enter on the card\'s link opens the target page');
    await context.close();
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`pages check: ${failures.length} check(s) FAILED`);
    return 1;
  }
  console.log('pages check: all checks passed');
  return 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e); console.log('pages check: FAILED'); process.exit(1); });
