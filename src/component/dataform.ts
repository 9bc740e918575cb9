// The small part of XEP-0004 data forms the ad-hoc command needs: build form/result, read submit.
import { Element } from 'ltx';
import { NS_DATA_FORMS } from '../jingle/ns.js';

export interface FormField {
  var: string;
  type: 'list-single' | 'text-single' | 'hidden' | 'fixed';
  label?: string;
  value?: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
  required?: boolean;
}

export function formElement(
  type: 'form' | 'result',
  title: string,
  fields: readonly FormField[],
  instructions?: string,
): Element {
  const x = new Element('x', { xmlns: NS_DATA_FORMS, type });
  x.c('title').t(title);
  if (instructions !== undefined) x.c('instructions').t(instructions);
  for (const f of fields) {
    const attrs: Record<string, string> = { var: f.var, type: f.type };
    if (f.label !== undefined) attrs['label'] = f.label;
    const field = x.c('field', attrs);
    if (f.required === true) field.c('required');
    if (f.value !== undefined) field.c('value').t(f.value);
    for (const o of f.options ?? []) field.c('option', { label: o.label }).c('value').t(o.value);
  }
  return x;
}

/** Values of a submitted form (XEP-0004 §3.3), or undefined when `el` holds no submit form. */
export function submittedValues(el: Element): Map<string, string[]> | undefined {
  const x = el.getChildElements().find((c) => c.name === 'x' && c.attrs['xmlns'] === NS_DATA_FORMS);
  if (x === undefined || x.attrs['type'] !== 'submit') return undefined;
  const values = new Map<string, string[]>();
  for (const f of x.getChildElements()) {
    const v = f.attrs['var'];
    if (f.name !== 'field' || typeof v !== 'string') continue;
    values.set(
      v,
      f
        .getChildElements()
        .filter((c) => c.name === 'value')
        .map((c) => c.getText()),
    );
  }
  return values;
}
