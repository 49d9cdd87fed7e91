export { HitlPluginModel, type HitlPluginModelOptions } from './plugin-model'
export { DEFAULT_CLOSE_COMMAND, DEFAULT_TEXTS, type PluginConfiguration } from './config'
export type * from './types'
