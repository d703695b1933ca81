// The Facet dashboard page: one Server-Sent Events stream (/api/live) pushes a snapshot of everything shown here
// every few seconds; the pickers reopen the stream with a new selection. Each chart element carries data-rows,
// data-total and data-signature so that tests (and curious people) can see what it draws.
'use strict';

const params = new URLSearchParams(location.search);
const state = {
  date: params.get('date') ?? '',
  country: params.get('country') ?? '',
  product: params.get('product') ?? '',
  bots: params.get('include_bots') === 'true',
  tz: params.get('tz') ?? '',
  funnelBy: params.get('funnel_by') ?? 'all',
};
const $ = id => document.getElementById(id);
const number = new Intl.NumberFormat('en');
const charts = {};
let source = null;
let updates = 0;
let mapReady = false;
let last = null;

for (const element of document.querySelectorAll('.chart')) {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  // data-drawn = data-signature once the chart has finished drawing (animations included).
  chart.on('finished', () => { element.dataset.drawn = element.dataset.signature ?? ''; });
  charts[element.dataset.report] = chart;
}
let countriesNarrow = null;
new ResizeObserver(() => {
  Object.values(charts).forEach(chart => chart.resize());
  // The countries card shows the map alone on narrow screens: redraw when the layout flips.
  const narrow = charts['top-countries'].getWidth() < 640;
  if (last && narrow !== countriesNarrow) renderCountries(last, true);
}).observe(document.querySelector('main'));

fetch('/lib/world.json')
  .then(response => response.json())
  .then(world => {
    echarts.registerMap('world', world);
    mapReady = true;
    if (last) renderCountries(last, true);
  })
  .catch(error => showStatus(`world map unavailable: ${error}`, true));

function query() {
  const q = new URLSearchParams();
  if (state.date) q.set('date', state.date);
  if (state.country) q.set('country', state.country);
  if (state.product) q.set('product', state.product);
  if (state.bots) q.set('include_bots', 'true');
  if (state.tz) q.set('tz', state.tz);
  if (state.funnelBy !== 'all') q.set('funnel_by', state.funnelBy);
  return q;
}

function connect() {
  if (source) source.close();
  const q = query();
  history.replaceState(null, '', q.size ? `?${q}` : location.pathname);
  showStatus('connecting…');
  source = new EventSource(`/api/live?${q}`);
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
  last = snapshot;
  updates += 1;
  document.body.dataset.updates = String(updates);
  document.body.dataset.date = snapshot.date ?? '';
  const at = new Date(snapshot.at);
  showStatus(`${snapshot.date ?? 'no views yet'} (${snapshot.tz}) · live, updated ${at.toLocaleTimeString()}`);
  renderPickers(snapshot);
  renderKpis(snapshot.kpis);
  renderBadEvents(snapshot.bad_events);
  renderPipeline(snapshot.pipeline, at);
  renderCountries(snapshot, false);
  renderProducts(snapshot.reports['top-products']);
  renderReferrers(snapshot.reports['top-referrers']);
  renderStores(snapshot);
  renderHourlyProduct(snapshot);
  renderBrowserOs(snapshot.reports['hourly-browser-os']);
  renderCommerceKpis(snapshot);
  renderFunnel(snapshot);
  renderRevenueHourly(snapshot);
  const csv = new URLSearchParams(query());
  csv.set('date', snapshot.date ?? 'latest');
  $('csv-link').href = `/api/reports/top-products.csv?${csv}`;
}

function renderPickers(snapshot) {
  const date = $('date');
  if (document.activeElement !== date) date.value = state.date || snapshot.date || '';
  $('latest').classList.toggle('active', !state.date);
  $('bots').checked = state.bots;
  fillSelect($('country'), snapshot.reports.countries.map(r => [r.country_code, `${r.country_name} (${number.format(r.views)})`]), snapshot.country, snapshot.country_name);
  fillSelect($('product'), snapshot.reports['top-products'].map(r => [r.product_id, `${r.product_name ?? r.product_id} (${number.format(r.views)})`]), snapshot.product, snapshot.product);
}

