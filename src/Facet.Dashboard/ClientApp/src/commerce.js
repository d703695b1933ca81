// The Commerce page: /api/commerce/live (Server-Sent Events) pushes the KPI cards, the streams' freshness and the
// warehouse's data version every few seconds; when the version or the selection changes, the panels fetch their
// commerce reports (/api/reports/NAME?source=commerce, served through the report cache). Each chart element carries
// data-rows, data-total, data-key and data-signature so that tests (and curious people) can see what it draws.
'use strict';

const params = new URLSearchParams(location.search);
const state = {
  date: params.get('date') ?? '',
  category: params.get('category') ?? '',
  country: params.get('country') ?? '',
  tz: params.get('tz') ?? '',
};
const $ = id => document.getElementById(id);
const number = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const charts = {};
let source = null;
let updates = 0;
let loaded = '';
let generation = 0;
let windowsLoaded = '';

// Each panel: its report, the options it asks for, whether it takes the category (revenue and products do; the
// other reports count orders, sessions or customers, which have no single category), and how it draws the rows (the
// report columns of docs/reports.md). Every panel follows the day and the country.
const panels = {
  'revenue-hourly': { report: 'revenue', query: { source: 'commerce' }, category: true, total: rows => sum(rows, 'revenue'), option: revenueByHour },
  'top-products': { report: 'top-products-by-revenue', query: { source: 'commerce', limit: '10' }, category: true, total: rows => sum(rows, 'revenue'), option: rows => bars(rows.map(r => label(r.product_name ?? r.product_id, r.currency, rows)), rows.map(r => r.revenue)) },
  'top-categories': { report: 'top-categories', query: { limit: '10' }, total: rows => sum(rows, 'revenue'), option: rows => bars(rows.map(r => label(r.category, r.currency, rows)), rows.map(r => r.revenue)) },
  'payment-methods': { report: 'payment-methods', query: {}, total: rows => sum(rows, 'orders'), option: paymentMix },
  'traffic-sources': { report: 'traffic-sources', query: {}, total: rows => sum(rows, 'sessions'), option: trafficSources },
  'device-types': { report: 'device-types', query: {}, total: rows => sum(rows, 'sessions'), option: rows => bars(rows.map(r => r.device_type ?? '(unknown)'), rows.map(r => r.sessions), '#2f6fde') },
  'customer-demographics': { report: 'customer-demographics', query: {}, total: rows => sum(rows, 'customers'), option: demographics },
};

for (const element of document.querySelectorAll('.chart')) {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  // data-drawn = data-signature once the chart has finished drawing (animations included).
  chart.on('finished', () => { element.dataset.drawn = element.dataset.signature ?? ''; });
  charts[element.dataset.panel] = chart;
}
new ResizeObserver(() => Object.values(charts).forEach(chart => chart.resize())).observe(document.querySelector('main'));

function sum(rows, column) {
  return rows.reduce((total, r) => total + Number(r[column] ?? 0), 0);
}

function selection() {
  const q = new URLSearchParams();
  if (state.date) q.set('date', state.date);
  if (state.tz) q.set('tz', state.tz);
  if (state.category) q.set('category', state.category);
  if (state.country) q.set('country', state.country);
  return q;
}

function connect() {
  if (source) source.close();
  const q = selection();
  history.replaceState(null, '', q.size ? `?${q}` : location.pathname);
  showStatus('connecting…');
  source = new EventSource(`/api/commerce/live?${q}`);
  source.addEventListener('snapshot', event => render(JSON.parse(event.data)));
  source.addEventListener('problem', event => showStatus(JSON.parse(event.data).error, true));
  source.onerror = () => showStatus('connection lost, reconnecting…', true);
}

