export { createTestDatabase, type TestDatabase } from './database.js';
import type {} from './global-setup.js';
