/**
 * The OpenSubsonic response schemas (test/subsonic/openapi/: copied unchanged from
 * github.com/opensubsonic/open-subsonic-api at 4c1819f, openapi/, Apache-2.0, LICENSE beside them; only the
 * files the served methods' success responses and the failure response reference) compiled with ajv, and the
 * XML ↔ JSON shape check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { XMLParser } from 'fast-xml-parser';

const ROOT = path.join(import.meta.dirname, 'openapi');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
  });
}

const ajv = new Ajv({ strict: false, allErrors: true });
for (const file of jsonFiles(ROOT)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')), pathToFileURL(file).href);

function schemaOf(relative: string): ValidateFunction {
  const validate = ajv.getSchema(pathToFileURL(path.join(ROOT, relative)).href);
  if (validate === undefined) throw new Error(`no schema ${relative}`);
  return validate;
}

/**
 * Methods whose answer is checked against the success envelope only: an empty answer (ping, scrobble), or one whose
 * endpoint schema is not vendored here (the tests check its entries against the item schemas, schemaErrorsAt).
 */
const ENVELOPE_ONLY = new Set(['ping', 'scrobble', 'getStarred', 'getStarred2']);

/** The validation errors of a `subsonic-response` object for `method` (success) or a failure; [] when valid. */
export function schemaErrors(method: string | 'failure', response: unknown): string[] {
  const relative =
    method === 'failure'
      ? 'schemas/SubsonicResponse/SubsonicFailureResponse.json'
      : ENVELOPE_ONLY.has(method)
        ? 'schemas/SubsonicResponse/SubsonicSuccessResponse.json'
        : `endpoints/${method}/${method[0]!.toUpperCase()}${method.slice(1)}SuccessResponse.json`;
  const validate = schemaOf(relative);
  return validate(response) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The validation errors of `value` against one vendored schema (`schemas/Child.json`, …); [] when valid. */
export function schemaErrorsAt(relative: string, value: unknown): string[] {
  const validate = schemaOf(relative);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Every JSON path (dot-joined, as fast-xml-parser's jPath) that holds an array in `value`. */
function arrayPaths(value: unknown, at: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    out.add(at);
    for (const item of value) arrayPaths(item, at, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) arrayPaths(field, at === '' ? key : `${at}.${key}`, out);
  }
  return out;
}

/**
 * `value` with every scalar as its string, without empty arrays, and an empty object as '' (the XML form carries
 * text, no empty list, and the parser reads an empty element as '').
 */
function asText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asText);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).flatMap(([k, v]) => (Array.isArray(v) && v.length === 0 ? [] : [[k, asText(v)] as const]));
    return entries.length === 0 ? '' : Object.fromEntries(entries);
  }
  return String(value);
}

/** The XML answer read back into the JSON answer's shape (attributes and text as strings), and the JSON so. */
export function xmlAndJsonShapes(xml: string, json: { 'subsonic-response': unknown }): { xml: unknown; json: unknown } {
  const arrays = arrayPaths(json, '', new Set());
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: 'value',
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
    isArray: (_name, jpath) => arrays.has(String(jpath)),
  });
  const parsed = parser.parse(xml) as { 'subsonic-response': Record<string, unknown> };
  const { xmlns, ...rest } = parsed['subsonic-response'];
  if (xmlns !== 'http://subsonic.org/restapi') throw new Error(`xmlns ${String(xmlns)}`);
  return { xml: { 'subsonic-response': rest }, json: asText(json) };
}
