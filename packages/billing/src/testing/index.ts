export { BULK_PERIOD, BULK_PROFILES, insertBilledAccounts } from "./insert-billed-accounts";
