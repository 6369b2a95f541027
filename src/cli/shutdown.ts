// Long-running commands run until SIGINT or SIGTERM, then drain; a second signal exits at once.
const signals = ['SIGINT', 'SIGTERM'] as const;

export function untilShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, first).once(s, forceExit);
      resolve(signal);
    };
    for (const s of signals) process.once(s, first);
  });
}

/** The drain is stuck (a request or a tool that never returns): the operator asked twice, so stop now. */
function forceExit(): void {
  process.exit(1);
}
