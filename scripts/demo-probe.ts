/**
 * Whether the demo data is loaded: the last of the demo plan's subjects (scripts/demo.ts) is in the
 * registry. `npm start` asks this itself on a restart, so the loader (which builds its whole plan
 * first) runs only when something is missing; tests/unit/demo-probe.test.ts keeps the number equal
 * to the plan's.
 */
export const DEMO_PROBE_ID_NUMBER = '350102198602244497';

export const DEMO_PROBE_QUERY = `query($id: String!) { subjectByIdNumber(idNumber: $id) { id } }`;

/** true when present; false when absent or when the gateway could not tell (the loader then asks again) */
export async function demoPresent(gatewayUrl: string, token: string): Promise<boolean> {
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DEMO_PROBE_QUERY, variables: { id: DEMO_PROBE_ID_NUMBER } }),
    });
    const answer = (await response.json()) as { data?: { subjectByIdNumber?: unknown } };
    return Boolean(answer.data?.subjectByIdNumber);
  } catch {
    return false;
  }
}