function fillSelect(select, options, selected, selectedLabel) {
  if (selected && !options.some(([value]) => value === selected)) options = [[selected, selectedLabel ?? selected], ...options];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
    select.dataset.signature = signature;
  }
  select.value = selected ?? '';
}

function setKpi(id, value, text, note) {
  const card = $(id);
  const valueElement = card.querySelector('.value');
  valueElement.dataset.value = String(value);
  valueElement.textContent = text;
  if (note !== undefined) card.querySelector('.note').innerHTML = note;
}

function renderKpis(k) {
  const delta = k.views_previous > 0 ? (k.views - k.views_previous) / k.views_previous : null;
  const versus = k.is_today ? 'same time yesterday' : 'the day before';
  const arrow = delta === null ? '' : delta >= 0 ? `<span class="up">▲ ${(delta * 100).toFixed(1)}%</span>` : `<span class="down">▼ ${(-delta * 100).toFixed(1)}%</span>`;
  setKpi('kpi-views', k.views, number.format(k.views), `${arrow} vs ${versus} (${number.format(k.views_previous)})`);
  setKpi('kpi-devices', k.unique_devices, number.format(k.unique_devices));
  setKpi('kpi-bots', k.bot_share, `${(k.bot_share * 100).toFixed(1)}%`);
}

// Bad events by arrival: a rejected line has no trustworthy event time, so it counts on the day it was received.
function renderBadEvents(b) {
  if (!b.day) {
    setKpi('kpi-bad', 0, '0', 'nothing rejected so far');
    return;
  }
  const reasons = b.by_reason.slice(0, 3).map(r => `${escapeHtml(r.reason_code)} ${number.format(r.events)}`).join(' · ');
  const csv = new URLSearchParams({ date: b.day, tz: b.time_zone });
  setKpi('kpi-bad', b.total, number.format(b.total),
    `received ${escapeHtml(b.day)}${reasons ? `: ${reasons}` : ''} · <a id="bad-csv-link" href="/api/bad-events.csv?${csv}">CSV</a>`);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function renderPipeline(p, at) {
  $('pipe-rate').textContent = p.events_per_second.toFixed(1);
  $('pipe-lag').textContent = p.consumer_lag === null ? '–' : number.format(p.consumer_lag);
  // Freshness only while data arrives; otherwise when the last batch came (a backfill's events are old, not late).
  $('pipe-freshness').textContent = p.freshness_seconds !== null && p.freshness_seconds !== undefined
    ? duration(p.freshness_seconds)
    : p.last_batch ? `idle since ${new Date(p.last_batch.committed_at).toLocaleString()}` : '–';
  $('pipe-workers').textContent = String(p.active_workers);
  const b = p.last_batch;
  $('pipe-last').textContent = b
    ? `#${b.batch_id} by ${b.worker_id}, ${duration((at - new Date(b.committed_at)) / 1000)} ago: ${number.format(b.consumed)} consumed, ` +
      `${number.format(b.inserted)} inserted, ${number.format(b.duplicates)} duplicates, ${number.format(b.rejected)} rejected, ` +
      `${Math.round(new Date(b.committed_at) - new Date(b.started_at))} ms`
    : 'no processor has written to this warehouse yet';
}

// Sets a chart's option only when its data changed, and records what it shows on the element.
function draw(name, rows, option, key = '', total = null) {
  const element = charts[name].getDom();
  const signature = JSON.stringify([key, rows]);
  if (element.dataset.signature === signature) return;
  element.dataset.signature = signature;
  element.dataset.rows = String(rows.length);
  element.dataset.total = String(total ?? rows.reduce((sum, r) => sum + (r.views ?? 0), 0));
  element.dataset.key = key;
  charts[name].setOption(option, true);
}

const shorten = (text, max = 28) => (text && text.length > max ? `${text.slice(0, max - 1)}…` : text ?? '');

function horizontalBars(labels, values, colors) {
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', splitLine: { lineStyle: { color: '#eef0f3' } } },
    yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { width: 170, overflow: 'truncate' } },
    series: [{
      type: 'bar', data: values.map((v, i) => ({ value: v, itemStyle: colors ? { color: colors[i] } : undefined })),
      label: { show: true, position: 'right', formatter: p => number.format(p.value) }, barMaxWidth: 22,
    }],
  };
}

