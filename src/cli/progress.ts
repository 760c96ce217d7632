/** Terminal progress for long builds: one bar per phase (cli-progress), plain lines when not a TTY. */
import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/build.js';

const labels: Record<BuildProgress['phase'], string> = { index: 'Indexing', save: 'Saving  ' };

function formatAmount(value: number, unit: BuildProgress['unit']): string {
  return unit === 'bytes' ? `${(value / 1e6).toFixed(1)} MB` : String(value);
}

export interface ProgressReporter {
  update(event: BuildProgress): void;
  /** Prints a line above the bar without breaking it. */
  log(line: string): void;
  stop(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  let phase: BuildProgress['phase'] | undefined;
  let lastPlain = 0;
  const interactive = Boolean(stream.isTTY);

  const finishBar = () => {
    bar?.stop();
    bar = undefined;
  };

  return {
    update(event) {
      if (!interactive) {
        // Non-interactive output (CI logs, pipes): a line per phase and at most one every 5 s.
        const now = Date.now();
        if (event.phase !== phase || now - lastPlain > 5000) {
          stream.write(`${labels[event.phase].trim()}: ${formatAmount(event.done, event.unit)} / ${formatAmount(event.total, event.unit)}\n`);
          lastPlain = now;
        }
        phase = event.phase;
        return;
      }
      if (event.phase !== phase) {
        finishBar();
        phase = event.phase;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${labels[event.phase]} [{bar}] {percentage}% | {amount} | {file}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(event.total, 1), event.done, { amount: '', file: '' });
      }
      bar?.setTotal(Math.max(event.total, 1));
      bar?.update(event.done, {
        amount: `${formatAmount(event.done, event.unit)} / ${formatAmount(event.total, event.unit)}`,
        file: event.file ?? '',
      });
    },
    log(line) {
      if (bar) stream.write(`\r\x1b[K${line}\n`);
      else stream.write(`${line}\n`);
    },
    stop() {
      finishBar();
    },
  };
}
