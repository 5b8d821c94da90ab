import type { CustomField, Tenant } from '../db/schema';

/** The lists a tenant's owners keep at /admin/settings, each with the defaults a new lender starts from. */

export const defaultCustomerStatuses = ['Active', 'Inactive', 'Bankrupt', 'Deceased', 'Do not contact'];
export const defaultNoteCategories = ['General', 'Collections', 'Payment arrangement', 'Complaint', 'Verification'];

const own = (list: string[] | undefined) => list?.map((s) => s.trim()).filter(Boolean);

export function customerStatusesOf(tenant: Tenant): string[] {
  const list = own(tenant.settings.customerStatuses);
  return list && list.length > 0 ? list : defaultCustomerStatuses;
}

export function noteCategoriesOf(tenant: Tenant): string[] {
  const list = own(tenant.settings.noteCategories);
  return list && list.length > 0 ? list : defaultNoteCategories;
}

export function customFieldsOf(tenant: Tenant, appliesTo: CustomField['appliesTo']): CustomField[] {
  return (tenant.settings.customFields ?? []).filter((f) => f.appliesTo === appliesTo);
}