function renderCountries(snapshot, force) {
  const all = snapshot.reports.countries;
  const top = snapshot.reports['top-countries'];
  if (!mapReady) {
    return;
  }
  const chart = charts['top-countries'];
  if (force) chart.getDom().dataset.signature = '';
  const narrow = chart.getWidth() < 640;
  countriesNarrow = narrow;
  $('countries-note').textContent = `${all.length} countries with views`;
  draw('top-countries', all, {
    tooltip: { trigger: 'item', formatter: p => (p.data ? `${p.data.label}: ${number.format(p.data.value)} views` : p.name) },
    visualMap: { show: !narrow, seriesIndex: 0, min: 0, max: Math.max(1, ...all.map(r => r.views)), left: 8, bottom: 8, calculable: false, itemHeight: 80, inRange: { color: ['#dbe7fb', '#2f6fde', '#173d82'] }, text: ['more', 'fewer'] },
    // Narrow screens get the map alone (the country picker lists the ranking with counts); wide ones add the top 10.
    grid: { left: '70%', right: 40, top: 16, bottom: 16, containLabel: true, show: false },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, show: !narrow, data: narrow ? [] : top.map(r => shorten(r.country_name, 18)) },
    series: [
      {
        type: 'map', map: 'world', nameProperty: 'iso2', roam: true, selectedMode: 'single',
        left: 0, right: narrow ? 0 : '32%', top: 0, bottom: 0,
        itemStyle: { areaColor: '#eef0f3', borderColor: '#c9ced6' }, emphasis: { label: { show: false }, itemStyle: { areaColor: '#f4b400' } },
        data: all.map(r => ({ name: r.country_code, value: r.views, label: r.country_name, selected: r.country_code === snapshot.country })),
      },
      { type: 'bar', data: narrow ? [] : top.map(r => r.views), barMaxWidth: 16, itemStyle: { color: '#2f6fde' }, label: { show: true, position: 'right', formatter: p => number.format(p.value) } },
    ],
  }, snapshot.country ?? '');
}

function renderProducts(rows) {
  draw('top-products', rows, horizontalBars(rows.map(r => shorten(r.product_name ?? r.product_id)), rows.map(r => r.views)));
}

// The API ranks external sources only (include_internal=false), so the shop's own hosts no longer fill the panel.
function renderReferrers(rows) {
  const option = horizontalBars(rows.map(r => (r.medium === 'internal' ? `${r.referrer} (internal)` : r.referrer)), rows.map(r => r.views),
    rows.map(r => (r.medium === 'internal' ? '#98a2b3' : '#2f6fde')));
  draw('top-referrers', rows, option);
}

// Past 15 stores the bars would overlap into a smear: the top 14 and one "N others" bar (data-total keeps every store).
const maxStoreBars = 15;

function renderStores(snapshot) {
  const rows = snapshot.reports['store-views'];
  $('store-country').textContent = snapshot.country_name ?? '…';
  let labels = rows.map(r => r.domain ?? r.store_id ?? 'unknown');
  let values = rows.map(r => r.views);
  let colors;
  if (rows.length > maxStoreBars) {
    const rest = rows.slice(maxStoreBars - 1);
    labels = [...labels.slice(0, maxStoreBars - 1), `${rest.length} other stores`];
    values = [...values.slice(0, maxStoreBars - 1), rest.reduce((sum, r) => sum + r.views, 0)];
    colors = values.map((_, i) => (i === maxStoreBars - 1 ? '#98a2b3' : '#2f6fde'));
  }
  draw('store-views', rows, horizontalBars(labels, values, colors), snapshot.country ?? '');
}

