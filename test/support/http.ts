// JSON over real HTTP to a server process.
export interface JsonResponse {
  status: number;
  body: unknown;
}

/** With `apiKey`, the call is a staff member's (a decision); without, a customer's. */
export async function postJson(url: string, body: unknown, apiKey?: string): Promise<JsonResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

export async function getJson(url: string): Promise<JsonResponse> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}
