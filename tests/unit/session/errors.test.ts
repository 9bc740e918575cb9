import { describe, expect, it } from 'vitest';
import {
  errorFromXml,
  errorToXml,
  JINGLE_ERRORS,
  type JingleErrorName,
} from '../../../src/jingle/session/index.js';
import { canon } from './helpers.js';

const S = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const J = 'urn:xmpp:jingle:errors:1';
// docs/reference/xep-rules.md §1.4, one row per condition.
const TABLE: [JingleErrorName, string][] = [
  [
    'unknown-session',
    `<error type="cancel"><item-not-found xmlns="${S}"/><unknown-session xmlns="${J}"/></error>`,
  ],
  [
    'out-of-order',
    `<error type="cancel"><unexpected-request xmlns="${S}"/><out-of-order xmlns="${J}"/></error>`,
  ],
  ['tie-break', `<error type="cancel"><conflict xmlns="${S}"/><tie-break xmlns="${J}"/></error>`],
  [
    'unsupported-info',
    `<error type="modify"><feature-not-implemented xmlns="${S}"/><unsupported-info xmlns="${J}"/></error>`,
  ],
  [
    'unsupported-transports',
    `<error type="cancel"><feature-not-implemented xmlns="${S}"/><unsupported-transports xmlns="${J}"/></error>`,
  ],
  [
    'unsupported-applications',
    `<error type="cancel"><feature-not-implemented xmlns="${S}"/><unsupported-applications xmlns="${J}"/></error>`,
  ],
  [
    'security-required',
    `<error type="cancel"><not-acceptable xmlns="${S}"/><security-required xmlns="${J}"/></error>`,
  ],
  ['bad-request', `<error type="cancel"><bad-request xmlns="${S}"/></error>`],
  ['service-unavailable', `<error type="cancel"><service-unavailable xmlns="${S}"/></error>`],
  ['resource-constraint', `<error type="wait"><resource-constraint xmlns="${S}"/></error>`],
];

describe('JINGLE_ERRORS', () => {
  it('has exactly the rows of the table', () => {
    expect(Object.keys(JINGLE_ERRORS).sort()).toEqual(TABLE.map(([n]) => n).sort());
  });
  it.each(TABLE)('errorToXml(%s) renders the stanza and Jingle condition', (name, wire) => {
    expect(canon(errorToXml(name))).toEqual(canon(wire));
  });
  it.each(TABLE)('errorFromXml reads back %s', (name) => {
    const spec: { type: string; condition: string; jingle?: string } = JINGLE_ERRORS[name];
    const expected = {
      type: spec.type,
      condition: spec.condition,
      ...(spec.jingle ? { jingleCondition: spec.jingle } : {}),
    };
    expect(errorFromXml(errorToXml(name))).toEqual(expected);
  });
});
