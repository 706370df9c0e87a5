// A real CalDAV server for tests and the demo: Debian's `radicale`, started on a loopback port with an
// htpasswd user, a rights file and a fresh storage folder, and stopped afterwards. Node modules load
// on start, so the package still loads outside Node.

/** A calendar collection to create before the server starts. */
export interface RadicaleCalendarSeed {
  /** The collection's path segment under the user, e.g. `work`. */
  readonly slug: string;
  readonly name: string;
  /** Its supported component set. Default `["VEVENT"]`. */
  readonly components?: readonly string[];
  /** Only readable by the user (Radicale's rights file), so writes answer 403. */
  readonly readOnly?: boolean;
}

/** Options of `startRadicale`. */
export interface RadicaleOptions {
  readonly user: string;
  readonly password: string;
  readonly calendars: readonly RadicaleCalendarSeed[];
  /** Default 0: a free port. */
  readonly port?: number;
  /** The executable. Default `radicale` on the PATH. */
  readonly command?: string;
}

/** A running Radicale. */
export interface RadicaleServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly user: string;
  /** The URL of a seeded calendar collection (with a trailing slash). */
  calendarURL(slug: string): string;
  /** Changes the user's password in the htpasswd file (Radicale reads it on every sign-in). */
  setPassword(password: string): Promise<void>;
  /** What Radicale printed, for a failing test's message. */
  output(): string;
  /** Stops the server and deletes its storage folder. */
  close(): Promise<void>;
}

function rightsFile(user: string, calendars: readonly RadicaleCalendarSeed[]): string {
  // Radicale applies the first section whose user and collection patterns match.
  const readOnly = calendars
    .filter((calendar) => calendar.readOnly)
    .map(
      (calendar, index) =>
        `[read-only-${index}]\nuser: ${user}\ncollection: {user}/${calendar.slug}\npermissions: r\n`,
    );
  return [
    ...readOnly,
    "[root]\nuser: .+\ncollection:\npermissions: R\n",
    "[principal]\nuser: .+\ncollection: {user}\npermissions: RW\n",
    "[calendars]\nuser: .+\ncollection: {user}/[^/]+\npermissions: rw\n",
  ].join("\n");
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Radicale and resolves once it answers. Fails loudly when `radicale` is not installed
 * (`.ci/setup --test` installs Debian's package): tests that need a CalDAV server never skip.
 */
export async function startRadicale(options: RadicaleOptions): Promise<RadicaleServer> {
  const { spawn, spawnSync } = await import("node:child_process");
  const { mkdtemp, mkdir, rm, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const command = options.command ?? "radicale";
  if (spawnSync(command, ["--version"], { stdio: "ignore" }).status !== 0) {
    throw new Error(
      `${command} is not installed: run .ci/setup --test (it installs Debian's radicale package).`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "radicale-"));
  const users = join(dir, "users");
  const writeUsers = (password: string): Promise<void> => writeFile(users, `${options.user}:${password}\n`);
  await writeUsers(options.password);
  await writeFile(join(dir, "rights"), rightsFile(options.user, options.calendars));
  for (const calendar of options.calendars) {
    const folder = join(dir, "storage", "collection-root", options.user, calendar.slug);
    await mkdir(folder, { recursive: true });
    const props = {
      tag: "VCALENDAR",
      "D:displayname": calendar.name,
      "C:supported-calendar-component-set": (calendar.components ?? ["VEVENT"]).join(","),
    };
    await writeFile(join(folder, ".Radicale.props"), JSON.stringify(props));
  }
  const port = options.port !== undefined && options.port > 0 ? options.port : await freePort();
  const child = spawn(
    command,
    [
      "--config",
      "",
      "--storage-filesystem-folder",
      join(dir, "storage"),
      "--server-hosts",
      `127.0.0.1:${port}`,
      "--auth-type",
      "htpasswd",
      "--auth-htpasswd-filename",
      users,
      "--auth-htpasswd-encryption",
      "plain",
      "--rights-type",
      "from_file",
      "--rights-file",
      join(dir, "rights"),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`radicale exited before it answered:\n${output}`);
    }
    const answered = await fetch(`${url}/`, { method: "OPTIONS", signal: AbortSignal.timeout(500) }).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`radicale did not answer on ${url} within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    user: options.user,
    calendarURL: (slug) => `${url}/${options.user}/${slug}/`,
    setPassword: writeUsers,
    output: () => output,
    close,
  };
}
