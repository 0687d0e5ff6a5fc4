export * from './backend.js';
export * from './errors.js';
export * from './reasoner.js';
export * from './run.js';
export * from './step.js';
export * from './trace.js';
export * from './usage.js';
export * from './tool.js';
