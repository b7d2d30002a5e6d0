/** CPU time and wake-ups of this process's threads, grouped by role (Linux /proc). */
import { readdirSync, readFileSync } from 'node:fs';

export type ThreadGroup = 'main' | 'dsp worker' | 'audio driver' | 'runtime';

export interface ThreadUse {
  /** CPU time, ms. */
  readonly cpuMs: number;
  /** Context switches: each is the thread going to sleep (or being preempted) and waking again. */
  readonly switches: number;
}

/** CPU time and context switches of this process's threads so far, by group (Linux only). */
export function threadUse(): Map<ThreadGroup, ThreadUse> {
  const groups = new Map<ThreadGroup, ThreadUse>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return groups;
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      // schedstat's first field: time on a CPU, ns (exact, where stat's utime and stime are
      // sampled in 10 ms ticks, too coarse for threads that run 0.1 ms at a time).
      const schedstat = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8');
      const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
      const cpuMs = Number(schedstat.split(' ')[0]) / 1e6;
      const switches = [...status.matchAll(/ctxt_switches:\s+(\d+)/g)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      // Threads started by native code inherit their creator's name: a "MainThread" that is
      // not the process itself is PortAudio's callback thread.
      const group: ThreadGroup =
        Number(tid) === process.pid
          ? 'main'
          : name === 'WorkerThread'
            ? 'dsp worker'
            : name === 'MainThread' || name === 'threaded-ml'
              ? 'audio driver'
              : 'runtime';
      const sum = groups.get(group) ?? { cpuMs: 0, switches: 0 };
      groups.set(group, { cpuMs: sum.cpuMs + cpuMs, switches: sum.switches + switches });
    } catch {
      // The thread ended meanwhile.
    }
  }
  return groups;
}
