import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, EXIT } from "../../cli/errors.ts";
import { type LegacyAssignment, parseLegacyAssignments } from "./assignments.ts";

export type { LegacyAssignment } from "./assignments.ts";

/**
 * Reads the legacy configuration (`parseLegacyAssignments`); every problem is reported at once, as an
 * input error naming the file.
 */
export function parseAssignments(json: unknown, file: string): LegacyAssignment[] {
  const { assignments, problems } = parseLegacyAssignments(json);
  if (problems.length > 0) {
    throw new CliError(EXIT.input, `${file} is not a valid assignment list:\n  ${problems.join("\n  ")}`);
  }
  if (assignments.length === 0) throw new CliError(EXIT.input, `${file} lists no organization`);
  return assignments;
}

/** Reads and parses the file; a missing file or invalid JSON is an input error. */
export async function readAssignments(file: string, cwd: string): Promise<LegacyAssignment[]> {
  let raw: string;
  try {
    raw = await readFile(resolve(cwd, file), "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    throw new CliError(
      EXIT.input,
      code === "ENOENT" ? `file not found: ${file}` : `cannot read ${file}: ${code || "unreadable"}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "parse error";
    throw new CliError(EXIT.input, `${file} is not valid JSON: ${reason}`);
  }
  return parseAssignments(json, file);
}
