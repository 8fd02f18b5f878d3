/**
 * ChunkStreamTable: the receive state of every chunk stream id seen (RTMP spec 5.3.1.1: csids
 * 2–65599 in 1-, 2- or 3-byte basic headers), bounded in number because each id costs memory and
 * a hostile peer can name 65,598 of them. Ids below 64 (the 1-byte form, what real peers use) sit
 * in an array; the rest in a map. Internal to `ChunkDecoder`.
 */
import { ChunkErrorCode, limitError } from './chunk-error-code.js';
import { ChunkStreamState } from './chunk-stream-state.js';

/** Chunk stream states by id, at most `maxChunkStreams` of them. Internal. */
export class ChunkStreamTable {
  private readonly low: (ChunkStreamState | undefined)[] = new Array(64).fill(undefined);
  private readonly high = new Map<number, ChunkStreamState>();
  private count = 0;

  constructor(private readonly maxChunkStreams: number) {}

  /** Number of chunk stream ids with state. */
  get size(): number {
    return this.count;
  }

  /** The state of `csid`, or undefined when it was never seen. */
  find(csid: number): ChunkStreamState | undefined {
    return csid < 64 ? this.low[csid] : this.high.get(csid);
  }

  /**
   * The state of `csid`, created on first sight.
   * @throws {RtmpError} CHUNK_TOO_MANY_CHUNK_STREAMS — a new id beyond `maxChunkStreams`.
   */
  get(csid: number): ChunkStreamState {
    let state = csid < 64 ? this.low[csid] : this.high.get(csid);
    if (state !== undefined) return state;
    if (this.count >= this.maxChunkStreams) {
      throw limitError(
        ChunkErrorCode.TooManyChunkStreams,
        'chunk streams',
        this.count + 1,
        this.maxChunkStreams,
        {
          csid,
        },
      );
    }
    state = new ChunkStreamState(csid);
    if (csid < 64) this.low[csid] = state;
    else this.high.set(csid, state);
    this.count++;
    return state;
  }
}
