// Where Switchboard's spans come from: the app's TracerProvider (by default the global one, a no-op
// until an OpenTelemetry SDK registers itself), a scope that nests model and tool spans under the run
// being driven, and the rule that content reaches a span only when capture is switched on.
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanKind, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { isSwitchboardError } from '../domain/errors.ts';
import { genAi, otherError } from './gen-ai-attributes.ts';

export interface TelemetryOptions {
  tracerProvider: TracerProvider;
  /** Message text, model answers and tool arguments and results on the spans (default off: personal data). */
  captureContent: boolean;
}

export class Telemetry {
  readonly captureContent: boolean;
  readonly #tracer: Tracer;
  // Its own scope as well as OpenTelemetry's context: an app that registered no context manager (a
  // provider passed in by hand, a test) still gets model and tool spans under their run's span.
  readonly #scope = new AsyncLocalStorage<Context>();

  constructor(options: TelemetryOptions) {
    this.captureContent = options.captureContent;
    this.#tracer = options.tracerProvider.getTracer('switchboard');
  }

  /** A span under the one in scope (the run being driven), else under OpenTelemetry's active context. */
  startSpan(name: string, kind: SpanKind, attributes: Attributes): Span {
    return this.#tracer.startSpan(name, { kind, attributes }, this.#parent());
  }

  /** Runs `work` with `span` as the parent of every span started inside it. */
  within<T>(span: Span, work: () => Promise<T>): Promise<T> {
    const inner = trace.setSpan(this.#parent(), span);
    return context.with(inner, () => this.#scope.run(inner, work));
  }

  /** A span around `work`, ended when it settles and marked failed when it throws. */
  async span<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
    const span = this.startSpan(name, kind, attributes);
    try {
      return await this.within(span, () => work(span));
    } catch (error) {
      this.fail(span, errorTypeOf(error), error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** Marks a span failed. The exception's message is kept only with capture on: it can quote a customer. */
  fail(span: Span, errorType: string, error?: unknown): void {
    span.setAttribute(genAi.errorType, errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
    if (this.captureContent && error instanceof Error) span.recordException(error);
  }

  /** Content attributes, built (and serialised) only when capture is on and the span is recorded. */
  capture(span: Span, attributes: () => Attributes): void {
    if (this.captureContent && span.isRecording()) span.setAttributes(attributes());
  }

  #parent(): Context {
    return this.#scope.getStore() ?? context.active();
  }
}

/** A stable, content-free `error.type`: Switchboard's error code, else the error's class name. */
export function errorTypeOf(error: unknown): string {
  if (isSwitchboardError(error)) return error.code;
  return error instanceof Error && error.name !== 'Error' ? error.name : otherError;
}

/** Content as an attribute value: the conventions carry structured content as JSON text. */
export function jsonAttribute(value: unknown): string {
  return JSON.stringify(value ?? null) ?? 'null';
}
