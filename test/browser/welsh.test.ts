import { pipPersona, someoneElsePersona } from './support/routes';
import { welshJourneys } from './support/suites';

/**
 * Applying in Welsh, chosen with the header's "Cymraeg" link: every page in Welsh (lang="cy", no key
 * shown in place of words), error states included. PIP for oneself, and DLA for someone else (whose
 * questions are worded about "them").
 */
welshJourneys([pipPersona(), someoneElsePersona()]);
