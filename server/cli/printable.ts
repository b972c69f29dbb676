/**
 * Text from outside (file names, tags, messages that quote them) made safe for one line of terminal or log
 * output: control characters are shown as escapes, so a newline in a file name cannot split a line and an
 * escape sequence (`\x1b[31m`) cannot reach the terminal. Used for every line the CLI prints.
 */

/** C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each control character escaped: `\n`, `\r`, `\t`, else `\xHH` (≤ 0xff) or `\uHHHH`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
