/**
 * The JSON contract of lendcore's pure commands (../shared/CONTRACTS.md): input from a file given as
 * the argument, or standard input when it is `-` or absent; one JSON document on standard output;
 * bad input prints `{"error": {"code", "message", "param"}}`, writes nothing and exits with status 2.
 */
import { readFileSync } from 'node:fs';

export const EXIT_BAD_INPUT = 2;

export interface CliError {
  readonly code: string;
  readonly message: string;
  readonly param?: string;
}

/** Thrown inside a command to stop with a JSON error and exit status 2. */
export class BadInput extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

/** A whole-number option from `min` to `max`, or BadInput `invalid_option` naming it. */
export function integerOption(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new BadInput('invalid_option', `--${name} is an integer from ${min} to ${max}`, name);
  return value;
}

export function readJsonInput(file: string | undefined): unknown {
  let text: string;
  try {
    text = file === undefined || file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInput('input_unreadable', `cannot read ${file ?? 'standard input'}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadInput('invalid_json', `input is not JSON: ${(error as Error).message}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(error: CliError): void {
  const body: Record<string, string> = { code: error.code, message: error.message };
  if (error.param !== undefined) body.param = error.param;
  printJson({ error: body });
}

/** Runs a command body; a BadInput becomes the JSON error and exit status 2. */
export async function runJsonCommand(body: () => unknown | Promise<unknown>): Promise<void> {
  try {
    const output = await body();
    if (output !== undefined) printJson(output);
  } catch (error) {
    if (error instanceof BadInput) {
      printError(error);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    throw error;
  }
}
