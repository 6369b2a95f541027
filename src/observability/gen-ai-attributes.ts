// Attribute names of the OpenTelemetry GenAI semantic conventions Switchboard's spans use, plus its
// own under `switchboard.`. Written out here rather than imported: the conventions are still marked
// "development", and their package asks libraries to copy the names they rely on.
export const genAi = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  finishReasons: 'gen_ai.response.finish_reasons',
  outputType: 'gen_ai.output.type',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  agentName: 'gen_ai.agent.name',
  conversationId: 'gen_ai.conversation.id',
  toolName: 'gen_ai.tool.name',
  toolType: 'gen_ai.tool.type',
  toolDescription: 'gen_ai.tool.description',
  toolCallId: 'gen_ai.tool.call.id',
  /** Content: recorded only when content capture is on. */
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  systemInstructions: 'gen_ai.system_instructions',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  errorType: 'error.type',
} as const;

export const switchboardAttributes = {
  runId: 'switchboard.run.id',
  projectId: 'switchboard.project.id',
  ticketId: 'switchboard.ticket.id',
  /** true when the span continues a run that paused or was handed over (its link points at the span before). */
  resumed: 'switchboard.run.resumed',
  /** The run's status when the span ended: waiting, completed, failed, or queued for a retry. */
  runStatus: 'switchboard.run.status',
  steps: 'switchboard.run.steps',
  toolRisk: 'switchboard.tool.risk',
} as const;

/** The conventions' value of `error.type` when nothing more precise is known. */
export const otherError = '_OTHER';
