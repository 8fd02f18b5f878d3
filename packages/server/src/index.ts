export {};
export * from './rtmpt/index.js';
