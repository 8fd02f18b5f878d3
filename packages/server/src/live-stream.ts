/**
 * LiveStream: one published name and its players (the relay nginx-rtmp's live module does).
 * The publisher's onMetaData and AAC/AVC (or E-RTMP) sequence headers are cached and given to
 * every player that joins, then (optionally) the cached last GOP, then live media — video from
 * the next keyframe. A player whose socket backlog passes `maxPlayerBacklog` loses frames until
 * the next video keyframe instead of growing memory.
 */
import { classifyAudio, classifyVideo } from '@rtmp/session';

/** A player attached to a live stream (implemented by the connection for one NetStream). */
export interface LiveSubscriber {
  /** Encodes and writes one message now. */
  send(typeId: number, timestamp: number, payload: Uint8Array): void;
  /** Bytes written but not yet flushed to the socket. */
  backlog(): number;
  /** A publisher started: StreamBegin + Play.PublishNotify. */
  published(): void;
  /** The publisher left: StreamEOF + Play.UnpublishNotify. */
  unpublished(): void;
  /** The player's backlog passed the limit: frames are dropped from now until the next keyframe. */
  dropped(frames: number): void;
}

/** Limits of a live stream. */
export interface LiveStreamLimits {
  /** Socket backlog above which a player's frames are dropped (bytes). */
  maxPlayerBacklog: number;
  /** Cache the last GOP for late joiners. */
  gopCache: boolean;
  /** Largest GOP cache (bytes); a longer GOP empties the cache until the next keyframe. */
  maxGopCacheBytes: number;
}

interface CachedMessage {
  typeId: number;
  timestamp: number;
  payload: Uint8Array;
}

interface PlayerState {
  /** Video waits for a keyframe (after joining without a GOP, or after drops). */
  needKeyframe: boolean;
  paused: boolean;
  droppedRun: number;
}

/** A live stream: at most one publisher, any number of players. */
export class LiveStream {
  /** The publishing connection's id, when published. */
  publisher: number | undefined;
  private metadata: CachedMessage | undefined;
  private audioHeader: CachedMessage | undefined;
  private videoHeader: CachedMessage | undefined;
  private gop: CachedMessage[] = [];
  private gopBytes = 0;
  private gopOverflow = false;
  private readonly players = new Map<LiveSubscriber, PlayerState>();
  /** Messages relayed from the publisher (counted once, not per player). */
  messages = 0;

  constructor(
    readonly key: string,
    private readonly limits: LiveStreamLimits,
    private readonly onGopOverflow: () => void = () => undefined,
  ) {}

  /** Number of attached players. */
  get playerCount(): number {
    return this.players.size;
  }

  /** True when nothing refers to the stream any more (the hub forgets it). */
  get idle(): boolean {
    return this.publisher === undefined && this.players.size === 0;
  }

  /** A publisher took the name. */
  publish(connectionId: number): void {
    this.publisher = connectionId;
    this.clearCache();
    for (const [player, state] of this.players) {
      state.needKeyframe = true;
      player.published();
    }
  }

  /** The publisher left. */
  unpublish(): void {
    if (this.publisher === undefined) return;
    this.publisher = undefined;
    this.clearCache();
    for (const player of this.players.keys()) player.unpublished();
  }

  /** Attaches a player: cached metadata and sequence headers, the GOP when cached. */
  addPlayer(player: LiveSubscriber): void {
    const state: PlayerState = { needKeyframe: true, paused: false, droppedRun: 0 };
    this.players.set(player, state);
    if (this.publisher === undefined) return;
    for (const cached of [this.metadata, this.audioHeader, this.videoHeader])
      if (cached) player.send(cached.typeId, cached.timestamp, cached.payload);
    if (this.limits.gopCache && this.gop.length > 0 && !this.gopOverflow) {
      for (const m of this.gop) player.send(m.typeId, m.timestamp, m.payload);
      state.needKeyframe = false;
    }
  }

  /** Detaches a player. */
  removePlayer(player: LiveSubscriber): void {
    this.players.delete(player);
  }

  /** Pauses/resumes one player (resume waits for a keyframe). */
  pausePlayer(player: LiveSubscriber, paused: boolean): void {
    const state = this.players.get(player);
    if (!state) return;
    state.paused = paused;
    if (!paused) state.needKeyframe = true;
  }

  /** onMetaData from the publisher (the payload without `@setDataFrame`). */
  pushMetadata(timestamp: number, payload: Uint8Array): void {
    this.metadata = { typeId: 18, timestamp, payload: payload.slice() };
    this.fanOut(this.metadata, false, true);
  }

  /** Another data message from the publisher (onCuePoint, onTextData...): relayed, not cached. */
  pushData(timestamp: number, payload: Uint8Array): void {
    this.fanOut({ typeId: 18, timestamp, payload }, false, false);
  }

  /** An audio or video message from the publisher. `payload` may be a view: it is copied when cached. */
  pushMedia(typeId: number, timestamp: number, payload: Uint8Array): void {
    this.messages++;
    if (typeId === 8) {
      if (classifyAudio(payload).sequenceHeader) {
        this.audioHeader = { typeId, timestamp, payload: payload.slice() };
        this.fanOut(this.audioHeader, false, true);
        return;
      }
      this.cacheGop({ typeId, timestamp, payload }, false);
      this.fanOut({ typeId, timestamp, payload }, false, false);
      return;
    }
    const info = classifyVideo(payload);
    if (info.sequenceHeader) {
      this.videoHeader = { typeId, timestamp, payload: payload.slice() };
      this.fanOut(this.videoHeader, false, true);
      return;
    }
    this.cacheGop({ typeId, timestamp, payload }, info.keyframe);
    this.fanOut({ typeId, timestamp, payload }, info.keyframe, false, true);
  }

  private cacheGop(message: CachedMessage, keyframe: boolean): void {
    if (!this.limits.gopCache) return;
    if (keyframe) {
      this.gop = [];
      this.gopBytes = 0;
      this.gopOverflow = false;
    }
    if (this.gopOverflow || (this.gop.length === 0 && !keyframe)) return;
    this.gopBytes += message.payload.length;
    if (this.gopBytes > this.limits.maxGopCacheBytes) {
      this.gop = [];
      this.gopBytes = 0;
      this.gopOverflow = true;
      this.onGopOverflow();
      return;
    }
    this.gop.push({ ...message, payload: message.payload.slice() });
  }

  private fanOut(message: CachedMessage, keyframe: boolean, always: boolean, video = false): void {
    for (const [player, state] of this.players) {
      if (state.paused) continue;
      if (!always) {
        if (video && state.needKeyframe && !keyframe) continue;
        if (player.backlog() > this.limits.maxPlayerBacklog) {
          if (video) state.needKeyframe = true;
          if (state.droppedRun++ === 0) player.dropped(state.droppedRun);
          continue;
        }
        if (video && keyframe) state.needKeyframe = false;
      }
      state.droppedRun = 0;
      player.send(message.typeId, message.timestamp, message.payload);
    }
  }

  private clearCache(): void {
    this.metadata = undefined;
    this.audioHeader = undefined;
    this.videoHeader = undefined;
    this.gop = [];
    this.gopBytes = 0;
    this.gopOverflow = false;
  }
}
