/**
 * @rtmp/cli — the `rtmp` command line as a library: run it (`main`) or its commands
 * (`runDump`, `runPublish`, `runInfo`) from your own program.
 */
export { addConnectionOptions, addDumpOptions, connectionFrom, dumpConfigFrom } from './dump/dump-command.js';
export { planResume, type ResumePlan, ResumeUnavailable } from './dump/resume.js';
export { type DumpConfig, type DumpResult, runDump } from './dump/run-dump.js';
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export { formatError } from './format-error.js';
export { formatInfo, runInfo, type StreamInfo } from './info-command.js';
export { Logger, type LogLevel } from './logger.js';
export { main } from './program.js';
export { Progress, type ProgressMode, progressMode } from './progress.js';
export { type PublishConfig, type PublishResult, runPublish } from './publish-command.js';
