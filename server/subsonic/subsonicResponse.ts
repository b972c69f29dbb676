/**
 * The `subsonic-response` envelope, written as JSON (`f=json`) or XML (the default) from ONE plain object:
 * in XML a scalar field is an attribute, an object a child element, an array repeated elements of its name
 * (scalars as element text), and a `value` field the element's text (Genre). XML through fast-xml-parser's builder.
 */
import { XMLBuilder } from 'fast-xml-parser';
import packageJson from '../../package.json' with { type: 'json' };
import type { SubsonicError } from './subsonicError.ts';

/** The Subsonic REST API version served. */
export const SUBSONIC_API_VERSION = '1.16.1';
/** `type` of the envelope: the server's name. */
export const SERVER_TYPE = 'auralis';
const XML_NAMESPACE = 'http://subsonic.org/restapi';

export type ResponseFormat = 'json' | 'xml';

/** The fields of a successful answer besides the envelope's (`{artists: …}`, `{sonicMatch: […]}`). */
export type SubsonicBody = Readonly<Record<string, unknown>>;

function envelope(status: 'ok' | 'failed', body: SubsonicBody): Record<string, unknown> {
  return { status, version: SUBSONIC_API_VERSION, type: SERVER_TYPE, serverVersion: packageJson.version, openSubsonic: true, ...body };
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

/**
 * Characters XML 1.0 cannot carry at all (outside its `Char` production: C0 controls but tab, line feed and
 * carriage return; U+FFFE, U+FFFF; lone surrogates). Tags are stored as read from the files (a NUL included).
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** A value as XML text: each character XML cannot carry becomes U+FFFD (JSON keeps them, escaped). */
function xmlText(value: unknown): string {
  return String(value).replace(NOT_XML_CHAR, '\uFFFD');
}

function xmlNode(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const node: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue;
    if (Array.isArray(field)) {
      node[key] = field.map((item) => (item !== null && typeof item === 'object' ? xmlNode(item as Record<string, unknown>) : { '#text': xmlText(item) }));
    } else if (typeof field === 'object') {
      node[key] = xmlNode(field as Record<string, unknown>);
    } else if (key === 'value') {
      node['#text'] = xmlText(field);
    } else {
      node[`@_${key}`] = xmlText(field);
    }
  }
  return node;
}

/** The answer as an HTTP response in the requested format (HTTP 200 also for a Subsonic error, as clients expect). */
export function subsonicResponse(format: ResponseFormat, status: 'ok' | 'failed', body: SubsonicBody, httpStatus = 200): Response {
  const content = envelope(status, body);
  if (format === 'json') {
    return new Response(JSON.stringify({ 'subsonic-response': content }), {
      status: httpStatus,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  const xml = builder.build({ 'subsonic-response': { '@_xmlns': XML_NAMESPACE, ...xmlNode(content) } }) as string;
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, {
    status: httpStatus,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
  });
}

/** A failed answer with the error's code and message (and helpUrl when it has one). */
export function errorResponse(format: ResponseFormat, error: SubsonicError, httpStatus = 200): Response {
  return subsonicResponse(format, 'failed', { error: { code: error.subsonicCode, message: error.message, helpUrl: error.helpUrl } }, httpStatus);
}
