// Copies the browser builds of the front-end libraries, with their licences, into src/Maillage/wwwroot/lib/<package>/.
// The app serves them itself: no CDN, so the CSP stays 'self' and pages work on a closed network.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const files = {
  leaflet: ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"],
  "leaflet.markercluster": ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"],
};

for (const [pkg, list] of Object.entries(files)) {
  const target = new URL(`../../src/Maillage/wwwroot/lib/${pkg}/`, import.meta.url);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const file of list) {
    const name = file.split("/").pop();
    cpSync(new URL(`./node_modules/${pkg}/${file}`, import.meta.url), new URL(name, target), { recursive: true });
  }
  console.log(`${pkg}: ${list.length} entries copied`);
}
