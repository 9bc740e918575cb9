// Demo accounts for `npm start`. Fixed passwords on loopback, where only this machine can log in;
// random ones when --host exposes the server, so a published demo never has guessable accounts.
import { randomBytes } from 'node:crypto';
import { isLoopback } from './options.js';

export interface DemoAccount {
  user: string;
  password: string;
}

export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;

export function demoAccounts(host: string): DemoAccount[] {
  return DEMO_USERS.map((user) => ({
    user,
    password: isLoopback(host) ? `${user}pass` : randomBytes(9).toString('base64url'),
  }));
}
