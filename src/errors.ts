import { ExitCode } from './exit-codes.js';

/** Every error a user may see. Anything else reaching cli/main.ts is a bug of ours (exit 4). */
export class SysdesignError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

export class UsageError extends SysdesignError {
  constructor(message: string, hint?: string) { super(message, ExitCode.Usage, hint); }
}

export class LabNotFoundError extends SysdesignError {
  constructor(id: string, suggestion?: string) {
    super(`no lab named "${id}"`, ExitCode.Usage,
      suggestion ? `did you mean "${suggestion}"? See \`sysdesign list\`.` : 'see `sysdesign list` for the labs there are.');
  }
}

export interface CatalogProblem { file: string; line: number; column: number; field: string; message: string }

export function formatProblem(p: CatalogProblem): string {
  const where = p.field ? ` (field ${p.field})` : '';
  return `${p.file}:${p.line}:${p.column}: ${p.message}${where}`;
}

/** A YAML file that does not parse or validate; carries every problem found in it. */
export class CatalogError extends SysdesignError {
  readonly problems: CatalogProblem[];
  constructor(problems: CatalogProblem[]) {
    super(problems.map(formatProblem).join('\n'), ExitCode.Usage, 'fix the file and run the command again.');
    this.problems = problems;
  }
}

/** A lab's own files contradict each other (a checks file defining another stage, not exporting one …): named by file. */
export class LabDefinitionError extends SysdesignError {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`, ExitCode.Usage, 'fix the lab (its author can run `sysdesign dev check <lab>`).');
    this.file = file;
  }
}

export class WorkspaceNotFoundError extends SysdesignError {
  constructor(from: string) {
    super(`no lab workspace in ${from} or any folder above it`, ExitCode.Usage,
      'run `sysdesign start <lab>` first, or name one with `--dir PATH` or `sysdesign grade <lab>`.');
  }
}

export class ToolchainMissingError extends SysdesignError {
  constructor(message: string, hint: string) { super(message, ExitCode.Toolchain, hint); }
}

export class BuildFailedError extends SysdesignError {
  readonly output: string;
  constructor(message: string, output: string) {
    super(message, ExitCode.Toolchain, 'fix the compile errors above and grade again.');
    this.output = output;
  }
}

/** Ctrl-C (or SIGTERM) stopped the work: not a failure of anyone's code, and nothing is recorded. */
export class InterruptedError extends SysdesignError {
  constructor() { super('interrupted', ExitCode.Interrupted); }
}

export class StoreError extends SysdesignError {
  constructor(message: string, hint?: string, exitCode: ExitCode = ExitCode.Internal) { super(message, exitCode, hint); }
}

/** A store a newer sysdesign wrote: never touched; commands that do not need it still run. */
export class NewerStoreError extends StoreError {
  constructor(format: number) {
    super(`this store was written by a newer sysdesign (format ${format}); upgrade`,
      'update sysdesign-lab (npm install -g sysdesign-lab@latest); your progress was left untouched.', ExitCode.Usage);
  }
}
