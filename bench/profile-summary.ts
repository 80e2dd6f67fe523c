// node dist/bench/profile-summary.js <file.cpuprofile> [top]: where a --cpu-prof profile of the
// server spent its time: self time by function, and self time summed by package (or src/ file),
// so the per-request chain's costs can be read without opening DevTools.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/dist/');
  if (src >= 0) return url.slice(src + '/dist/'.length);
  return url.startsWith('node:') ? url : url ? 'node internals' : '(native / idle / gc)';
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => /^\((idle|program)\)$/.test(byId.get(id)!.callFrame.functionName)).reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (/^\((idle|program)\)$/.test(functionName)) continue;
    const name = `${functionName || '(anonymous)'} ${owner(url)}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    owners.set(owner(url), (owners.get(owner(url)) ?? 0) + us);
  }
  const top = Number(topArg ?? 30);
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n${title} (share of busy time, ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s)\n`);
    for (const [name, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
    }
  };
  print('Self time by package or file', owners);
  print('Self time by function', functions);
}

main();