function money(value, currency, digits) {
  const fraction = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, ...fraction }).format(value);
  } catch {
    // Not an ISO code (an ambiguous "$" from a store without a country): the symbol as the shop sent it.
    return `${currency} ${new Intl.NumberFormat('en', fraction).format(value)}`;
  }
}

// The currency with the most orders leads; amounts in other currencies are listed, never added to it.
function leadingCurrency(rows) {
  return [...rows].sort((a, b) => b.orders - a.orders || (a.currency < b.currency ? -1 : 1))[0];
}

function renderCommerceKpis(snapshot) {
  const rows = snapshot.reports.revenue;
  const lead = rows.length ? leadingCurrency(rows) : null;
  const others = rows.filter(r => r !== lead).sort((a, b) => b.orders - a.orders);
  const more = others.slice(0, 3).map(r => money(r.revenue, r.currency, 0)).join(' · ');
  const note = snapshot.fx_base ? `converted to ${snapshot.fx_base}` : others.length ? `+ ${more}${others.length > 3 ? ` + ${others.length - 3} more` : ''}` : 'one currency';
  // Whole units on the cards so the figure fits; the API and CSV have the exact amounts.
  setKpi('kpi-revenue', lead?.revenue ?? 0, lead ? money(lead.revenue, lead.currency, 0) : '–', lead ? note : 'no orders yet');
  const orders = rows.reduce((sum, r) => sum + r.orders, 0);
  setKpi('kpi-orders', orders, number.format(orders));
  setKpi('kpi-aov', lead?.aov ?? 0, lead ? money(lead.aov, lead.currency, 0) : '–', lead ? `per order in ${lead.currency}` : '');
  const c = snapshot.reports.conversion[0];
  setKpi('kpi-conversion', c?.conversion_rate ?? 0, c ? `${(c.conversion_rate * 100).toFixed(2)}%` : '–',
    c ? `${number.format(c.sessions_with_order)} of ${number.format(c.sessions)} sessions ordered` : 'no sessions yet');
  // Sessions that started that day (one row: the sessions report by all), and the share of them with one event.
  const s = snapshot.reports.sessions[0];
  setKpi('kpi-sessions', s?.sessions ?? 0, s ? number.format(s.sessions) : '0',
    s ? `${s.events_per_session.toFixed(1)} events, ${Math.round(s.avg_duration_seconds)} s on average` : 'no sessions yet');
  setKpi('kpi-bounce', s?.bounce_rate ?? 0, s ? `${(s.bounce_rate * 100).toFixed(1)}%` : '–',
    s ? `${number.format(s.bounces)} one-event sessions` : '');
}

const stepName = name => name.replace('view_product_detail', 'product view').replace('select_product_option', 'option')
  .replace('add_to_cart_action', 'add to cart').replace('view_shopping_cart', 'cart').replace('checkout_success', 'success');

function renderFunnel(snapshot) {
  const rows = snapshot.reports.funnel;
  $('funnel-note').textContent = snapshot.funnel ?? '';
  $('funnel-by').value = state.funnelBy;
  const by = snapshot.funnel_by;
  const keys = [...new Set(rows.map(r => r[by]))].slice(0, 5);
  const steps = [...new Set(rows.map(r => r.step))].sort((a, b) => a - b);
  const names = steps.map(step => stepName(rows.find(r => r.step === step).name));
  const single = keys.length === 1;
  const series = keys.map(key => {
    const own = rows.filter(r => r[by] === key);
    return {
      name: String(key), type: 'bar', barMaxWidth: 48,
      data: steps.map(step => {
        const r = own.find(x => x.step === step);
        return { value: r?.entered ?? 0, row: r };
      }),
      label: {
        show: single, position: 'top',
        formatter: p => {
          const r = p.data.row;
          if (!r) return '';
          const drop = r.drop_off === null || r.entered === 0 ? '' : `  −${((r.drop_off / r.entered) * 100).toFixed(0)}%`;
          return `${number.format(r.entered)}${drop}`;
        },
      },
    };
  });
  const total = rows.filter(r => r.step === 1).reduce((sum, r) => sum + r.entered, 0);
  draw('funnel', rows, {
    grid: { left: 8, right: 16, top: single ? 32 : 48, bottom: 8, containLabel: true },
    legend: { show: !single, type: 'scroll', top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: p => {
        const r = p.data.row;
        if (!r) return '';
        const median = r.median_seconds_to_convert === null ? '' : `<br>median time to next step ${duration(r.median_seconds_to_convert)}`;
        const next = r.converted === null ? '' : `<br>converted to next ${number.format(r.converted)}, dropped ${number.format(r.drop_off)}`;
        return `${p.seriesName}: ${r.name}<br>entered ${number.format(r.entered)} (${(r.conversion_from_first * 100).toFixed(1)}% of step 1)${next}${median}`;
      },
    },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  }, `${by}:${snapshot.funnel}`, total);
}

