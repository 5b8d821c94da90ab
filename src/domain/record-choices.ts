/** The fixed choices of a customer's record and of tenant options; the schema's enums come from here. */

export const customerTypes = ['individual', 'company', 'flooring'] as const;
export type CustomerType = (typeof customerTypes)[number];

/** SSN (US), SIN (Canada) or EIN (companies). */
export const taxIdKinds = ['ssn', 'sin', 'ein'] as const;
export type TaxIdKind = (typeof taxIdKinds)[number];

export const genders = ['male', 'female', 'other', 'na'] as const;
export type Gender = (typeof genders)[number];

export const phoneTypes = ['mobile', 'home', 'work', 'other'] as const;
export type PhoneType = (typeof phoneTypes)[number];

export const incomeFrequencies = ['annually', 'monthly', 'semi-monthly', 'biweekly', 'weekly'] as const;
export type IncomeFrequency = (typeof incomeFrequencies)[number];

export const mfaMethods = ['email', 'sms', 'totp', 'passkey'] as const;
export type MfaMethod = (typeof mfaMethods)[number];

export const customFieldTypes = ['text', 'number', 'date', 'yes-no', 'list'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
