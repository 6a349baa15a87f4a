import { describe, expect, it } from 'vitest';
import { InvalidItem } from './invalid-item.js';
import { splitVcards } from './vcard-file.js';

const anna = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Berg\r\nNOTE:ends with END:VCARD\r\nEND:VCARD\r\n';
// Lower case, LF line ends, a fold inside the marker lines and a photo folded over many lines.
const boris = 'begin:vcard\nVERSION:4.0\nFN:Boris\nPHOTO:data:image/jpeg;base64,QUJD\n QUJD\n QUJD\nEND:VC\n ARD\n';
const chen = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:陈\r\nEND:VCARD';

function refusal(text: string): string {
  try {
    splitVcards(text, 10);
  } catch (error) {
    if (error instanceof InvalidItem) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('splitting a .vcf file into its cards', () => {
  it('keeps every card exactly as the file has it', () => {
    expect(splitVcards(`${anna}${boris}\r\n${chen}`, 10)).toEqual([anna, boris, chen]);
    expect(splitVcards(`\uFEFF${anna}`, 10)).toEqual([anna]);
  });

  it('keeps a card that never ends apart from the next one, to be refused on its own', () => {
    const unended = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lost\r\n';
    expect(splitVcards(`${unended}${anna}${unended}`, 10)).toEqual([unended, anna, unended]);
  });

  it('stops one card past the limit', () => {
    expect(splitVcards(anna.repeat(50), 3)).toHaveLength(4);
    expect(splitVcards(anna.repeat(3), 3)).toHaveLength(3);
  });

  it('refuses a file with text outside its cards, or without any card', () => {
    expect(refusal(`${anna}FN:stray\r\n${anna}`)).toBe(
      'invalid_vcard: This file is not a vCard file: line 6 is outside BEGIN:VCARD … END:VCARD.',
    );
    expect(refusal('\r\n \r\n')).toBe('invalid_vcard: This file holds no vCard.');
    expect(refusal('')).toBe('invalid_vcard: This file holds no vCard.');
  });
});
