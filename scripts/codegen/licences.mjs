// Every package in package-lock.json (optional platform packages included) must carry a
// licence compatible with the project's MIT OR Apache-2.0 (the list of deny.toml, plus three
// permissive ones reviewed below). This is development tooling, never shipped with the
// server; the check keeps a lockfile update from pulling in something else unnoticed.
import { readFileSync } from "node:fs";

const allowed = new Set([
  "MIT",
  "ISC",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "0BSD",
  // minimatch: Blue Oak Model License 1.0.0, permissive (OSI approved).
  "BlueOak-1.0.0",
  // argparse (through js-yaml): the Python Software Foundation licence, permissive.
  "Python-2.0",
  // caniuse-lite (through @babel's browserslist): browser-support data, attribution only.
  "CC-BY-4.0",
]);

// An SPDX expression without nesting: one of the OR branches, all parts of an AND.
const ok = (expression) =>
  expression
    .replace(/[()]/g, "")
    .split(/\s+OR\s+/)
    .some((branch) => branch.split(/\s+AND\s+/).every((id) => allowed.has(id.trim())));

const lock = JSON.parse(readFileSync(new URL("./package-lock.json", import.meta.url), "utf8"));
const entries = Object.entries(lock.packages).filter(([path]) => path !== "");
const refused = entries.filter(([, meta]) => typeof meta.license !== "string" || !ok(meta.license));
for (const [path, meta] of refused) console.error(`${path}: licence ${meta.license ?? "(none)"} not allowed`);
if (refused.length > 0) process.exit(1);
console.log(entries.length);
