/**
 * LangChain interop (`stepwise/langchain`): LangChain chat models as
 * stepwise backends, reasoners as LangChain runnables, and tools both ways.
 * Needs the optional peer dependency @langchain/core.
 */
export {
  type ChatModelCallOptions,
  LangChainBackend,
  type LangChainBackendOptions,
  fromChatModel,
} from './chat-model-backend.js';
export {
  RUN_EVENT_NAME,
  type ReasonerInput,
  ReasonerRunnable,
  type ToRunnableOptions,
  toRunnable,
} from './runnable.js';
export { TASK_CONTEXT_KEY, fromLangChainTool, isLangChainTool, toLangChainTool } from './tools.js';
