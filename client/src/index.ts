export { MemoryTokenKeeper, NimbusApiError, NimbusClient, type TokenKeeper, type TokenPair } from './sdk.js';