function showStatus(text, error = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

function render(snapshot) {
  const k = snapshot.kpis;
  updates += 1;
  document.body.dataset.updates = String(updates);
  document.body.dataset.date = k.day ?? '';
  document.body.dataset.version = snapshot.version;
  showStatus(`${k.day ?? 'no orders yet'} (${k.time_zone}) · live, updated ${new Date(k.at).toLocaleTimeString()}`);
  renderPickers(k);
  renderKpis(k);
  renderFreshness(k.streams);
  // The panels read the day the KPIs resolved, so "latest" means one day on the whole page.
  const q = selection();
  q.set('date', k.day ?? 'latest');
  q.set('tz', k.time_zone);
  $('kpis-csv').href = `/api/commerce/kpis.csv?${q}`;
  $('freshness-csv').href = `/api/commerce/freshness.csv?${q}`;
  const wanted = `${snapshot.version}|${q}`;
  if (wanted !== loaded) {
    loaded = wanted;
    loadPanels(q);
  }
  if (snapshot.version !== windowsLoaded) {
    windowsLoaded = snapshot.version;
    loadWindows(snapshot.version);
  }
}

// The late panel (issue 19): per window definition, the windows revised after the watermark passed their end and the
// events beyond the allowed lateness, fetched again whenever the data version moves. Each row carries its numbers
// as data-* attributes (data-late, data-revised, data-windows, …) for tests.
async function loadWindows(version) {
  let summaries;
  try {
    const response = await fetch('/api/commerce/windows');
    summaries = await response.json();
    if (!response.ok) throw new Error(summaries.error ?? `HTTP ${response.status}`);
  } catch (error) {
    $('windows').dataset.error = String(error.message ?? error);
    return;
  }
  if (version !== windowsLoaded) return;
  delete $('windows').dataset.error;
  const rows = summaries.map(w => {
    const tr = document.createElement('tr');
    Object.assign(tr.dataset, {
      name: w.name, windows: w.windows, final: w.final_windows, revised: w.revised_windows,
      lateRevisions: w.late_revisions, late: w.late_events, applied: w.late_applied, lateWindows: w.late_windows,
    });
    tr.classList.toggle('late', w.late_events > 0);
    const late = w.late_events ? `${number.format(w.late_events)} in ${number.format(w.late_windows)} window${w.late_windows === 1 ? '' : 's'}` : '0';
    for (const text of [w.name, w.source, w.mode, when(w.watermark), number.format(w.windows), number.format(w.final_windows),
      w.revised_windows ? `${number.format(w.revised_windows)} (${number.format(w.late_revisions)}×)` : '0', late, number.format(w.late_applied)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $('windows').tBodies[0].replaceChildren(...rows);
  $('windows').dataset.version = version;
}

function renderPickers(k) {
  const date = $('date');
  if (document.activeElement !== date) date.value = state.date || k.day || '';
  $('latest').classList.toggle('active', !state.date);
  fillSelect($('category'), 'All categories', k.categories, state.category);
  fillSelect($('country'), 'All countries', k.countries, state.country);
}

function fillSelect(select, all, values, selected) {
  const options = [['', all], ...values.map(v => [v, v])];
  if (selected && !values.includes(selected)) options.push([selected, selected]);
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, text]) => new Option(text, value)));
    select.dataset.signature = signature;
  }
  select.value = selected;
}

function setKpi(id, value, text, note) {
  const card = $(id);
  const valueElement = card.querySelector('.value');
  valueElement.dataset.value = String(value);
  valueElement.textContent = text;
  card.querySelector('.note').textContent = note;
}

// Currencies are never summed: the card shows the currency with the most revenue, the note the others.
function renderKpis(k) {
  const byRevenue = [...k.revenue].sort((a, b) => b.revenue - a.revenue);
  const lead = byRevenue[0];
  const others = byRevenue.slice(1);
  const perCurrency = list => list.map(r => `${r.currency} ${money.format(r.revenue)}`).join(' · ');
  setKpi('kpi-revenue', k.revenue.map(r => `${r.currency}:${r.revenue}`).join(';'),
    lead ? `${lead.currency} ${money.format(lead.revenue)}` : '0',
    others.length ? `also ${perCurrency(others)}` : 'successful orders only');
  setKpi('kpi-orders', k.orders, number.format(k.orders), `${number.format(k.successful_orders)} successful · ${number.format(k.failed_orders)} failed`);
  const aov = byRevenue.filter(r => r.average_order_value !== null);
  setKpi('kpi-aov', aov.map(r => `${r.currency}:${r.average_order_value}`).join(';'),
    aov.length ? `${aov[0].currency} ${money.format(aov[0].average_order_value)}` : '–',
    aov.length > 1 ? `also ${aov.slice(1).map(r => `${r.currency} ${money.format(r.average_order_value)}`).join(' · ')}` : 'revenue ÷ paid orders');
  setKpi('kpi-conversion', `${k.sessions_with_order}/${k.sessions}`, k.conversion === null ? '–' : `${(k.conversion * 100).toFixed(1)}%`,
    `${number.format(k.sessions_with_order)} of ${number.format(k.sessions)} sessions ordered`);
}

