/**
 * The process, importable without a server: statecharts, page definitions, rules and permissions.
 *   import { applicationMachine, caseMachine, assessEligibility } from 'blue-badge-kit/dist/workflows';
 */
export * from './application/machine';
export * from './application/pages';
export * from './application/facts';
export * from './case/machine';
export * from './case/decision';
export * from './case/forms';
export * from './badge/forms';
export * from './forms/staff-events';
export * from './badge/machine';
export * from './badge/badge-number';
export * from './journey';
export * from './forms/fields';
export * from './permissions';
export * from './engine/xstate-adapter';
export * as rules from './rules';
export * from './rules/types';
export * from './registry';
