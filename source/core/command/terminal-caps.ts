/** What the terminal can show, from flags and the environment. */

/** ASCII-only drawing for --ascii, or when the locale is not UTF-8. */
export function wantsAscii(
  flag: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (flag) return true;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (locale === '') return false; // unknown: modern terminals are UTF-8
  return !/utf-?8/i.test(locale);
}

/** NO_COLOR (https://no-color.org): present and not empty disables color. */
export function wantsColor(env: Readonly<Record<string, string | undefined>>): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}
