/**
 * VodFile: an FLV file opened for serving (FLV 10.1 spec E.2–E.5): header check, the first
 * script tag (onMetaData, sent first to players), and seek positions — from the onMetaData
 * `keyframes.times/filepositions` index when present and consistent, else by scanning the tags
 * from the start. Reads go through one preallocated buffer per reader.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { decodeFlvHeader, FlvDemuxer, parseOnMetaData } from '@rtmp/flv';

/** Bytes read per file read (the brief's 64 KB chunks). */
export const VOD_READ_SIZE = 64 * 1024;
const TAG_HEADER = 11;

/** An open FLV file. Close it with {@link VodFile.close}. */
export class VodFile {
  /** File offset of the first tag (after the header and PreviousTagSize0). */
  readonly dataStart: number;
  /** The first tag's body when it is onMetaData (what players get first), else undefined. */
  readonly metadataTag: { offset: number; data: Uint8Array } | undefined;
  /** Keyframe index from onMetaData: ms and file offsets, ascending (empty when absent). */
  readonly keyframeIndex: ReadonlyArray<{ ms: number; offset: number }>;
  /** Seek positions found by the last call to {@link VodFile.seekOffset}: 'index' or 'scan'. */
  lastSeekMethod: 'index' | 'scan' | undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    dataStart: number,
    metadataTag: { offset: number; data: Uint8Array } | undefined,
    keyframeIndex: Array<{ ms: number; offset: number }>,
  ) {
    this.dataStart = dataStart;
    this.metadataTag = metadataTag;
    this.keyframeIndex = keyframeIndex;
  }

  /**
   * Opens and checks a file.
   * @throws {Error} ENOENT/EACCES/... from the file system.
   * @throws {FlvError} FLV_BAD_SIGNATURE / FLV_BAD_VERSION / FLV_BAD_DATA_OFFSET / FLV_BAD_METADATA
   */
  static async open(path: string, maxMetadataBytes = 1 << 20): Promise<VodFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const head = new Uint8Array(9);
      await handle.read(head, 0, 9, 0);
      const header = decodeFlvHeader(head);
      const dataStart = header.dataOffset + 4;
      let metadataTag: { offset: number; data: Uint8Array } | undefined;
      const keyframes: Array<{ ms: number; offset: number }> = [];
      const first = new Uint8Array(TAG_HEADER);
      const got = (await handle.read(first, 0, TAG_HEADER, dataStart)).bytesRead;
      if (got === TAG_HEADER && (first[0]! & 0x1f) === 18) {
        const length = (first[1]! << 16) | (first[2]! << 8) | first[3]!;
        if (length <= maxMetadataBytes) {
          const data = new Uint8Array(length);
          await handle.read(data, 0, length, dataStart + TAG_HEADER);
          const meta = parseOnMetaData(data);
          if (meta) {
            metadataTag = { offset: dataStart, data };
            const index = meta.keyframes;
            if (index) {
              for (let i = 0; i < index.times.length; i++) {
                const ms = Math.round(index.times[i]! * 1000);
                const offset = index.filepositions[i]!;
                if (Number.isFinite(ms) && Number.isInteger(offset) && offset >= dataStart && offset < size)
                  keyframes.push({ ms, offset });
              }
              keyframes.sort((a, b) => a.ms - b.ms);
            }
          }
        }
      }
      return new VodFile(handle, size, dataStart, metadataTag, keyframes);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Reads into `buffer` from `position`; returns the byte count (0 at the end). */
  async read(buffer: Uint8Array, position: number): Promise<number> {
    if (position >= this.size) return 0;
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
    return bytesRead;
  }

  /**
   * The file offset of the tag to play from for a seek to `ms`: the last keyframe at or before
   * `ms` (the first keyframe when `ms` precedes it). Uses the index when its entry really is a
   * video keyframe tag, else scans the tags from the start.
   * @throws {FlvError} FLV_* — the scan met a corrupt tag.
   */
  async seekOffset(ms: number): Promise<number> {
    const index = this.keyframeIndex;
    if (index.length > 0) {
      let pick = index[0]!;
      for (const entry of index) {
        if (entry.ms > ms) break;
        pick = entry;
      }
      if (await this.isKeyframeAt(pick.offset)) {
        this.lastSeekMethod = 'index';
        return pick.offset;
      }
    }
    this.lastSeekMethod = 'scan';
    return this.scanForKeyframe(ms);
  }

  private async isKeyframeAt(offset: number): Promise<boolean> {
    const head = new Uint8Array(TAG_HEADER + 1);
    const { bytesRead } = await this.handle.read(head, 0, head.length, offset);
    if (bytesRead < head.length || (head[0]! & 0x1f) !== 9) return false;
    const first = head[TAG_HEADER]!;
    const frameType = (first & 0x80) !== 0 ? (first >> 4) & 0x07 : first >> 4;
    return frameType === 1;
  }

  private async scanForKeyframe(ms: number): Promise<number> {
    const demuxer = new FlvDemuxer({ expectHeader: false, strict: false });
    const buffer = new Uint8Array(VOD_READ_SIZE);
    let position = this.dataStart;
    let best: number | undefined;
    for (;;) {
      const n = await this.read(buffer, position);
      if (n === 0) break;
      const base = this.dataStart;
      for (const tag of demuxer.push(buffer.subarray(0, n))) {
        if (tag.type !== 9 || tag.data.length === 0) continue;
        const first = tag.data[0]!;
        const keyframe = ((first & 0x80) !== 0 ? (first >> 4) & 0x07 : first >> 4) === 1;
        if (!keyframe) continue;
        if (tag.timestamp > ms && best !== undefined) return best;
        best = base + tag.offset;
        if (tag.timestamp > ms) return best;
      }
      position += n;
    }
    return best ?? this.dataStart;
  }

  /** Closes the file (idempotent). */
  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
