export {build, type BuildContext, type BuildResult} from './build.ts'
export {createProcessor} from './parse/create-processor.ts'
export {defaults, type Options} from './config/options.ts'
export type {Article, ArticleMeta, DocumentRecord, Format, Output} from './types.ts'
