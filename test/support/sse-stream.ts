// Reads a Server-Sent Events answer frame by frame, for tests that wait for one particular event.
export interface SseFrame {
  event: string | null;
  data: string;
  /** A comment line (`: heartbeat`), which carries no event. */
  comment: string | null;
}

export interface SseReader {
  /** The next frame satisfying `matches` (frames before it are consumed), or an error at the deadline. */
  next(matches: (frame: SseFrame) => boolean, what: string, timeoutMs?: number): Promise<SseFrame>;
  close(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('The answer has no body to stream.');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const frames: SseFrame[] = [];
  const fill = async (): Promise<boolean> => {
    const { done, value } = await reader.read();
    if (done) return false;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      frames.push(parseFrame(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
    return true;
  };
  const next = async (matches: (frame: SseFrame) => boolean, what: string, timeoutMs = 10_000): Promise<SseFrame> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)), timeoutMs);
    });
    try {
      return await Promise.race([scan(matches, what), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
  const scan = async (matches: (frame: SseFrame) => boolean, what: string): Promise<SseFrame> => {
    for (;;) {
      const index = frames.findIndex(matches);
      if (index !== -1) return frames.splice(0, index + 1)[index] as SseFrame;
      frames.length = 0;
      if (!(await fill())) throw new Error(`The stream ended before ${what}.`);
    }
  };
  return { next, close: () => reader.cancel() };
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = { event: null, data: '', comment: null };
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  frame.data = data.join('\n');
  return frame;
}
