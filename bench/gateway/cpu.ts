// CPU time used by a process group (a server under test and whatever it forked), from /proc.
// CPU per request is the figure a busy shared machine disturbs least: requests/s falls when other
// work takes the cores, the CPU a request costs hardly moves.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

function groupMembers(pgid: number): { pid: string; fields: string[] }[] {
  const members: { pid: string; fields: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime(15) … rss(24).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) members.push({ pid: entry, fields });
  }
  return members;
}

const PAGE_BYTES = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout?.trim()) || 4096;

/** Resident memory of every live process in group `pgid` together, MB (nginx's master and worker; serve and its gateway). */
export function groupRssMb(pgid: number): number {
  return groupMembers(pgid).reduce((s, m) => s + Number(m.fields[21]), 0) * (PAGE_BYTES / 2 ** 20);
}

/** utime + stime of every live process in group `pgid`, seconds (resolution 1/CLK_TCK). */
export function groupCpuSeconds(pgid: number): number {
  const ticks = groupMembers(pgid).reduce((s, m) => s + Number(m.fields[11]) + Number(m.fields[12]), 0);
  return ticks / TICKS_PER_S;
}
