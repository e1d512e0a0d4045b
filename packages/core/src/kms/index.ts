export { KmsConfigError, DecryptError, isDecryptError, GENERATE_KEY_HINT, type DecryptFailure } from './errors.js';
export { Keyring, keyIdFor, KEY_BYTES, KEY_ID_PATTERN, type MasterKey } from './keyring.js';
export { parseKeyring, decodeMasterKey, MASTER_KEY_VARIABLE, KEYS_VARIABLE, type KmsEnv } from './parse-keyring.js';
export { loadOrCreateDevKeyring, createExclusively, DEV_KEY_FILE } from './dev-key.js';
export { seal, open, rewrap, keyIdOf, needsRewrap, isEnvelope, aadFor, ENVELOPE_VERSION } from './envelope.js';
export { rotateAll, RotationError, type RotationStore, type SealedRecord, type RotationResult, type RotationFailure } from './rotate.js';
