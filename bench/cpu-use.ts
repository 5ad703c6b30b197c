/**
 * Where a benchmark's CPU went over its measured seconds: the bench's own process, the load
 * generator (which reports its own `process.cpuUsage()`), PostgreSQL's processes when they run on
 * this machine, and the machine as a whole. A latency target at a fixed number of closed-loop
 * clients is a throughput target in disguise (Little's law), so the CPU a unit of work costs is what
 * bounds it; these figures show whether the machine was saturated and by whom.
 *
 * PostgreSQL's share and the machine's are read from /proc (Linux) and are null when they cannot be:
 * not Linux, or PostgreSQL on another host. PostgreSQL's share sums every `postgres` process: one
 * that starts inside the window counts whole, one that ends inside it (an idle pooled connection
 * closing) takes its last CPU with it, so the figure can only understate, and by little.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CPU milliseconds used by each side, and the machine's cores and busy share, over one window. */
export interface CpuUse {
  readonly benchMs: number;
  readonly clientsMs: number;
  /** Null when PostgreSQL does not run on this machine or /proc cannot be read. */
  readonly postgresMs: number | null;
  /** CPU milliseconds the whole machine used, every process included; null off Linux. */
  readonly machineMs: number | null;
  readonly cores: number;
  /** Share of the machine's capacity in use over the window, 0–1; null off Linux. */
  readonly machineBusy: number | null;
}

/** A reading at the start of the window. */
export interface CpuMark {
  readonly bench: NodeJS.CpuUsage;
  readonly postgres: ReadonlyMap<number, number> | null;
  readonly machine: { readonly busyMs: number; readonly totalMs: number } | null;
}

const ticksPerSecond = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '']);

/**
 * The machine's busy and total CPU time since boot, from /proc/stat (os.cpus() leaves out softirq,
 * where much of loopback networking is done, and iowait), or null off Linux.
 */
function machineTimes(): { busyMs: number; totalMs: number } | null {
  try {
    // "cpu  user nice system idle iowait irq softirq steal …", in clock ticks, all cores together.
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busyMs: (busy * 1000) / ticksPerSecond, totalMs: ((busy + idle! + iowait!) * 1000) / ticksPerSecond };
  } catch {
    return null;
  }
}

/** User + system clock ticks of every `postgres` process of this machine, by pid; null if /proc cannot be read. */
function postgresTicks(): Map<number, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      // Fields after the parenthesised command name: state is the 1st, utime the 12th, stime the 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

/** Reads the start of a window; PostgreSQL's share is read only when `databaseUrl` names this machine. */
export function markCpu(databaseUrl: string): CpuMark {
  const local = LOCAL_HOSTS.has(new URL(databaseUrl).hostname);
  return { bench: process.cpuUsage(), postgres: local ? postgresTicks() : null, machine: machineTimes() };
}

/** The window from `mark` to now; `clientsMicros` is what the load generator reported for it. */
export function cpuSince(mark: CpuMark, clientsMicros: number): CpuUse {
  const bench = process.cpuUsage(mark.bench);
  const machine = machineTimes();
  const start = mark.machine;
  let postgresMs: number | null = null;
  const postgresNow = mark.postgres === null ? null : postgresTicks();
  if (mark.postgres !== null && postgresNow !== null && postgresNow.size > 0) {
    let ticks = 0;
    for (const [pid, now] of postgresNow) ticks += now - (mark.postgres.get(pid) ?? 0);
    postgresMs = (ticks * 1000) / ticksPerSecond;
  }
  return {
    benchMs: (bench.user + bench.system) / 1000,
    clientsMs: clientsMicros / 1000,
    postgresMs,
    machineMs: machine === null || start === null ? null : machine.busyMs - start.busyMs,
    cores: availableParallelism(),
    machineBusy: machine === null || start === null ? null : (machine.busyMs - start.busyMs) / (machine.totalMs - start.totalMs),
  };
}
