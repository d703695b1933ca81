// Builds the dashboard's browser assets into OUT_DIR (argument 1): the page itself (src/), ECharts, and a world
// map as GeoJSON whose features carry ISO 3166 alpha-2 codes. Run by Facet.Dashboard.csproj after `npm ci`;
// everything is served by the dashboard itself, so the page works with no internet.
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'dist'));
const topojson = require('topojson-client');
const countries = require('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

mkdirSync(join(out, 'lib'), { recursive: true });
for (const name of readdirSync(join(here, 'src'))) {
  cpSync(join(here, 'src', name), join(out, name), { recursive: true });
}
cpSync(require.resolve('echarts/dist/echarts.min.js'), join(out, 'lib', 'echarts.min.js'));

// world-atlas features carry ISO numeric ids; three have none and are matched by name.
const byName = { Kosovo: 'XK', 'N. Cyprus': 'CY', Somaliland: 'SO' };
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const world = topojson.feature(topo, topo.objects.countries);

// Rings that cross the antimeridian jump from +180 to -180; unwrap them so a polygon never spans the whole map.
function unwrapRing(ring) {
  let shift = 0;
  let previous = ring[0][0];
  return ring.map(([lon, lat]) => {
    const delta = lon - previous;
    if (delta > 180) shift -= 360; else if (delta < -180) shift += 360;
    previous = lon;
    return [lon + shift, lat];
  });
}
function unwrap(geometry) {
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map(unwrapRing) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map(p => p.map(unwrapRing)) };
  return geometry;
}

const byIso2 = new Map();
const missing = [];
for (const feature of world.features) {
  if (feature.id === '010') continue; // Antarctica: no shoppers, and it wraps the pole.
  const iso2 = (feature.id && countries.numericToAlpha2(feature.id)) || byName[feature.properties.name];
  if (!iso2) { missing.push(feature.properties.name); continue; }
  const geometry = unwrap(feature.geometry);
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // ECharts keys regions by name: merge features that share a code (Cyprus and N. Cyprus) into one region.
  const existing = byIso2.get(iso2);
  if (existing) { existing.geometry.coordinates.push(...polygons); continue; }
  byIso2.set(iso2, {
    type: 'Feature',
    properties: { iso2, name: countries.getName(iso2, 'en') ?? feature.properties.name },
    geometry: { type: 'MultiPolygon', coordinates: polygons },
  });
}
// A country split by the antimeridian (Russia, Fiji) keeps pieces on both edges of the map: move the smaller side's
// pieces next to the larger side so the country is drawn in one place.
const meanLon = ring => ring.reduce((sum, [lon]) => sum + lon, 0) / ring.length;
for (const feature of byIso2.values()) {
  const rings = feature.geometry.coordinates.map(polygon => ({ polygon, mean: meanLon(polygon[0]), size: polygon[0].length }));
  const east = rings.filter(r => r.mean > 140);
  const west = rings.filter(r => r.mean < -140);
  if (east.length === 0 || west.length === 0) continue;
  const size = list => list.reduce((sum, r) => sum + r.size, 0);
  const [minority, shift] = size(east) >= size(west) ? [west, 360] : [east, -360];
  for (const { polygon } of minority) {
    for (const ring of polygon) for (const point of ring) point[0] += shift;
  }
}
const features = [...byIso2.values()];
if (missing.length > 0) {
  console.error(`build.mjs: no ISO alpha-2 code for ${missing.join(', ')}`);
  process.exit(1);
}
writeFileSync(join(out, 'lib', 'world.json'), JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`build.mjs: ${features.length} countries, assets in ${out}`);
