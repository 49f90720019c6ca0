// Derives the compact commune resource shipped by the app from @etalab/decoupage-administratif (MIT).
// Run: cd tools/communes && npm ci && npm run build
// Output: one line per node, tab separated, gzip compressed:
//   D  code  name
//   E  siren  name  type  home-département      (EPT, or EPCI for communes outside an EPT)
//   C  insee  name  département  parent-siren  postal-codes(,)  population
import { readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dataDir = require.resolve("@etalab/decoupage-administratif/package.json").replace(/package\.json$/, "data/");
const read = (name) => JSON.parse(readFileSync(dataDir + name, "utf8"));
const clean = (s) => String(s).replace(/[\t\r\n]/g, " ");

const departements = read("departements.json");
const communes = read("communes.json").filter((c) => c.type === "commune-actuelle");
const groups = [...read("ept.json"), ...read("epci.json")]; // EPT first: a commune in an EPT hangs under it

const parentOf = new Map();
const groupDepartement = new Map();
for (const g of groups) {
  const weight = new Map();
  for (const m of g.membres) {
    if (!parentOf.has(m.code)) parentOf.set(m.code, g.code);
    const dep = m.code.startsWith("97") ? m.code.slice(0, 3) : m.code.slice(0, 2);
    weight.set(dep, (weight.get(dep) ?? 0) + (m.populationMunicipale ?? m.populationTotale ?? 1));
  }
  groupDepartement.set(g.code, [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]);
}

const usedGroups = new Set(communes.map((c) => parentOf.get(c.code)).filter(Boolean));
const lines = [];
for (const d of departements) lines.push(["D", d.code, clean(d.nom)].join("\t"));
for (const g of groups) {
  if (!usedGroups.has(g.code) || lines.some((l) => l.startsWith(`E\t${g.code}\t`))) continue;
  lines.push(["E", g.code, clean(g.nom), g.type, groupDepartement.get(g.code)].join("\t"));
}
for (const c of communes) {
  let parent = parentOf.get(c.code) ?? "";
  // An EPCI spanning two départements sits in its main one; its communes elsewhere hang off their own département.
  if (parent && groupDepartement.get(parent) !== c.departement) parent = "";
  lines.push(["C", c.code, clean(c.nom), c.departement, parent, (c.codesPostaux ?? []).join(","), c.population ?? ""].join("\t"));
}

const out = new URL("../../src/Maillage/Resources/", import.meta.url);
writeFileSync(new URL("communes.tsv.gz", out), gzipSync(lines.join("\n") + "\n", { level: 9 }));
copyFileSync(require.resolve("@etalab/decoupage-administratif/LICENSE"), new URL("communes.LICENSE.txt", out));
console.log(`${departements.length} départements, ${usedGroups.size} EPT/EPCI, ${communes.length} communes`);
