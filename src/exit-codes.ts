/** DESIGN.md §7. */
export const ExitCode = { Ok: 0, ChecksFailed: 1, Usage: 2, Toolchain: 3, Internal: 4, Interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
