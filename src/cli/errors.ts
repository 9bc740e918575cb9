// The CLI's two failure kinds and their exit codes (docs/cli.md "Exit codes"). Everything the user
// sees on failure is one line: `jingle-bridge: <what is wrong, and where>`.

export const PROGRAM = 'jingle-bridge';

export const ExitCode = { ok: 0, badInput: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line itself is wrong: unknown command/option, missing or bad --role. Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The input could not be read or translated. Exit 1. `source` is the file name, undefined for stdin. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly source?: string,
  ) {
    super(message);
  }
}

/** Collapses a message to a single line: a multi-line message must not break "exactly one line". */
export const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

export function errorLine(err: InputError | UsageError): string {
  if (err instanceof UsageError) return `${PROGRAM}: ${oneLine(err.message)} (see ${PROGRAM} --help)\n`;
  const where = err.source === undefined ? '' : `${err.source}: `;
  return `${PROGRAM}: ${where}${oneLine(err.message)}\n`;
}
