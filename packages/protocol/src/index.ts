export * from './codes.js';
export * from './types.js';
export * from './http.js';
