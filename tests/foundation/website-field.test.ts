import { describe, expect, it } from 'vitest';
import { websiteField } from '../../src/actions/schemas';

describe('the shared website field', () => {
  it.each([
    ['kray-sued.example', 'https://kray-sued.example'],
    ['  www.verein.de/termine ', 'https://www.verein.de/termine'],
    ['http://alt.example.org', 'http://alt.example.org'],
    ['https://kray-sued.example/', 'https://kray-sued.example/'],
    ['', null],
  ])('accepts %j and stores %j', (typed, stored) => {
    expect(websiteField().parse(typed)).toBe(stored);
  });

  it.each(['javascript:alert(1)', 'mailto:info@verein.de', 'verein', 'www.verein .de', 'ftp://files.example.org', 'https://'])(
    'refuses %j with the website message',
    (typed) => {
      const result = websiteField().safeParse(typed);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('form.field.website');
    },
  );
});
