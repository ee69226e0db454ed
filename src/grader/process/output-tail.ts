/** Keeps the last lines a stream printed (bounded), for the "your program said" part of a failure report. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';
  private dropped = 0;
  constructor(private readonly maxLines = 40, private readonly maxLineLength = 400) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
    if (this.partial.length > 64 * 1024) { this.add(this.partial); this.partial = ''; }
  }

  /** Lines so far, the unfinished last line included. */
  get(): string[] {
    const lines = this.partial ? [...this.lines, this.partial] : [...this.lines];
    return this.dropped > 0 ? [`… ${this.dropped} earlier lines`, ...lines] : lines;
  }

  private add(line: string): void {
    this.lines.push(line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)} …` : line);
    if (this.lines.length > this.maxLines) { this.lines.shift(); this.dropped++; }
  }
}
