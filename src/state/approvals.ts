/**
 * Approvals (four-eyes principle): `announce approve NOTICE --key KEY` records an approval of the notice's
 * exact content (hash of front matter, body and image bytes) with the approver's SSH signature over it
 * (src/publish/signatures.ts), in `<state>/approvals/<id>.jsonl`, beside the ledger and readable in a pull
 * request; `--by NAME` records an unsigned one. An edit after approval changes the hash and so voids it.
 * Whether an approval is needed and valid (signature, allowed signers, not the author) is a publishing
 * gate (src/publish/gates.ts): this module only stores.
 */
import path from "node:path";
import * as z from "zod";
import { problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { appendJsonLine, readJsonLines, type DamagedLine } from "./jsonl.js";
import { ensureStateDir } from "./state-dir.js";

export interface Approval {
  v: 1;
  at: string;
  notice: string;
  content: string;
  /** Signed: the principal the allowed_signers file gives the key. Unsigned: the name given with --by. */
  by: string;
  /** Absent in approvals written before signed approvals existed: those are unsigned. */
  kind?: "signed" | "unsigned";
  /** The SSH signature (armored) of the approval statement (src/publish/signatures.ts). */
  signature?: string;
}

export function approvalsFile(stateDir: string, noticeId: string): string {
  return path.join(stateDir, "approvals", `${noticeId}.jsonl`);
}

export async function recordApproval(stateDir: string, approval: Omit<Approval, "v" | "at">): Promise<Approval> {
  await ensureStateDir(stateDir);
  const record: Approval = { v: 1, at: new Date().toISOString(), ...approval };
  await appendJsonLine(approvalsFile(stateDir, approval.notice), record);
  return record;
}

const approvalRecord = z
  .object({ v: z.literal(1), at: z.string(), notice: z.string(), content: z.string(), by: z.string(), kind: z.enum(["signed", "unsigned"]).optional(), signature: z.string().optional() })
  .refine((a) => a.kind !== "signed" || a.signature !== undefined, { path: ["signature"], message: "a signed approval needs its signature" }) satisfies z.ZodType<Approval>;

/**
 * The approvals of a notice, oldest first; a torn last line (crash mid-write) is skipped. Any other line
 * that is not a valid approval throws an {@link InvalidInputError} (`APPROVALS_DAMAGED`): a damaged file
 * neither counts as approved nor is read around.
 */
export async function readApprovals(stateDir: string, noticeId: string): Promise<Approval[]> {
  const read = await readJsonLines(approvalsFile(stateDir, noticeId), approvalRecord);
  if (read.damaged.length > 0) throw new InvalidInputError(read.damaged.map((d) => approvalsDamaged(noticeId, d)));
  return read.records;
}

/** The problem of a damaged approvals file: which notice, file and line, what is wrong, how to repair it. */
export function approvalsDamaged(noticeId: string, damaged: DamagedLine): Problem {
  return problem("APPROVALS_DAMAGED", { id: noticeId, line: damaged.line, damage: damaged.damage }, { location: { file: damaged.file, line: damaged.line } });
}

/** Names compared without case and surrounding spaces. */
export function samePerson(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}
