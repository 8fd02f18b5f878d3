export * from './rtmpt/index.js';
