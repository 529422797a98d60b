// The city officer's dashboard: coverage against the target over time, coverage and registered
// workers by district and village, each allocation's use, and the cards lapsing next month.
// It reads the public GraphQL API with the officer's token; without one it shows only sign-in.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { graphql, pageConfig } from './page-config';
// The dashboard's one query is a listed operation, so `npm run check` guards it like any client's.
import QUERY from '../../../schema/operations/dashboard/city-dashboard.graphql';

const config = pageConfig();
const number = (value) => (value === null || value === undefined ? '–' : Number(value).toLocaleString('en'));
const rupiah = (value) => `Rp ${number(value)}`;
const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
};

function signIn(root, message) {
  root.replaceChildren(
    element(
      'section',
      { class: 'sign-in', 'data-state': 'signed-out' },
      element('h2', {}, 'Sign in'),
      element(
        'p',
        {},
        message ??
          'Paste the access token your identity provider gave you. The dashboard shows counts and sums only, never a person.',
      ),
      element(
        'form',
        { id: 'sign-in' },
        element('input', { id: 'token', type: 'password', placeholder: 'token', autocomplete: 'off' }),
        element('button', { type: 'submit' }, 'Show the dashboard'),
      ),
    ),
  );
  root.querySelector('#sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = root.querySelector('#token').value.trim();
    if (token) load(root, token);
  });
}

function lineChart(target, progress, width) {
  const days = progress.map((p) => Date.parse(`${p.asOf}T00:00:00Z`) / 1000);
  return new uPlot(
    {
      width,
      height: 260,
      title: `Covered workers against the target of ${number(target.targetCount)}`,
      scales: { y: { range: [0, target.targetCount * 1.05] } },
      series: [
        {},
        { label: 'covered', stroke: '#1f77b4', width: 2, points: { show: true } },
        { label: 'target', stroke: '#d62728', dash: [6, 4] },
      ],
      axes: [{}, { size: 70 }],
    },
    [days, progress.map((p) => p.coveredWorkers), progress.map(() => target.targetCount)],
  );
}

