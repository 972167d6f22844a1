/**
 * Vega's model port is the AI SDK's language-model specification (v4). Every provider adapter, the
 * scripted model and the fixture-backed tests speak it, so any AI SDK provider plugs in unchanged.
 */
export type {
  JSONValue,
  LanguageModelV4 as Model,
  LanguageModelV4CallOptions as ModelCallOptions,
  LanguageModelV4Content as ModelContent,
  LanguageModelV4FinishReason as ModelFinishReason,
  LanguageModelV4FunctionTool as ModelFunctionTool,
  LanguageModelV4GenerateResult as ModelGenerateResult,
  LanguageModelV4Message as ModelMessage,
  LanguageModelV4Prompt as ModelPrompt,
  LanguageModelV4StreamPart as ModelStreamPart,
  LanguageModelV4StreamResult as ModelStreamResult,
  LanguageModelV4ToolCall as ModelToolCall,
  LanguageModelV4ToolResultPart as ModelToolResultPart,
  LanguageModelV4Usage as ModelUsage,
} from '@ai-sdk/provider';
