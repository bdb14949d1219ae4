import { ConfigError, loadConfig } from '../../app/config';

/** The problems loadConfig names for an environment (none when it loads). */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
