import type { TenantDb } from '../db/tenant';
import { isIsoDate, type IsoDate } from '../domain/dates';
import { normalizeVin, vinProblem } from '../domain/vin';
import { newId } from '../lib/ids';
import { ServiceError } from './errors';

export interface VehicleInput {
  vin: string;
  year: number;
  make: string;
  model: string;
  trim?: string;
  color?: string;
  mileage?: number;
  value?: number;
}

async function securedAccount(tdb: TenantDb, accountId: string) {
  const account = await tdb.accounts.find(accountId);
  if (!account) throw new ServiceError('not_found', 'There is no such account.');
  if (account.type !== 'installment' && account.type !== 'lease') throw new ServiceError('invalid', 'Only loans and leases carry collateral.');
  return account;
}

/** Adds a vehicle by VIN (check digit verified) to a loan or lease. */
export async function addVehicle(tdb: TenantDb, accountId: string, v: VehicleInput, now: Date): Promise<string> {
  await securedAccount(tdb, accountId);
  const problem = vinProblem(v.vin);
  if (problem) throw new ServiceError('invalid', problem);
  const thisYear = now.getUTCFullYear();
  if (!Number.isInteger(v.year) || v.year < 1900 || v.year > thisYear + 2) throw new ServiceError('invalid', `The model year must be between 1900 and ${thisYear + 2}.`);
  if (!v.make.trim() || !v.model.trim()) throw new ServiceError('invalid', 'Enter the make and model.');
  const id = newId();
  await tdb.collateral.add({ id, accountId, kind: 'vehicle', vin: normalizeVin(v.vin), year: v.year, make: v.make.trim(), model: v.model.trim(), trim: v.trim?.trim() || null, color: v.color?.trim() || null, mileage: v.mileage ?? null, value: v.value ?? null }, now);
  return id;
}

/** Adds collateral that is not a vehicle, described in words. */
export async function addOtherCollateral(tdb: TenantDb, accountId: string, input: { description: string; value?: number }, now: Date): Promise<string> {
  await securedAccount(tdb, accountId);
  if (!input.description.trim()) throw new ServiceError('invalid', 'Describe the collateral.');
  const id = newId();
  await tdb.collateral.add({ id, accountId, kind: 'other', description: input.description.trim(), value: input.value ?? null }, now);
  return id;
}

export interface PolicyInput {
  carrier: string;
  policyNumber: string;
  coverageStart: IsoDate;
  coverageEnd: IsoDate;
  agentName?: string;
  agentPhone?: string;
  agentEmail?: string;
  /** Proof of insurance, already stored as a document on the account. */
  proofDocumentId?: string;
  recordedBy?: { type: 'customer' | 'agent'; id: string };
}

/** Records a policy on a piece of collateral; the newest one is the policy in force (older ones stay as history). */
export async function addInsurancePolicy(tdb: TenantDb, accountId: string, collateralId: string, p: PolicyInput, now: Date): Promise<string> {
  const items = await tdb.collateral.forAccount(accountId);
  if (!items.some((i) => i.item.id === collateralId)) throw new ServiceError('not_found', 'There is no such collateral on this account.');
  if (!p.carrier.trim() || !p.policyNumber.trim()) throw new ServiceError('invalid', 'Enter the insurance company and the policy number.');
  if (!isIsoDate(p.coverageStart) || !isIsoDate(p.coverageEnd) || p.coverageEnd <= p.coverageStart) throw new ServiceError('invalid', 'Coverage must end after it starts.');
  const id = newId();
  await tdb.collateral.addPolicy({ id, collateralId, carrier: p.carrier.trim(), policyNumber: p.policyNumber.trim(), coverageStart: p.coverageStart, coverageEnd: p.coverageEnd, agentName: p.agentName ?? null, agentPhone: p.agentPhone ?? null, agentEmail: p.agentEmail ?? null, proofDocumentId: p.proofDocumentId ?? null, recordedByType: p.recordedBy?.type ?? null, recordedById: p.recordedBy?.id ?? null }, now);
  return id;
}
