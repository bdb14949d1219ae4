import { everyOtherPersona } from './support/suites';

/**
 * Every other persona of workflows/application/personas.ts (the routes of every nation), each in its
 * own nation's kit, so every page of every route is reached in a real browser and audited at least
 * once. A few minutes more, so only with BROWSER_ALL_PERSONAS=1.
 */
everyOtherPersona();
