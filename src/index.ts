/**
 * The library API: everything the CLI does is available to programs too (the CLI only adds printing and
 * exit codes).
 */
export { formatTime, languageOf, LANGUAGES, setLanguage, type Language } from "./language.js";
export { AnnounceError, ExitCode, InvalidInputError, PublishError, type Location, type Problem } from "./problems.js";
export { contentHash, loadNotice, parseNotice, readNotice, type Notice, type NoticeImage } from "./announcement/notice.js";
export { configPath, loadConfig, parseConfig, readConfig, resolveSecrets, type Config, type Env } from "./config/config.js";
export { configJsonSchema } from "./config/schema.js";
export { planNotice, prepareImages, selectChannels, type ChannelPlan, type Plan, type PlannedImage, type PreparedImages } from "./plan/plan.js";
export { platformById, platformIds, platforms } from "./platforms/index.js";
export type { Channel, Connection, Limits, Platform, PlatformId, PlannedPost, Publisher, Receipt } from "./platforms/platform.js";
export { preview } from "./plan/preview.js";
export { validate } from "./plan/validate.js";
export { publishNotice, type PublishOptions } from "./publish/pipeline.js";
export { isFailure, type ChannelReport, type PostResult, type PublishEvent, type PublishReport } from "./publish/results.js";
export { noticeStatus, type StatusReport } from "./publish/status.js";
export { deleteNotice, type DeleteReport } from "./publish/remove.js";
