/**
 * Loads ink for a screen drawn on a person's terminal.
 *
 * ink decides once, when it is first imported, whether it runs under CI (any CI variable, through
 * is-in-ci), and from then on draws only its final frame. A learner whose shell exports CI (common on
 * machines that also run builds) would see a blank quiz until it ended. These screens are only drawn on
 * a terminal, so ink is told it is not under CI while it loads; the variable is put back at once.
 */
export async function loadInk(): Promise<typeof import('ink')> {
  const saved = process.env.CI;
  process.env.CI = 'false';
  try {
    return await import('ink');
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}
