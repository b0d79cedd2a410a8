import { configureLogging, log } from '../../shared/logging';
import { withRequestId } from '../../shared/request-context';

describe('log lines', () => {
  it("name the request they were written for, as the gateway's x-request-id", () => {
    configureLogging('gateway', 'info', true);
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      lines.push(String(chunk));
      return true;
    });
    let id = '';
    try {
      const res = { setHeader: (_: string, value: string) => (id = value) } as any;
      withRequestId({ mint: true })({ headers: {} } as any, res, () => log.info('looked up'));
      log.info('outside any request');
    } finally {
      write.mockRestore();
      configureLogging('test', 'error', false);
    }
    const [inside, outside] = lines.map((l) => JSON.parse(l));
    expect(inside).toMatchObject({ service: 'gateway', message: 'looked up', requestId: id });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outside.requestId).toBeUndefined();
  });
});
