// Reading FILE or standard input. Node-only; the translation itself (translate.ts) stays pure.
import { readFile } from 'node:fs/promises';
import { InputError } from './errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** '-' reads standard input; anything else is a path. Failures become an InputError naming the file. */
export async function readInput(source: string): Promise<string> {
  if (source === '-') {
    try {
      return await readStdin();
    } catch (err) {
      throw new InputError(`cannot read standard input: ${(err as Error).message}`);
    }
  }
  try {
    return await readFile(source, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new InputError(`cannot read: ${REASONS[code] ?? (err as Error).message}`, source);
  }
}
