// Engine arguments as a person types them on one line (shell-like: spaces separate, quotes keep
// spaces, a backslash escapes) and back. No shell runs them: they become the container's Cmd.

export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inArg = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (quote) throw new Error(`A ${quote === '"' ? 'double' : 'single'} quote is not closed.`);
  if (inArg) args.push(current);
  return args;
}

/** The inverse of splitArgs: quotes only what needs it. */
export function joinArgs(args: readonly string[]): string {
  return args.map((a) => (a === '' ? "''" : /[\s"'\\]/.test(a) ? `'${a.replace(/'/g, `'"'"'`)}'` : a)).join(' ');
}
