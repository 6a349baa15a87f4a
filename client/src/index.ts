export { NimbusApiError, NimbusClient } from './sdk.js';
