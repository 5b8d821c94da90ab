/** A customer's role on an account; every account has exactly one Primary. */
export const linkRoles = ['Primary', 'Secondary', 'Other', 'Authorized User'] as const;
export type LinkRole = (typeof linkRoles)[number];
