// Plain ANSI styling with no dependency. NO_COLOR (https://no-color.org) or `color: false` turns it off.

/** Text styles; each returns its input unchanged when colour is off. */
export type Styles = {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  yellow(text: string): string;
};

/** Builds the styles, honouring NO_COLOR unless `color` says otherwise. */
export function styles(color: boolean = !process.env.NO_COLOR): Styles {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red: wrap(31, 39),
    cyan: wrap(36, 39),
    yellow: wrap(33, 39),
  };
}

/** Shortens a transaction id or address to its head and tail, enough to recognise it. */
export function shorten(id: string, keep = 6): string {
  return id.length <= keep * 2 + 1
    ? id
    : `${id.slice(0, keep + (id.startsWith("0x") ? 2 : 0))}…${id.slice(-keep)}`;
}
