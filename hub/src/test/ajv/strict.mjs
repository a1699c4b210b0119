// Ajv 8 in its default strict mode (JSON Schema 2020-12, ajv-formats): compiles every JSON Schema of a
// directory with Kith's dialect, and every schema of the OpenAPI documents named after it. The x-kith-*
// keywords are those the dialect's meta-schema declares, read from it as the hub's validator reads them.
// Prints one JSON line: {"compiled": n, "failures": [{"schema", "error"}], "warnings": [...]}; exit 1 on a failure.
//
//   node strict.mjs <schemas dir> [<openapi.json>...]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [dir, ...documents] = process.argv.slice(2);
const warnings = [];
const ajv = new Ajv2020({ logger: { log() {}, warn: (...m) => warnings.push(m.join(" ")), error: (...m) => warnings.push(m.join(" ")) } });
addFormats(ajv);

const read = (file) => JSON.parse(readFileSync(file, "utf8"));
const files = (d) => readdirSync(d).flatMap((name) => {
  const path = join(d, name);
  return statSync(path).isDirectory() ? files(path) : name.endsWith(".schema.json") ? [path] : [];
});

const dialect = read(join(dir, "meta", "dialect.schema.json"));
ajv.addMetaSchema(dialect);
ajv.addVocabulary(Object.keys(dialect.$defs.kith.properties));

const failures = [];
let compiled = 0;
const attempt = (name, compile) => {
  try {
    compile();
    compiled++;
  } catch (e) {
    failures.push({ schema: name, error: e.message });
  }
};

// the message schemas refer to one another by $id: all are added before any is compiled
const schemas = files(dir).filter((f) => !f.includes(join(dir, "meta"))).map((f) => [relative(dir, f), read(f)]);
for (const [name, schema] of schemas) {
  attempt(name + " (against its meta-schema)", () => ajv.addSchema(schema));
}
for (const [name, schema] of schemas) {
  attempt(name, () => ajv.getSchema(schema.$id) ?? ajv.compile(schema));
}

// an OpenAPI 3.1 document's schemas: the components, and every schema of a parameter, header, body or answer,
// compiled as $defs of one schema so that their #/components/schemas references resolve
for (const file of documents) {
  const document = read(file);
  const id = "urn:kith:test:" + relative(".", file).replace(/[^A-Za-z0-9]/g, "-");
  const defs = {};
  const rewrite = (node) => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) =>
      [k, k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/$defs/") : rewrite(v)]));
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) defs[name] = rewrite(schema);
  const collect = (node, where) => {
    if (Array.isArray(node)) return node.forEach((v, i) => collect(v, where + "/" + i));
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "schema" && v !== null && typeof v === "object") defs["at" + where.replace(/[^A-Za-z0-9]+/g, "-")] = rewrite(v);
      else collect(v, where + "/" + k);
    }
  };
  for (const part of ["paths", "webhooks"]) collect(document[part], "/" + part);
  for (const part of ["parameters", "responses", "headers", "requestBodies"]) collect(document.components?.[part], "/components/" + part);
  attempt(file + " (its schemas against 2020-12)", () => ajv.addSchema({ $id: id, $defs: defs }));
  for (const name of Object.keys(defs)) attempt(file + "#/$defs/" + name, () => ajv.getSchema(id + "#/$defs/" + name));
}

console.log(JSON.stringify({ compiled, failures, warnings }));
process.exit(failures.length === 0 ? 0 : 1);
