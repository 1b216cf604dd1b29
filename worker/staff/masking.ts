/**
 * Contact details as staff see them by default: enough to recognise a caller
 * (张*, 138****5678, z***@example.com), not enough to contact them. The full
 * values are given only by the audited reveal.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return '*'.repeat(digits.length - 4) + digits.slice(-4);
  return '*'.repeat(digits.length);
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${[...email.slice(0, at)][0]}***${email.slice(at)}`;
}

export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export function maskContact(c: Contact): Contact {
  return {
    name: c.name === null ? null : maskName(c.name),
    phone: c.phone === null ? null : maskPhone(c.phone),
    email: c.email === null ? null : maskEmail(c.email),
  };
}
