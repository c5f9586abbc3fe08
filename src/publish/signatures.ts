/**
 * Signed approvals with SSH keys, the mechanism git uses for signed commits: the approver signs a short
 * statement of the notice's id and content hash with `ssh-keygen -Y sign` (namespace `announce`), and
 * `post`/`due` verify it with `ssh-keygen -Y verify` against the repository's `allowed_signers` file. The
 * signer's identity is the principal that file gives the key (usually an e-mail address), never a name the
 * approver types.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** The signature namespace: a signature made for announce cannot be passed off as a git commit's, or the reverse. */
export const SIGNATURE_NAMESPACE = "announce";

/** What the approver signs: the notice and its exact content. */
export function approvalStatement(noticeId: string, content: string): string {
  return `announce approval\nnotice: ${noticeId}\ncontent: ${content}\n`;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function sshKeygen(args: string[], input: string): Promise<Run> {
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      // stdin carries the statement; the terminal stays the approver's, for a key's passphrase.
      child = spawn("ssh-keygen", args, { stdio: ["pipe", "pipe", "pipe"] });
    } catch (error) {
      reject(error as Error);
      return;
    }
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(input);
  });
}

/** A temporary file holding a signature, removed after `use`. */
async function withSignatureFile<T>(signature: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "announce-signature-"));
  try {
    const file = path.join(dir, "approval.sig");
    await writeFile(file, signature);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Signs the statement with a private key (or a public key whose private half is in ssh-agent). Throws an
 * Error with ssh-keygen's words when it cannot.
 */
export async function signStatement(statement: string, keyFile: string): Promise<string> {
  const run = await sshKeygen(["-q", "-Y", "sign", "-f", keyFile, "-n", SIGNATURE_NAMESPACE], statement);
  if (run.code !== 0 || !run.stdout.includes("BEGIN SSH SIGNATURE")) throw new Error(firstLine(run.stderr) || `ssh-keygen exited with ${run.code}`);
  return run.stdout;
}

/** The principals `allowedSigners` gives the key that made the signature (none: the key is not allowed). */
export async function principalsOf(signature: string, allowedSigners: string): Promise<string[]> {
  return withSignatureFile(signature, async (file) => {
    const run = await sshKeygen(["-Y", "find-principals", "-s", file, "-f", allowedSigners, "-n", SIGNATURE_NAMESPACE], "");
    return run.code === 0 ? run.stdout.split("\n").map((line) => line.trim()).filter(Boolean) : [];
  });
}

/** Whether the signature is `principal`'s (per `allowedSigners`) over exactly this statement, in the announce namespace. */
export async function verifyStatement(statement: string, signature: string, principal: string, allowedSigners: string): Promise<boolean> {
  return withSignatureFile(signature, async (file) => {
    const run = await sshKeygen(["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", SIGNATURE_NAMESPACE, "-s", file], statement);
    return run.code === 0;
  });
}

/**
 * Who wrote the notice, as far as the repository can tell: the e-mail addresses of the commits that
 * changed the file, and, for commits signed with an SSH key listed in `allowedSigners`, that key's
 * principal (`%GS`). An approver who is one of them is its author. Outside a git checkout: nobody.
 */
export async function commitAuthors(file: string, allowedSigners: string | undefined): Promise<string[]> {
  const { execFile } = await import("node:child_process");
  const config = allowedSigners ? ["-c", `gpg.ssh.allowedSignersFile=${allowedSigners}`] : [];
  return new Promise((resolve) => {
    execFile("git", [...config, "log", "--follow", "--format=%ae%x00%G?%x00%GS", "--", path.basename(file)], { cwd: path.dirname(file), maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve([]);
      const authors = new Set<string>();
      for (const line of stdout.split("\n")) {
        const [email, status, signer] = line.split("\0");
        if (email) authors.add(email);
        if (status === "G" && signer) authors.add(signer);
      }
      resolve([...authors]);
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
