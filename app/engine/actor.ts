import type { Language } from '../../workflows/forms/fields';
import type { Role } from '../../workflows/permissions';

/** Who caused a transition: written to every audit row. */
export type Actor =
  /** `language`: the resident's, for the emails their action sends (never written to the audit). */
  | { type: 'citizen'; id?: string; language?: Language }
  | { type: 'staff'; id: string; name: string; role: Role }
  | { type: 'system'; name: string };
