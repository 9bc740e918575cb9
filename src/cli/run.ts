// The CLI without process globals: argv and I/O come in, an exit code goes out.
import { parseArgs, type Invocation } from './args.js';
import { ExitCode, InputError, UsageError, errorLine } from './errors.js';
import { jingleToSdpText, sdpToJingleText } from './translate.js';
import { USAGE } from './usage.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** '-' means standard input. Throws InputError when the source cannot be read. */
  readInput(source: string): Promise<string>;
}

function translate(inv: Exclude<Invocation, { command: 'help' }>, text: string, source?: string): string {
  if (text.trim() === '') throw new InputError('input is empty', source);
  try {
    return inv.command === 'sdp-to-jingle'
      ? sdpToJingleText(text, { role: inv.role, keepTcp: inv.keepTcp })
      : jingleToSdpText(text, { role: inv.role, json: inv.json });
  } catch (err) {
    // XmlSyntaxError, SdpSyntaxError, JingleParseError, ContentError, and whatever else the
    // translator throws on input it cannot handle: each says in its message what is wrong.
    if (err instanceof Error) throw new InputError(err.message, source);
    throw new InputError(`unexpected failure: ${String(err)}`, source);
  }
}

export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  if (argv.length === 0) {
    io.stderr(USAGE);
    return ExitCode.usage;
  }
  try {
    const inv = parseArgs(argv);
    if (inv.command === 'help') {
      io.stdout(USAGE);
      return ExitCode.ok;
    }
    const source = inv.input === '-' ? undefined : inv.input;
    io.stdout(translate(inv, await io.readInput(inv.input), source));
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(errorLine(err));
      return ExitCode.usage;
    }
    if (err instanceof InputError) {
      io.stderr(errorLine(err));
      return ExitCode.badInput;
    }
    throw err;
  }
}
