/** Pure builders of what Projects and Apps produce, and the platform policy they follow. */
export * from './app.js';
export * from './conditions.js';
export * from './policy.js';
export * from './project.js';
