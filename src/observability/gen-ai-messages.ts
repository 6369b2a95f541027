// A model call's content in the GenAI conventions' message shape (role plus typed parts), as span
// attributes. Only called when content capture is on.
import type { Attributes } from '@opentelemetry/api';
import type { ChatMessage, ModelObject, ModelTurn, ObjectRequest, ProposedCall, TurnRequest } from '../llm/model-client.ts';
import { genAi } from './gen-ai-attributes.ts';
import { jsonAttribute } from './telemetry.ts';

type Part = { type: 'text'; content: string } | { type: 'tool_call'; id: string; name: string; arguments: unknown } | { type: 'tool_call_response'; id: string; response: unknown };

interface Message {
  role: 'user' | 'assistant' | 'tool';
  parts: Part[];
  finish_reason?: string;
}

export function turnInput(request: TurnRequest): Attributes {
  return { [genAi.systemInstructions]: jsonAttribute([text(request.system)]), [genAi.inputMessages]: jsonAttribute(request.messages.map(inputMessage)) };
}

export function turnOutput(turn: ModelTurn): Attributes {
  const reply: Message = { role: 'assistant', parts: [...(turn.text === '' ? [] : [text(turn.text)]), ...turn.toolCalls.map(toolCall)], finish_reason: turn.finishReason };
  return { [genAi.outputMessages]: jsonAttribute([reply]) };
}

export function objectInput(request: ObjectRequest<unknown>): Attributes {
  const prompt: Message = { role: 'user', parts: [text(request.prompt)] };
  return { [genAi.systemInstructions]: jsonAttribute([text(request.system)]), [genAi.inputMessages]: jsonAttribute([prompt]) };
}

export function objectOutput(answer: ModelObject<unknown>): Attributes {
  const reply: Message = { role: 'assistant', parts: [text(jsonAttribute(answer.object))], finish_reason: 'stop' };
  return { [genAi.outputMessages]: jsonAttribute([reply]) };
}

function inputMessage(message: ChatMessage): Message {
  switch (message.role) {
    case 'user':
      return { role: 'user', parts: [text(message.content)] };
    case 'assistant':
      return { role: 'assistant', parts: [...(message.content === '' ? [] : [text(message.content)]), ...(message.toolCalls ?? []).map(toolCall)] };
    case 'tool':
      return { role: 'tool', parts: [{ type: 'tool_call_response', id: message.toolCallId, response: message.result }] };
  }
}

function text(content: string): Part {
  return { type: 'text', content };
}

function toolCall(call: ProposedCall): Part {
  return { type: 'tool_call', id: call.id, name: call.name, arguments: call.args };
}
