// Test helper: the package under test plus RtmpError, from one place.

export { RtmpError } from '@rtmp/core';
export * from '@rtmp/transport-http';
