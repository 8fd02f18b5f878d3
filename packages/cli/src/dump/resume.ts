/**
 * Resuming an interrupted download (rtmpdump `--resume`; protocol.md §8.3): find the file's
 * onMetaData and the last keyframe (or last audio tag for audio-only files; `--skip` more), and
 * build the muxer's resume state. The file is read from its end, so large files cost little.
 */
import { open } from 'node:fs/promises';
import { decodeFlvHeader, FlvDemuxer, type FlvResumeState, FlvTailScanner } from '@rtmp/flv';

/** What a resumable file says. */
export interface ResumePlan {
  state: FlvResumeState;
  /** Where to start playing, ms (the resume keyframe's timestamp). */
  seekMs: number;
  /** onMetaData duration of the file, seconds (0 unknown). */
  durationS: number;
}

/** Why a file cannot be resumed (the caller starts over or fails, as rtmpdump does). */
export class ResumeUnavailable extends Error {}

/** Reads `path` and plans the resume. @throws {ResumeUnavailable} when the file is empty, not FLV or has no resume point. */
export async function planResume(path: string, skipKeyframes: number): Promise<ResumePlan> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) throw new ResumeUnavailable(`${path} does not exist`);
  try {
    const { size } = await handle.stat();
    if (size < 13) throw new ResumeUnavailable(`${path} is too short to resume`);
    const head = new Uint8Array(Math.min(size, 1 << 20));
    await handle.read(head, 0, head.length, 0);
    const header = decodeFlvHeader(head);
    if (!header.hasAudio && !header.hasVideo)
      throw new ResumeUnavailable(`${path} has neither audio nor video`);
    // The first onMetaData, from the start of the file.
    const demuxer = new FlvDemuxer({ strict: false });
    let metadata: Uint8Array | undefined;
    for (const tag of demuxer.push(head)) {
      if (tag.type === 18) {
        metadata = tag.data.slice();
        break;
      }
    }
    const scanner = new FlvTailScanner(size, {
      resumeTag: { audioOnly: header.hasAudio && !header.hasVideo, skipKeyframes },
    });
    for (let want = scanner.next(); want; want = scanner.next()) {
      const bytes = new Uint8Array(want.length);
      await handle.read(bytes, 0, want.length, want.position);
      scanner.supply(bytes);
    }
    const tag = scanner.resumeTag;
    if (!tag)
      throw new ResumeUnavailable(
        `no keyframe to resume from in ${path}${scanner.resumeError ? `: ${scanner.resumeError.message}` : ''}`,
      );
    const data = new Uint8Array(tag.dataSize);
    await handle.read(data, 0, tag.dataSize, tag.offset + 11);
    return {
      state: {
        offset: tag.end,
        timestampOffset: tag.timestamp,
        seekTimestamp: tag.timestamp,
        initialFrame: { type: tag.type, data },
        ...(metadata ? { metadata } : {}),
      },
      seekMs: tag.timestamp,
      durationS: 0,
    };
  } finally {
    await handle.close();
  }
}
