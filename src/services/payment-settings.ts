import type { PaymentSettings, Tenant } from '../db/schema';
import { addDays, localDate, type IsoDate } from '../domain/dates';

export const defaultPaymentSettings: PaymentSettings = {
  enabled: true,
  methods: ['card', 'bank'],
  minAmount: 100,
  maxAmount: 5_000_000,
  maxDaysAhead: 60,
  cutoffTime: '17:00',
  convenienceFees: { card: 0, bank: 0 },
  autopay: true,
  returnWindowDays: 3,
  // Placeholders until an owner enters the bank's values (Settings → Bank file (ACH) origination):
  // development and demo files are built with them, labelled as test values; production refuses.
  ach: { immediateDestination: '231380104', immediateDestinationName: 'ODFI BANK', immediateOrigin: ' 231380104', immediateOriginName: 'LENDER', companyName: 'LENDER', companyId: '1234567890', odfiRouting: '231380104', companyEntryDescription: 'LOAN PMT' },
};

/** The tenant's payment rules, filled in with the defaults; the origination details the owner entered, if any. */
export function paymentSettingsOf(tenant: Tenant): PaymentSettings {
  const own = tenant.settings.payments ?? {};
  return {
    ...defaultPaymentSettings,
    ...own,
    convenienceFees: { ...defaultPaymentSettings.convenienceFees, ...own.convenienceFees },
    ach: { ...defaultPaymentSettings.ach, companyName: tenant.name.slice(0, 16).toUpperCase(), immediateOriginName: tenant.name.slice(0, 23).toUpperCase(), ...own.ach, ...tenant.settings.achOrigination },
  };
}

/**
 * The origination details a file is built with, and whether they are still the placeholders
 * (no owner has entered the bank's values yet).
 */
export function achOriginationOf(tenant: Tenant): { config: PaymentSettings['ach']; placeholders: boolean } {
  const config = paymentSettingsOf(tenant).ach;
  // Typing the placeholders in is still using them: a file for a real bank needs the bank's own numbers.
  const placeholder = defaultPaymentSettings.ach;
  const same = config.immediateDestination === placeholder.immediateDestination || config.companyId === placeholder.companyId || config.odfiRouting === placeholder.odfiRouting || config.immediateOrigin.trim() === placeholder.immediateOrigin.trim();
  return { config, placeholders: tenant.settings.achOrigination === undefined || same };
}

/**
 * The first day a payment made now can be dated: today; for a bank payment made after the cut-off
 * time, tomorrow (the day's ACH file has gone). Cards are charged at once, whatever the hour.
 */
export function earliestPaymentDate(settings: PaymentSettings, now: Date, timeZone: string, kind: 'card' | 'bank' = 'bank'): IsoDate {
  const today = localDate(now, timeZone);
  if (kind === 'card') return today;
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(now);
  return time >= settings.cutoffTime ? addDays(today, 1) : today;
}

export function latestPaymentDate(settings: PaymentSettings, now: Date, timeZone: string): IsoDate {
  return addDays(localDate(now, timeZone), settings.maxDaysAhead);
}