function barChart(title, rows, width) {
  const bars = uPlot.paths.bars({ size: [0.35, 40], align: 0 });
  const index = rows.map((_, i) => i);
  return new uPlot(
    {
      width,
      height: 240,
      title,
      scales: {
        x: { time: false, range: [-0.5, rows.length - 0.5] },
        y: { range: (_, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      series: [
        {},
        { label: 'covered', fill: '#1f77b4', stroke: '#1f77b4', paths: bars, points: { show: false } },
        {
          label: 'registered',
          fill: '#aec7e8',
          stroke: '#aec7e8',
          paths: uPlot.paths.bars({ size: [0.35, 40], align: 1 }),
          points: { show: false },
        },
      ],
      axes: [{ values: (_, ticks) => ticks.map((t) => rows[t]?.label ?? ''), rotate: 0 }, { size: 60 }],
    },
    [index, rows.map((r) => r.covered), rows.map((r) => r.registered)],
  );
}

function table(caption, headers, rows, figure) {
  return element(
    'table',
    { 'data-figure': figure },
    element('caption', {}, caption),
    element('thead', {}, element('tr', {}, ...headers.map((h) => element('th', {}, h)))),
    element(
      'tbody',
      {},
      ...rows.map((cells) =>
        element('tr', {}, ...cells.map((c, i) => element(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, c))),
      ),
    ),
  );
}

async function load(root, token) {
  const asOf = config.asOf;
  root.replaceChildren(element('p', { 'data-state': 'loading' }, 'Loading…'));
  let answer;
  try {
    answer = await graphql(
      config.endpoint,
      QUERY,
      { regency: config.regency, asOf, from: config.from, until: config.until },
      { authorization: `Bearer ${token}` },
    );
  } catch (error) {
    return signIn(root, `The gateway could not be reached: ${error.message}`);
  }
  if (!answer.data) return signIn(root, `Signed out: ${answer.errors?.[0]?.message ?? 'the token was refused.'}`);
  const { programmeTargets, regency, allocations, lapsingCards } = answer.data;
  const width = Math.min(900, root.clientWidth || 900);
  const target = programmeTargets?.[0];
  const districts = regency?.districts ?? [];
  const villages = districts.flatMap((d) => d.villages.map((v) => ({ ...v, district: d.name })));
  const summary = element(
    'section',
    { class: 'summary', 'data-state': 'ready' },
    element(
      'div',
      {},
      element('span', {}, `Covered in ${regency?.name ?? ''} on ${asOf}`),
      element('strong', { 'data-figure': 'covered' }, number(regency?.statistics?.coveredWorkers)),
    ),
    element(
      'div',
      {},
      element('span', {}, 'Registered'),
      element('strong', { 'data-figure': 'registered' }, number(regency?.statistics?.registeredWorkers)),
    ),
    element(
      'div',
      {},
      element('span', {}, 'Target'),
      element('strong', { 'data-figure': 'target' }, number(target?.targetCount)),
    ),
    element(
      'div',
      {},
      element('span', {}, `Cards lapsing in ${lapsingCards?.month ?? ''}`),
      element('strong', { 'data-figure': 'lapsing' }, number(lapsingCards?.count)),
    ),
  );
  const line = element('section', { class: 'chart', id: 'coverage-line' });
  const districtBars = element('section', { class: 'chart', id: 'district-bars' });
  const villageBars = element('section', { class: 'chart', id: 'village-bars' });
  const budget = element(
    'section',
    { class: 'budget' },
    element('h2', {}, 'Budget use per allocation'),
    ...(allocations?.nodes ?? []).map((a) =>
      element(
        'div',
        { class: 'gauge', 'data-allocation': a.id },
        element('h3', {}, `${a.id} (APBD ${a.fiscalYear})`),
        element(
          'label',
          {},
          'committed ',
          element('meter', { min: '0', max: String(a.ceiling), value: String(a.committed) }),
          ` ${rupiah(a.committed)} of ${rupiah(a.ceiling)}`,
        ),
        element(
          'label',
          {},
          'realised ',
          element('meter', { min: '0', max: String(a.ceiling), value: String(a.realised) }),
          ` ${rupiah(a.realised)}`,
        ),
      ),
    ),
  );
  root.replaceChildren(
    element('h1', {}, `Social-security coverage of informal workers: ${regency?.name ?? ''}`),
    summary,
    line,
    districtBars,
    table(
      'Coverage by district',
      ['district', 'covered', 'registered'],
      districts.map((d) => [d.name, number(d.statistics?.coveredWorkers), number(d.statistics?.registeredWorkers)]),
      'districts',
    ),
    villageBars,
    table(
      'Coverage by village',
      ['village', 'district', 'covered', 'registered'],
      villages.map((v) => [
        v.name,
        v.district,
        number(v.statistics?.coveredWorkers),
        number(v.statistics?.registeredWorkers),
      ]),
      'villages',
    ),
    budget,
  );
  if (target) line.append(lineChart(target, target.progressSeries ?? [], width).root);
  districtBars.append(
    barChart(
      'Covered and registered workers by district',
      districts.map((d) => ({
        label: d.name,
        covered: d.statistics?.coveredWorkers ?? 0,
        registered: d.statistics?.registeredWorkers ?? 0,
      })),
      width,
    ).root,
  );
  villageBars.append(
    barChart(
      'Covered and registered workers by village',
      villages.map((v) => ({
        label: '',
        covered: v.statistics?.coveredWorkers ?? 0,
        registered: v.statistics?.registeredWorkers ?? 0,
      })),
      width,
    ).root,
  );
}

const root = document.getElementById('dashboard');
if (config.token) load(root, config.token);
else signIn(root);
