import type { ContactProjection } from '@nimbus/protocol';
import ICAL from 'ical.js';
import { invalidItem } from './invalid-item.js';
import { checkItemShape } from './item-shape.js';

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (Array.isArray(value)) return text(value.filter((part) => typeof part === 'string' && part !== '').join(' '));
  return null;
}

function typeOf(property: ICAL.Property): string | null {
  const type: unknown = property.getParameter('type');
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const named = types
    .map((entry) => String(entry).toLowerCase())
    .filter((entry) => !['pref', 'voice', 'internet'].includes(entry));
  return named[0] ?? null;
}

/** How many content lines a vCard may hold: thousands of numbers are a list, not a contact. */
export const MAX_VCARD_LINES = 2000;

/** Parses one vCard (3.0 or 4.0) with ical.js; anything else is an invalid item. */
export function parseVcard(vcard: string): ICAL.Component {
  checkItemShape(vcard, { code: 'invalid_vcard', maxLines: MAX_VCARD_LINES });
  let parsed: unknown;
  try {
    parsed = ICAL.parse(vcard);
  } catch (error) {
    throw invalidItem('invalid_vcard', `This is not a valid vCard: ${(error as Error).message}`);
  }
  // ICAL.parse answers an array of components when the text holds several.
  if (!Array.isArray(parsed) || Array.isArray(parsed[0])) {
    throw invalidItem('invalid_vcard', 'Send one vCard per contact.');
  }
  const component = new ICAL.Component(parsed as unknown[]);
  if (component.name !== 'vcard')
    throw invalidItem('invalid_vcard', 'This is not a vCard: it must begin with BEGIN:VCARD.');
  const version = component.getFirstPropertyValue('version');
  if (version !== '3.0' && version !== '4.0') {
    throw invalidItem(
      'invalid_vcard',
      'Only vCard 3.0 and 4.0 are supported: the VERSION property is missing or other.',
    );
  }
  return component;
}

/** What lists, search and the portal need of a contact; the vCard itself stays as it was sent. */
export function projectVcard(component: ICAL.Component): ContactProjection {
  const name = component.getFirstPropertyValue('n');
  const parts = Array.isArray(name) ? name : typeof name === 'string' ? name.split(';') : [];
  const familyName = text(parts[0]);
  const givenName = text(parts[1]);
  const organization = text(component.getFirstPropertyValue('org'));
  const phones = component
    .getAllProperties('tel')
    .map((property) => ({ value: text(property.getFirstValue()) ?? '', type: typeOf(property) }))
    .map((phone) => ({ ...phone, value: phone.value.replace(/^tel:/i, '') }))
    .filter((phone) => phone.value !== '');
  const emails = component
    .getAllProperties('email')
    .map((property) => ({ value: text(property.getFirstValue()) ?? '', type: typeOf(property) }))
    .filter((email) => email.value !== '');
  const fullName =
    text(component.getFirstPropertyValue('fn')) ??
    text([givenName, familyName].filter((part) => part !== null).join(' ')) ??
    organization ??
    phones[0]?.value ??
    emails[0]?.value ??
    '';
  return {
    fullName,
    givenName,
    familyName,
    organization,
    phones,
    emails,
    hasPhoto: component.hasProperty('photo'),
  };
}
