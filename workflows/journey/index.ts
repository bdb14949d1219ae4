export * from './events';
export * from './pages';
export * from './path';
