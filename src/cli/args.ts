// Command-line parsing. Hand-written rather than node:util parseArgs so every mistake gets a
// message of our own wording, on one line.
import { Role } from '../jingle/index.js';
import { UsageError } from './errors.js';

export const Command = { sdpToJingle: 'sdp-to-jingle', jingleToSdp: 'jingle-to-sdp' } as const;
export type Command = (typeof Command)[keyof typeof Command];

/** `input` is a file path, or '-' for standard input. */
export type Invocation =
  | { command: 'help' }
  | { command: typeof Command.sdpToJingle; role: Role; keepTcp: boolean; input: string }
  | { command: typeof Command.jingleToSdp; role: Role; json: boolean; input: string };

const isCommand = (s: string): s is Command => Object.values<string>(Command).includes(s);
const isRole = (s: string): s is Role => Object.values<string>(Role).includes(s);

function parseRole(value: string | undefined): Role {
  if (value === undefined || value === '')
    throw new UsageError('--role needs a value: initiator or responder');
  if (!isRole(value)) throw new UsageError(`--role must be initiator or responder, not "${value}"`);
  return value;
}

export function parseArgs(argv: readonly string[]): Invocation {
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}"`);

  let role: Role | undefined;
  let keepTcp = false;
  let json = false;
  const inputs: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) inputs.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--role' || arg.startsWith('--role=')) {
      if (role !== undefined) throw new UsageError('--role given twice');
      const value = arg === '--role' ? rest[++i] : arg.slice('--role='.length);
      role = parseRole(value);
    } else if (arg === '--keep-tcp' && command === Command.sdpToJingle) keepTcp = true;
    else if (arg === '--json' && command === Command.jingleToSdp) json = true;
    else throw new UsageError(`unknown option "${arg}" for ${command}`);
  }
  if (role === undefined) throw new UsageError(`${command} needs --role initiator or --role responder`);
  if (inputs.length > 1)
    throw new UsageError(`one input expected, got ${inputs.map((s) => `"${s}"`).join(' and ')}`);
  const input = inputs[0] ?? '-';
  return command === Command.sdpToJingle ? { command, role, keepTcp, input } : { command, role, json, input };
}
