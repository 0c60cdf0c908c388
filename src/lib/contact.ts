/** Checks of contact details typed into forms, shared by every area that stores them. Browser-safe. */

/** An address with one @ and a dot in the domain; the mail server has the last word. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Digits with the usual separators: +49 201 123456, (0201) 12 34-56, 0201/123456. */
export function isPhoneNumber(value: string): boolean {
  return /^[+0-9 ()/-]{3,40}$/.test(value);
}