function duration(seconds) {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const when = time => (time ? new Date(time).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '–');

// Freshness only while data arrives (a load in the last minute); otherwise when the stream's last batch came.
function renderFreshness(streams) {
  const rows = streams.map(s => {
    const tr = document.createElement('tr');
    tr.dataset.stream = s.stream;
    const freshness = s.freshness_seconds !== null && s.freshness_seconds !== undefined
      ? duration(s.freshness_seconds)
      : s.last_loaded_at ? `idle since ${when(s.last_loaded_at)}` : 'no data yet';
    for (const text of [s.stream, number.format(s.records), when(s.latest_event_time), when(s.last_loaded_at), freshness]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $('freshness').tBodies[0].replaceChildren(...rows);
}

async function loadPanels(q) {
  const mine = ++generation;
  await Promise.all(Object.entries(panels).map(async ([name, panel]) => {
    const query = new URLSearchParams(q);
    if (!panel.category) query.delete('category');
    for (const [key, value] of Object.entries(panel.query)) query.set(key, value);
    const note = document.querySelector(`[data-all-categories="${name}"]`);
    if (note) note.hidden = panel.category || !q.get('category');
    document.querySelector(`a[data-csv="${name}"]`).href = `/api/reports/${panel.report}.csv?${query}`;
    const element = charts[name].getDom();
    let body;
    try {
      const response = await fetch(`/api/reports/${panel.report}?${query}`);
      body = await response.json();
      if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
    } catch (error) {
      if (mine !== generation) return;
      element.dataset.error = String(error.message ?? error);
      charts[name].clear();
      charts[name].setOption({ title: { text: `${panel.report}: ${element.dataset.error}`, left: 'center', top: 'middle', textStyle: { fontSize: 12, fontWeight: 400, color: '#c0392b', width: 360, overflow: 'break' } } }, true);
      return;
    }
    if (mine !== generation) return;
    delete element.dataset.error;
    draw(name, String(query), body.rows, panel);
  }));
}

// Sets a chart's option only when its data changed, and records what it shows on the element.
function draw(name, key, rows, panel) {
  const element = charts[name].getDom();
  const signature = JSON.stringify([key, rows]);
  element.dataset.key = key;
  if (element.dataset.signature === signature) return;
  element.dataset.signature = signature;
  element.dataset.rows = String(rows.length);
  element.dataset.total = String(panel.total(rows));
  charts[name].setOption(rows.length ? panel.option(rows) : { title: { text: 'no data for this selection', left: 'center', top: 'middle', textStyle: { fontSize: 13, fontWeight: 400, color: '#667085' } } }, true);
}

const shorten = (text, max = 30) => (text && text.length > max ? `${text.slice(0, max - 1)}…` : text ?? '');
const label = (text, currency, rows) => (new Set(rows.map(r => r.currency)).size > 1 ? `${shorten(text)} (${currency})` : shorten(text));

function bars(labels, values, color = '#128a4d') {
  return {
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', splitNumber: 4, splitLine: { lineStyle: { color: '#eef0f3' } }, axisLabel: { hideOverlap: true, formatter: v => compact.format(v) } },
    yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { width: 170, overflow: 'truncate' } },
    series: [{ type: 'bar', data: values, itemStyle: { color }, barMaxWidth: 22, label: { show: true, position: 'right', formatter: p => money.format(p.value) } }],
  };
}

function revenueByHour(rows) {
  const currencies = [...new Set(rows.map(r => r.currency))].sort();
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours, name: 'hour' },
    yAxis: { type: 'value', axisLabel: { formatter: v => compact.format(v) } },
    series: currencies.map(currency => {
      const data = new Array(24).fill(0);
      for (const r of rows.filter(r => r.currency === currency)) data[Number(r.hour)] += Number(r.revenue);
      return { name: `revenue (${currency})`, type: 'bar', data, itemStyle: currencies.length === 1 ? { color: '#128a4d' } : undefined };
    }),
  };
}

function paymentMix(rows) {
  const methods = [...new Set(rows.map(r => r.payment_method))];
  const of = (method, column) => sum(rows.filter(r => r.payment_method === method), column);
  const series = (name, data, color) => ({ name, type: 'bar', stack: 'orders', data, itemStyle: { color }, barMaxWidth: 22 });
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: methods.map(m => m ?? 'unknown') },
    series: [
      series('successful', methods.map(m => of(m, 'successful')), '#128a4d'),
      series('failed', methods.map(m => of(m, 'failed')), '#c0392b'),
      series('other', methods.map(m => of(m, 'orders') - of(m, 'successful') - of(m, 'failed')), '#b0b7c3'),
    ],
  };
}

function trafficSources(rows) {
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: items => items.map(i => `${i.seriesName}: ${number.format(i.value)}`).join('<br>') + `<br>conversion: ${(Number(rows[items[0].dataIndex].conversion_rate ?? 0) * 100).toFixed(1)}%` },
    xAxis: { type: 'category', data: rows.map(r => r.traffic_source ?? 'unknown') },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'sessions', type: 'bar', data: rows.map(r => r.sessions), itemStyle: { color: '#2f6fde' }, barMaxWidth: 48 },
      { name: 'with an order', type: 'bar', data: rows.map(r => r.sessions_with_order), itemStyle: { color: '#128a4d' }, barMaxWidth: 48 },
    ],
  };
}

function demographics(rows) {
  const bands = [...new Set(rows.map(r => r.age_band))].sort();
  const genders = [...new Set(rows.map(r => r.gender))].sort();
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: bands.map(b => b ?? 'unknown'), name: 'age' },
    yAxis: { type: 'value', minInterval: 1 },
    series: genders.map(gender => ({
      name: gender ?? 'unknown', type: 'bar', barMaxWidth: 36,
      data: bands.map(band => sum(rows.filter(r => r.age_band === band && r.gender === gender), 'customers')),
    })),
  };
}

$('category').addEventListener('change', event => { state.category = event.target.value; connect(); });
$('country').addEventListener('change', event => { state.country = event.target.value; connect(); });
$('date').addEventListener('change', event => { state.date = event.target.value; connect(); });
$('latest').addEventListener('click', () => { state.date = ''; connect(); });

connect();
