import { secretsOf, type Config } from '../env';
import { importDataKey, type DataKeys } from '../lib/secrets';

// Imported once per process or isolate: importing a key is work, and the key never changes at run time.
const keyCache = new Map<string, Promise<DataKeys>>();

/** The data keys (encryption and lookup) for this deployment's configured secret. */
export function dataKeysOf(config: Config): Promise<DataKeys> {
  const raw = secretsOf(config).dataKey;
  let keys = keyCache.get(raw);
  if (!keys) keyCache.set(raw, (keys = importDataKey(raw)));
  return keys;
}