function renderRevenueHourly(snapshot) {
  const rows = snapshot.reports['revenue-hourly'];
  const lead = snapshot.reports.revenue.length ? leadingCurrency(snapshot.reports.revenue).currency : null;
  const own = rows.filter(r => r.currency === lead);
  $('revenue-note').textContent = lead ? `in ${lead}${snapshot.reports.revenue.length > 1 ? ' (the currency with the most orders)' : ''}` : 'no orders yet';
  const revenue = new Array(24).fill(0);
  const orders = new Array(24).fill(0);
  for (const r of own) {
    revenue[r.hour] += r.revenue;
    orders[r.hour] += r.orders;
  }
  draw('revenue-hourly', rows, {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: ps => `${ps[0].axisValue}:00 · ${money(ps[0].value, lead)} from ${number.format(orders[ps[0].dataIndex])} orders` },
    xAxis: { type: 'category', data: hours, name: 'hour' },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: revenue, itemStyle: { color: '#128a4d' } }],
  }, lead ?? '', own.reduce((sum, r) => sum + r.orders, 0));
}

const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

function renderHourlyProduct(snapshot) {
  const rows = snapshot.reports['hourly-product-views'];
  const product = snapshot.reports['top-products'].find(r => r.product_id === snapshot.product);
  $('hourly-product').textContent = product?.product_name ?? snapshot.product ?? '…';
  draw('hourly-product-views', rows, {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours, name: 'hour' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: rows.map(r => r.views) }],
  }, snapshot.product ?? '');
}

function renderBrowserOs(rows) {
  const totals = new Map();
  for (const r of rows) {
    const key = `${r.browser} / ${r.os}`;
    totals.set(key, (totals.get(key) ?? 0) + r.views);
  }
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 7).map(([key]) => key);
  const series = new Map(top.map(key => [key, new Array(24).fill(0)]));
  const other = new Array(24).fill(0);
  for (const r of rows) {
    (series.get(`${r.browser} / ${r.os}`) ?? other)[r.hour] += r.views;
  }
  if (other.some(v => v > 0)) series.set('others', other);
  draw('hourly-browser-os', rows, {
    grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours, name: 'hour' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [...series.entries()].map(([name, data]) => ({ name, type: 'line', smooth: true, showSymbol: false, data })),
  });
}

$('country').addEventListener('change', event => { state.country = event.target.value; connect(); });
$('product').addEventListener('change', event => { state.product = event.target.value; connect(); });
$('date').addEventListener('change', event => { state.date = event.target.value; connect(); });
$('latest').addEventListener('click', () => { state.date = ''; connect(); });
$('bots').addEventListener('change', event => { state.bots = event.target.checked; connect(); });
$('funnel-by').addEventListener('change', event => { state.funnelBy = event.target.value; connect(); });
charts['top-countries'].on('click', p => {
  if (p.seriesType === 'map' && p.data) { state.country = p.data.name; connect(); }
});

connect();
