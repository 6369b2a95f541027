// The `metrics:` and `telemetry:` sections of switchboard.yaml: who may scrape /metrics, and whether
// trace spans may carry what customers, models and tools said.
import { z } from 'zod';

export const metricsSchema = z.strictObject({
  /** Serve Prometheus metrics at GET /metrics. */
  enabled: z.boolean().default(true),
  /**
   * Scrapers must send `Authorization: Bearer <token>`; write it as `${NAME}`, filled from the
   * environment at start. Without a token only loopback callers may scrape.
   */
  token: z.string().min(1).optional(),
});

export const telemetrySchema = z.strictObject({
  /**
   * Put message text, model answers and tool arguments and results on the spans. Off by default:
   * they carry customers' personal data to wherever the spans are exported.
   */
  capture_content: z.boolean().default(false),
});

export type MetricsConfig = z.infer<typeof metricsSchema>;
export type TelemetryConfig = z.infer<typeof telemetrySchema>;
