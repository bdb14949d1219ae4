import type { Role } from '../../workflows/permissions';

/** Who caused a transition: written to every audit row. */
export type Actor =
  | { type: 'citizen'; id?: string }
  | { type: 'staff'; id: string; name: string; role: Role }
  | { type: 'system'; name: string };
