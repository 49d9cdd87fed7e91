export { HitlPluginModel, type HitlPluginModelOptions } from './plugin-model'
export { DEFAULT_TEXTS, type PluginConfiguration } from './config'
export type * from './types'
