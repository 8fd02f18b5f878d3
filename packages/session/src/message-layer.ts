/**
 * The connection's message layer after the handshake (RTMP spec 5.3–5.4, protocol.md 2.4): RC4
 * (RTMPE) on every byte, the chunk decoder and encoder, acknowledgement accounting and the
 * protocol-control answers both roles give. Shared by ClientSession and ServerSession.
 */

import {
  ChunkDecoder,
  type ChunkDecoderOptions,
  ChunkEncoder,
  ChunkStreamId,
  type DecodedMessage,
  decodeProtocolControl,
  encodeProtocolControl,
  encodeUserControl,
  type ProtocolControl,
  type UserControlEvent,
} from '@rtmp/chunk';
import { MessageType, type RtmpMessage } from '@rtmp/core';
import type { RtmpeCiphers } from '@rtmp/handshake';

/** Options of {@link MessageLayer}. */
export interface MessageLayerOptions {
  /** Limits and behaviour of the chunk decoder (message length, chunk streams, buffered bytes...). */
  decoder?: ChunkDecoderOptions | undefined;
  /** Window Acknowledgement Size we ask the peer to honour; default 2,500,000 (librtmp, FFmpeg). */
  ownWindowAckSize?: number | undefined;
  /**
   * Send an Acknowledgement after this fraction of the peer's window (default 1: at the window,
   * as the spec says; librtmp's bandwidth/10 rule is not reproduced).
   */
  ackWindowFraction?: number | undefined;
}

/** Observations the layer reports from protocol control messages. */
export type ControlObservation =
  | { type: 'chunk-size'; size: number }
  | { type: 'window-ack-size'; size: number }
  | { type: 'peer-bandwidth'; size: number; limitType: number }
  | { type: 'acknowledgement'; sequenceNumber: number }
  | { type: 'abort'; chunkStreamId: number };

/**
 * Frames, encrypts and accounts for messages. `receive` returns whole messages; `send` returns
 * the bytes to write (already encrypted for RTMPE). Acknowledgements are produced by
 * {@link MessageLayer.takeAcknowledgement} when due.
 */
export class MessageLayer {
  readonly decoder: ChunkDecoder;
  readonly encoder: ChunkEncoder;
  private ciphers: RtmpeCiphers | undefined;
  private readonly ackFraction: number;
  /** The peer's window (type 5 it sent); 0 = no acks until it tells us. */
  private peerWindow = 0;
  private lastAckSent = 0;
  /** The last window we announced with Window Ack Size (to answer Set Peer Bandwidth). */
  private announcedWindow = 0;
  private lastPeerLimitType = -1;
  readonly ownWindowAckSize: number;

  constructor(options: MessageLayerOptions = {}) {
    this.decoder = new ChunkDecoder(options.decoder);
    this.encoder = new ChunkEncoder();
    this.ackFraction = options.ackWindowFraction ?? 1;
    this.ownWindowAckSize = options.ownWindowAckSize ?? 2_500_000;
  }

  /** Installs the RTMPE ciphers; every later byte in both directions goes through them. */
  installCiphers(ciphers: RtmpeCiphers | undefined): void {
    this.ciphers = ciphers;
  }

  /** True when RTMPE encryption is active. */
  get encrypted(): boolean {
    return this.ciphers !== undefined;
  }

  /**
   * Decrypts (RTMPE) and decodes bytes from the peer, handing each message to `onMessage` as soon
   * as it is complete — so what precedes a malformed chunk is delivered before the error.
   * @throws {RtmpError} CHUNK_* — malformed or over-limit chunk stream (the layer is then failed).
   */
  receive(bytes: Uint8Array, onMessage: (message: DecodedMessage) => void): void {
    if (this.ciphers) this.ciphers.decrypt.process(bytes);
    this.decoder.pushEach(bytes, onMessage);
  }

  /** An Acknowledgement to send now, if the peer's window has been reached since the last one. */
  takeAcknowledgement(): Uint8Array | undefined {
    if (this.peerWindow <= 0) return undefined;
    const received = this.decoder.totalBytesReceived;
    if (received - this.lastAckSent < this.peerWindow * this.ackFraction) return undefined;
    this.lastAckSent = received;
    return this.sendControl({ type: 'acknowledgement', sequenceNumber: this.decoder.bytesReceived });
  }

  /** Encodes (and encrypts) one message on chunk stream `csid`. The result is the caller's. */
  send(message: RtmpMessage, csid: number): Uint8Array {
    const bytes = this.encoder.encode(message, csid);
    if (this.ciphers) this.ciphers.encrypt.process(bytes);
    return bytes;
  }

  /** Encodes a protocol control message on csid 2. */
  sendControl(control: ProtocolControl): Uint8Array {
    if (control.type === 'windowAckSize') this.announcedWindow = control.windowSize;
    const bytes = this.send(encodeProtocolControl(control), ChunkStreamId.ProtocolControl);
    if (control.type === 'setChunkSize') this.encoder.setChunkSize(control.chunkSize);
    return bytes;
  }

  /** Encodes a user control event on csid 2. */
  sendUserControl(event: UserControlEvent, timestamp = 0): Uint8Array {
    return this.send(encodeUserControl(event, timestamp), ChunkStreamId.ProtocolControl);
  }

  /**
   * Applies a protocol control message from the peer (types 1, 2, 3, 5, 6) and returns what it
   * said plus the bytes to answer with (Window Ack Size after a changed Set Peer Bandwidth).
   * @throws {RtmpError} CHUNK_INVALID_CONTROL_MESSAGE — a short body.
   */
  handleControl(message: RtmpMessage): { observation: ControlObservation; reply: Uint8Array | undefined } {
    const control = decodeProtocolControl(message);
    switch (control.type) {
      case 'setChunkSize':
        // The decoder already switched its framing; clamp what we report to the useful range.
        return {
          observation: { type: 'chunk-size', size: Math.min(control.chunkSize, 0xffffff) },
          reply: undefined,
        };
      case 'abort':
        return { observation: { type: 'abort', chunkStreamId: control.chunkStreamId }, reply: undefined };
      case 'acknowledgement':
        return {
          observation: { type: 'acknowledgement', sequenceNumber: control.sequenceNumber },
          reply: undefined,
        };
      case 'windowAckSize':
        this.peerWindow = control.windowSize;
        return { observation: { type: 'window-ack-size', size: control.windowSize }, reply: undefined };
      case 'setPeerBandwidth': {
        // Spec 5.4.5: answer with Window Acknowledgement Size when the window differs from the
        // last one we sent. Dynamic (2) counts as hard only after a hard limit.
        const effective =
          control.limitType !== 2 || this.lastPeerLimitType === 0 || this.lastPeerLimitType === -1;
        if (control.limitType !== 2) this.lastPeerLimitType = control.limitType;
        const reply =
          effective && control.windowSize > 0 && control.windowSize !== this.announcedWindow
            ? this.sendControl({ type: 'windowAckSize', windowSize: control.windowSize })
            : undefined;
        return {
          observation: { type: 'peer-bandwidth', size: control.windowSize, limitType: control.limitType },
          reply,
        };
      }
    }
  }
}

/** True for the message types {@link MessageLayer.handleControl} takes. */
export function isControlMessage(typeId: number): boolean {
  return (
    typeId === MessageType.SetChunkSize ||
    typeId === MessageType.Abort ||
    typeId === MessageType.Acknowledgement ||
    typeId === MessageType.WindowAckSize ||
    typeId === MessageType.SetPeerBandwidth
  );
}
