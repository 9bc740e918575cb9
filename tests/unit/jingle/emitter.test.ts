import { describe, expect, it } from 'vitest';
import { errorReportingEmitter, toError, TypedEmitter } from '../../../src/jingle/emitter.js';

describe('TypedEmitter', () => {
  it('a throwing listener is handed to onListenerError and the others still run', () => {
    const reported: Array<[unknown, string]> = [];
    const emitter = new TypedEmitter<{ tick: [number] }>((error, event) =>
      reported.push([(error as Error).message, String(event)]),
    );
    const got: number[] = [];
    emitter.on('tick', () => {
      throw new Error('broken listener');
    });
    const off = emitter.on('tick', (n) => got.push(n));
    emitter.emit('tick', 1);
    off();
    emitter.emit('tick', 2);
    expect({ got, reported, count: emitter.listenerCount('tick') }).toEqual({
      got: [1],
      reported: [
        ['broken listener', 'tick'],
        ['broken listener', 'tick'],
      ],
      count: 1,
    });
  });

  it('a listener removed while emitting still gets the event being emitted, not the next', () => {
    const emitter = new TypedEmitter<{ tick: [number] }>(() => undefined);
    const got: string[] = [];
    const offB = emitter.on('tick', (n) => got.push(`b${n}`));
    emitter.on('tick', (n) => {
      got.push(`a${n}`);
      offB();
    });
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(got).toEqual(['b1', 'a1', 'a2']);
  });
});

describe('errorReportingEmitter', () => {
  it("a listener's exception becomes the error event, as an Error", () => {
    const emitter = errorReportingEmitter<{ tick: []; error: [Error] }>();
    const errors: string[] = [];
    emitter.on('error', (e) => errors.push(`${e.name}: ${e.message}`));
    emitter.on('tick', () => {
      throw 'a string';
    });
    emitter.emit('tick');
    expect(errors).toEqual(['Error: a string']);
  });

  it('an exception in an error listener is dropped, not re-emitted (no loop)', () => {
    const emitter = errorReportingEmitter<{ error: [Error] }>();
    let calls = 0;
    emitter.on('error', () => {
      calls++;
      throw new Error('again');
    });
    emitter.emit('error', new Error('first'));
    expect(calls).toBe(1);
  });
});

describe('toError', () => {
  it('keeps an Error, wraps anything else', () => {
    const e = new TypeError('x');
    expect([toError(e), toError(42).message, toError(undefined).message]).toEqual([e, '42', 'undefined']);
  });
});
